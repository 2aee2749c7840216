import type { Rule, TableName } from '../iptables/model.ts';
import { ruleRef } from '../iptables/model.ts';
import type { Diagnostic } from '../shared/diagnostics.ts';
import { diagnostic } from '../shared/diagnostics.ts';
import { EMPTY_RANGE } from '../shared/source-range.ts';
import type { CompiledChain } from './compile.ts';
import type { Hook } from './hooks.ts';
import { HOOK_TABLES, HOOKS } from './hooks.ts';
import { MATCH_HOOKS } from './matchers/index.ts';
import { TARGET_SCOPES } from './targets/index.ts';

type Tables = ReadonlyMap<TableName, ReadonlyMap<string, CompiledChain>>;

const bit = (h: Hook): number => 1 << HOOKS.indexOf(h);
const maskOf = (hooks: readonly Hook[]): number => hooks.reduce((m, h) => m | bit(h), 0);
const hooksIn = (mask: number): Hook[] => HOOKS.filter((h) => (mask & bit(h)) !== 0);

function jumpTarget(rule: Rule): string | undefined {
  const t = rule.target;
  return t?.kind === 'jump' || t?.kind === 'goto' ? t.chain : undefined;
}

/** The table's jump graph on integer ids: chain names, and for each chain the chains it jumps to. */
interface JumpGraph {
  readonly names: readonly string[];
  readonly edges: readonly (readonly number[])[];
}

function buildGraph(chains: ReadonlyMap<string, CompiledChain>): JumpGraph {
  const names = [...chains.keys()];
  const ids = new Map(names.map((n, i) => [n, i]));
  const edges = names.map((n) => {
    const out: number[] = [];
    for (const rule of chains.get(n)?.source.rules ?? []) {
      const target = jumpTarget(rule);
      const id = target === undefined ? undefined : ids.get(target);
      if (id !== undefined) out.push(id);
    }
    return out;
  });
  return { names, edges };
}

/**
 * Hooks (as a bit mask over HOOKS) from which each chain of a table can be reached through
 * jumps and gotos. A worklist: a chain is revisited only when its mask grows, so at most five
 * times.
 */
export function reachableHooks(chains: ReadonlyMap<string, CompiledChain>, table: TableName): Map<string, number> {
  return reachable(buildGraph(chains), chains, table);
}

function reachable(g: JumpGraph, chains: ReadonlyMap<string, CompiledChain>, table: TableName): Map<string, number> {
  const masks = new Array<number>(g.names.length).fill(0);
  const work: number[] = [];
  g.names.forEach((name, i) => {
    const hook = HOOKS.find((h) => h === name);
    if (!hook || !HOOK_TABLES[hook].includes(table) || !chains.get(name)?.builtin) return;
    masks[i] = bit(hook);
    work.push(i);
  });
  for (let guard = 0; work.length > 0 && guard <= g.names.length * HOOKS.length; guard++) {
    const from = work.pop() as number;
    const mask = masks[from] ?? 0;
    for (const to of g.edges[from] ?? []) {
      const before = masks[to] ?? 0;
      if ((before | mask) === before) continue;
      masks[to] = before | mask;
      work.push(to);
    }
  }
  const reach = new Map<string, number>();
  g.names.forEach((name, i) => {
    if ((masks[i] ?? 0) !== 0) reach.set(name, masks[i] ?? 0);
  });
  return reach;
}

function rejects(rule: Rule, table: TableName, reached: number): string | undefined {
  for (const m of rule.matches) {
    const allowed = MATCH_HOOKS[m.module];
    const bad = allowed ? hooksIn(reached & ~maskOf(allowed))[0] : undefined;
    if (allowed && bad) return `-m ${m.module} is only valid in ${allowed.join('/')}, but this rule is reached from ${bad}`;
  }
  const scope = rule.target?.kind === 'extension' ? TARGET_SCOPES[rule.target.name] : undefined;
  if (!scope) return undefined;
  if (scope.tables && !scope.tables.includes(table)) return `this target is only valid in the ${scope.tables.join('/')} table`;
  const badHook = scope.hooks ? hooksIn(reached & ~maskOf(scope.hooks))[0] : undefined;
  if (scope.hooks && badHook) return `this target is only valid in ${scope.hooks.join('/')}, but this rule is reached from ${badHook}`;
  return undefined;
}

/**
 * Finds a jump cycle reachable from a base chain (the kernel refuses to load those; a cycle
 * among chains no hook reaches is loaded: nftables only validates what a base chain reaches).
 * Iterative DFS.
 */
function findCycle(g: JumpGraph, reached: ReadonlyMap<string, number>): string[] | undefined {
  const state = new Uint8Array(g.names.length); // 0 new, 1 on the stack, 2 done
  for (let root = 0; root < g.names.length; root++) {
    if (state[root] !== 0 || !reached.has(g.names[root] ?? '')) continue;
    const stack: { id: number; next: number }[] = [{ id: root, next: 0 }];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: number; next: number };
      const to = g.edges[top.id]?.[top.next++];
      if (to === undefined) {
        state[top.id] = 2;
        stack.pop();
        continue;
      }
      if (state[to] === 2) continue;
      if (state[to] === 1) {
        const from = stack.findIndex((f) => f.id === to);
        return [...stack.slice(from).map((f) => g.names[f.id] ?? ''), g.names[to] ?? ''];
      }
      state[to] = 1;
      stack.push({ id: to, next: 0 });
    }
  }
  return undefined;
}

/**
 * What the kernel checks when the rules are loaded (iptables-restore fails with "Invalid
 * argument" and loads nothing): matches and targets used outside their hooks or tables, and jump
 * cycles. `iptables-restore --test` does not catch these; only a real load does.
 */
export function validateRuleset(tables: Tables): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [table, chains] of tables) {
    const graph = buildGraph(chains);
    const reach = reachable(graph, chains, table);
    for (const chain of chains.values()) {
      const reached = reach.get(chain.name);
      if (reached === undefined) continue;
      chain.source.rules.forEach((rule, i) => {
        const why = rejects(rule, table, reached);
        if (why === undefined) return;
        const ref = ruleRef(table, chain.name, i + 1);
        diagnostics.push(diagnostic('kernel-rejects', 'error', `${ref}: the kernel refuses to load this rule: ${why}`, rule.range ?? EMPTY_RANGE, ref));
      });
    }
    const cycle = findCycle(graph, reach);
    if (cycle) {
      diagnostics.push(diagnostic('jump-loop', 'error', `${table}: jump cycle ${cycle.join(' -> ')}; the kernel refuses to load it`, EMPTY_RANGE, `${table}/${cycle[0] ?? ''}`));
    }
  }
  return diagnostics;
}
