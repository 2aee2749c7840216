/**
 * What iptables-restore's COMMIT (nf_tables) refuses about a table as a whole, measured on
 * v1.8.9: jumps to chains that do not exist, jump/goto loops reachable from a built-in chain
 * (ELOOP; unreachable loops are accepted), and extensions used outside their table or hooks
 * (owner only on the way out, REDIRECT only in nat PREROUTING/OUTPUT, TPROXY only in mangle
 * PREROUTING, …). Tables are checked for every rule; hooks only where a built-in chain reaches the
 * rule through jumps and gotos, as nf_tables validates them.
 *
 * Codes: `kernel-rejects` for an extension outside its table/hooks and `jump-loop` for a loop
 * (the kernel would refuse the load, but the rules are kept in the Ruleset so the simulator can
 * still walk them and say so); `unknown-chain` for jumps to nothing.
 */
import type { Family } from './address.ts';
import { findMatch, findTarget, knownExtensionNames } from './extensions/registry.ts';
import type { Constraint } from './extensions/types.ts';
import type { Rule } from './model.ts';
import type { SourceRange } from '../shared/source-range.ts';
import type { Report } from './parse-command.ts';
import type { ChainState, TableState } from './ruleset-state.ts';

const HOOK_BITS: Readonly<Record<string, number>> = { PREROUTING: 1, INPUT: 2, FORWARD: 4, OUTPUT: 8, POSTROUTING: 16 };

function hookNames(mask: number): string[] {
  return Object.keys(HOOK_BITS).filter((h) => ((HOOK_BITS[h] ?? 0) & mask) !== 0);
}

interface Edge {
  readonly next: ChainState;
  readonly rule: Rule;
}

export type LocateWord = (range: SourceRange, word: string) => SourceRange;

/**
 * Each chain's jumps/gotos to user chains (one map lookup per jump, shared by all checks); jumps
 * to chains that do not exist (or to built-in chains) are reported where the target was written.
 */
function resolveEdges(t: TableState, report: Report, locate: LocateWord): Map<ChainState, Edge[]> {
  const edges = new Map<ChainState, Edge[]>();
  for (const chain of t.chains.values()) {
    const out: Edge[] = [];
    for (const rule of chain.rules) {
      const target = rule.target;
      if (!target || (target.kind !== 'jump' && target.kind !== 'goto')) continue;
      const next = t.chains.get(target.chain);
      if (next && !next.builtin) out.push({ next, rule });
      else if (rule.range) {
        const where = locate(rule.range, target.chain);
        if (!next) report('unknown-chain', 'error', `Chain '${target.chain}' does not exist`, where);
        else report('unknown-chain', 'error', `cannot jump to built-in chain '${target.chain}'`, where);
      }
    }
    edges.set(chain, out);
  }
  return edges;
}

/** Iterative depth-first walk from the built-in chains (chains can nest deeper than the JS stack). */
function checkLoops(t: TableState, edges: Map<ChainState, Edge[]>, report: Report): void {
  const state = new Map<ChainState, 1 | 2>();
  for (const root of t.chains.values()) {
    if (!root.builtin) continue;
    const stack: { chain: ChainState; out: readonly Edge[]; next: number }[] = [{ chain: root, out: edges.get(root) ?? [], next: 0 }];
    state.set(root, 1);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (!frame) break;
      const edge = frame.out[frame.next++];
      if (!edge) {
        state.set(frame.chain, 2);
        stack.pop();
        continue;
      }
      const seen = state.get(edge.next);
      if (seen === 1 && edge.rule.range) {
        report('jump-loop', 'error', `jump from ${frame.chain.name} to ${edge.next.name} closes a loop (the kernel refuses it: Too many links)`, edge.rule.range);
      } else if (seen === undefined) {
        state.set(edge.next, 1);
        stack.push({ chain: edge.next, out: edges.get(edge.next) ?? [], next: 0 });
      }
    }
  }
}

/** For every chain, the built-in chains (hooks) whose traffic can reach it, as a bit mask. */
function reachingHooks(t: TableState, edges: Map<ChainState, Edge[]>): Map<ChainState, number> {
  const hooks = new Map<ChainState, number>();
  const queue: ChainState[] = [];
  for (const c of t.chains.values()) {
    if (!c.builtin) continue;
    hooks.set(c, HOOK_BITS[c.name] ?? 0);
    queue.push(c);
  }
  for (let i = 0; i < queue.length; i++) {
    const chain = queue[i];
    if (!chain) break;
    const from = hooks.get(chain) ?? 0;
    for (const { next } of edges.get(chain) ?? []) {
      const before = hooks.get(next) ?? 0;
      if ((before | from) === before) continue;
      hooks.set(next, before | from);
      queue.push(next);
    }
  }
  return hooks;
}

/** Names of the extensions that have a constraint (a cheap filter before the registry lookup). */
const CONSTRAINED: ReadonlySet<string> = (() => {
  const { matches, targets } = knownExtensionNames();
  const has = (spec: { constraint?: unknown } | undefined) => spec?.constraint !== undefined;
  return new Set([
    ...matches.filter((m) => has(findMatch(m, 4)) || has(findMatch(m, 6))),
    ...targets.filter((t) => has(findTarget(t, 4)) || has(findTarget(t, 6))),
  ]);
})();

function constraintsOf(rule: Rule, family: Family): { what: string; constraint: Constraint }[] {
  const out: { what: string; constraint: Constraint }[] = [];
  for (const m of rule.matches) {
    const c = m.known && CONSTRAINED.has(m.module) ? findMatch(m.module, family)?.constraint?.(m.options) : undefined;
    if (c) out.push({ what: `match ${m.module}`, constraint: c });
  }
  const t = rule.target;
  if (t?.kind === 'extension' && t.known && CONSTRAINED.has(t.name)) {
    const c = findTarget(t.name, family)?.constraint?.(t.options);
    if (c) out.push({ what: `target ${t.name}`, constraint: c });
  }
  return out;
}

function checkConstraints(t: TableState, family: Family, edges: Map<ChainState, Edge[]>, report: Report): void {
  let hooks: Map<ChainState, number> | undefined;
  for (const chain of t.chains.values()) {
    for (const rule of chain.rules) {
      if (!rule.range || (rule.matches.length === 0 && rule.target?.kind !== 'extension')) continue;
      for (const { what, constraint } of constraintsOf(rule, family)) {
        if (constraint.tables && !constraint.tables.includes(t.name)) {
          report('kernel-rejects', 'error', `${what} is only valid in the ${constraint.tables.join('/')} table (the kernel refuses it in ${t.name})`, rule.range);
          continue;
        }
        if (!constraint.hooks) continue;
        hooks ??= reachingHooks(t, edges);
        const allowed = constraint.hooks.reduce((m, h) => m | (HOOK_BITS[h] ?? 0), 0);
        const bad = (hooks.get(chain) ?? 0) & ~allowed;
        if (bad !== 0) {
          report('kernel-rejects', 'error', `${what} is only valid from ${constraint.hooks.join('/')}, but ${chain.name} is reached from ${hookNames(bad).join('/')}`, rule.range);
        }
      }
    }
  }
}

/** Everything COMMIT checks about one table. */
export function checkTable(t: TableState, family: Family, report: Report, locate: LocateWord): void {
  const edges = resolveEdges(t, report, locate);
  checkLoops(t, edges, report);
  checkConstraints(t, family, edges, report);
}
