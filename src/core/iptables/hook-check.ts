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
 *
 * Speed: this runs at every COMMIT, over 100k rules for a kube-proxy dump. One pass over the rules
 * builds the jump graph with chains numbered by position (typed arrays, edges stored per chain
 * contiguously) and notes the few rules that use a constrained extension; the loop walk, the hook
 * propagation and the constraint checks then only touch the graph and those rules. The buffers
 * are kept between calls, so a check allocates nothing per rule. Diagnostics come out in the
 * order of the checks: unknown chains, loops (or, without loops, the jump depth limit of
 * jump-depth.ts), extension limits.
 */
import type { Family } from './address.ts';
import { findMatch, findTarget, knownExtensionNames } from './extensions/registry.ts';
import type { Constraint } from './extensions/types.ts';
import type { Rule } from './model.ts';
import type { SourceRange } from '../shared/source-range.ts';
import type { Report } from './command-types.ts';
import type { TableState } from './table-state.ts';
import { HookScratch } from './hook-scratch.ts';
import { checkJumpDepth } from './jump-depth.ts';

const HOOK_BITS: Readonly<Record<string, number>> = {
  PREROUTING: 1,
  INPUT: 2,
  FORWARD: 4,
  OUTPUT: 8,
  POSTROUTING: 16,
};

function hookNames(mask: number): string[] {
  return Object.keys(HOOK_BITS).filter((h) => ((HOOK_BITS[h] ?? 0) & mask) !== 0);
}

export type LocateWord = (range: SourceRange, word: string) => SourceRange;

/** Names of the extensions that have a constraint (a cheap filter before the registry lookup). */
const CONSTRAINED: ReadonlySet<string> = (() => {
  const { matches, targets } = knownExtensionNames();
  const has = (spec: { constraint?: unknown } | undefined) => spec?.constraint !== undefined;
  return new Set([
    ...matches.filter((m) => has(findMatch(m, 4)) || has(findMatch(m, 6))),
    ...targets.filter((t) => has(findTarget(t, 4)) || has(findTarget(t, 6))),
  ]);
})();

/** Whether a rule uses an extension that may be limited to some tables or hooks. */
function hasConstrained(rule: Rule): boolean {
  const t = rule.target;
  if (t?.kind === 'extension' && t.known && CONSTRAINED.has(t.name)) return true;
  const matches = rule.matches;
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i];
    if (m?.known && CONSTRAINED.has(m.module)) return true;
  }
  return false;
}

/** Reused between calls (a nested call, which does not happen today, gets its own). */
let idle: HookScratch | undefined;

/** Everything COMMIT checks about one table. */
export function checkTable(
  t: TableState,
  family: Family,
  report: Report,
  locate: LocateWord,
): void {
  const s = idle ?? new HookScratch();
  idle = undefined;
  try {
    s.reset(t.chains);
    resolveEdges(s, report, locate);
    if (checkLoops(s, report) === 0) checkJumpDepth(s, t, report);
    checkConstraints(s, t, family, report);
  } finally {
    s.release();
    idle = s;
  }
}

/**
 * The one pass over the rules: each chain's jumps/gotos to user chains become edges; jumps to
 * chains that do not exist (or to built-in chains) are reported where the target was written;
 * rules with a constrained extension are noted for checkConstraints.
 */
function resolveEdges(s: HookScratch, report: Report, locate: LocateWord): void {
  const n = s.chainCount;
  for (let c = 0; c < n; c++) {
    s.edgeStart[c] = s.edgeCount;
    const rules = s.chain(c).rules;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r];
      if (!rule) continue;
      if (
        rule.range &&
        (rule.matches.length > 0 || rule.target?.kind === 'extension') &&
        hasConstrained(rule)
      )
        s.addCandidate(c, rule);
      const target = rule.target;
      if (!target || (target.kind !== 'jump' && target.kind !== 'goto')) continue;
      const next = s.idOf(target.chain);
      if (next >= 0 && s.builtin[next] === 0) s.addEdge(next, rule);
      else if (rule.range) {
        const where = locate(rule.range, target.chain);
        if (next < 0)
          report('unknown-chain', 'error', `Chain '${target.chain}' does not exist`, where);
        else
          report(
            'unknown-chain',
            'error',
            `cannot jump to built-in chain '${target.chain}'`,
            where,
          );
      }
    }
  }
  s.edgeStart[n] = s.edgeCount;
}

/** Iterative depth-first walk from the built-in chains (chains can nest deeper than the JS stack). */
function checkLoops(s: HookScratch, report: Report): number {
  let loops = 0;
  const { state, stackChain, stackNext, edgeStart, edgeTo, builtin } = s;
  const n = s.chainCount;
  for (let root = 0; root < n; root++) {
    if (builtin[root] === 0) continue;
    // Every chain is pushed at most once (state leaves 0 for good), so the stack holds ≤ n frames.
    let top = 0;
    stackChain[0] = root;
    stackNext[0] = edgeStart[root] ?? 0;
    state[root] = 1;
    while (top >= 0) {
      const chain = stackChain[top] ?? 0;
      const e = stackNext[top] ?? 0;
      if (e >= (edgeStart[chain + 1] ?? 0)) {
        state[chain] = 2;
        top--;
        continue;
      }
      stackNext[top] = e + 1;
      const next = edgeTo[e] ?? 0;
      const seen = state[next];
      if (seen === 1) {
        loops++;
        const range = s.edgeRule[e]?.range;
        if (range)
          report(
            'jump-loop',
            'error',
            `jump from ${s.chain(chain).name} to ${s.chain(next).name} closes a loop (the kernel refuses it: Too many links)`,
            range,
          );
      } else if (seen === 0) {
        state[next] = 1;
        top++;
        stackChain[top] = next;
        stackNext[top] = edgeStart[next] ?? 0;
      }
    }
  }
  return loops;
}

/**
 * For every chain, the built-in chains (hooks) whose traffic can reach it, as a bit mask in
 * `s.hooks`: a worklist where each chain waits at most once at a time and comes back only when its
 * mask grew (at most five times), so the walk is linear in chains + edges.
 */
function computeHooks(s: HookScratch): void {
  const { hooks, queue, queued, edgeStart, edgeTo, builtin } = s;
  const n = s.chainCount;
  let head = 0;
  let size = 0;
  for (let c = 0; c < n; c++) {
    if (builtin[c] === 0) continue;
    hooks[c] = HOOK_BITS[s.chain(c).name] ?? 0;
    queue[size++] = c;
    queued[c] = 1;
  }
  while (size > 0) {
    const chain = queue[head] ?? 0;
    head = head + 1 === n ? 0 : head + 1;
    size--;
    queued[chain] = 0;
    const from = hooks[chain] ?? 0;
    const end = edgeStart[chain + 1] ?? 0;
    for (let e = edgeStart[chain] ?? 0; e < end; e++) {
      const next = edgeTo[e] ?? 0;
      const before = hooks[next] ?? 0;
      if ((before | from) === before) continue;
      hooks[next] = before | from;
      if (queued[next] === 1) continue;
      queued[next] = 1;
      const tail = head + size;
      queue[tail >= n ? tail - n : tail] = next;
      size++;
    }
  }
  s.hooksReady = true;
}

/** Reports one constraint of one rule (extension `kind name`) that the table or its hooks break. */
function checkConstraint(
  s: HookScratch,
  t: TableState,
  chain: number,
  rule: Rule,
  what: string,
  constraint: Constraint,
  report: Report,
): void {
  if (!rule.range) return;
  if (constraint.tables && !constraint.tables.includes(t.name)) {
    report(
      'kernel-rejects',
      'error',
      `${what} is only valid in the ${constraint.tables.join('/')} table (the kernel refuses it in ${t.name})`,
      rule.range,
    );
    return;
  }
  const allowedHooks = constraint.hooks;
  if (!allowedHooks) return;
  if (!s.hooksReady) computeHooks(s);
  let allowed = 0;
  for (let i = 0; i < allowedHooks.length; i++) allowed |= HOOK_BITS[allowedHooks[i] ?? ''] ?? 0;
  const bad = (s.hooks[chain] ?? 0) & ~allowed;
  if (bad !== 0) {
    report(
      'kernel-rejects',
      'error',
      `${what} is only valid from ${allowedHooks.join('/')}, but ${s.chain(chain).name} is reached from ${hookNames(bad).join('/')}`,
      rule.range,
    );
  }
}

/** The extension limits of the rules resolveEdges noted, in chain and rule order. */
function checkConstraints(s: HookScratch, t: TableState, family: Family, report: Report): void {
  for (let i = 0; i < s.candidateCount; i++) {
    const rule = s.candidateRule[i];
    const chain = s.candidateChain[i] ?? 0;
    if (!rule) continue;
    for (let j = 0; j < rule.matches.length; j++) {
      const m = rule.matches[j];
      if (!m?.known || !CONSTRAINED.has(m.module)) continue;
      const c = findMatch(m.module, family)?.constraint?.(m.options);
      if (c) checkConstraint(s, t, chain, rule, `match ${m.module}`, c, report);
    }
    const target = rule.target;
    if (target?.kind === 'extension' && target.known && CONSTRAINED.has(target.name)) {
      const c = findTarget(target.name, family)?.constraint?.(target.options);
      if (c) checkConstraint(s, t, chain, rule, `target ${target.name}`, c, report);
    }
  }
}
