import type { TableName } from '../iptables/model.ts';
import type { Diagnostic } from '../shared/diagnostics.ts';
import { diagnostic } from '../shared/diagnostics.ts';
import { EMPTY_RANGE } from '../shared/source-range.ts';
import type { CompiledChain, CompiledRule } from './compile.ts';
import type { Hook } from './hooks.ts';
import { HOOK_TABLES } from './hooks.ts';

type Tables = ReadonlyMap<TableName, ReadonlyMap<string, CompiledChain>>;

/** Hooks from which each chain of a table can be reached through jumps and gotos. */
export function reachableHooks(chains: ReadonlyMap<string, CompiledChain>, table: TableName): Map<string, Set<Hook>> {
  const reach = new Map<string, Set<Hook>>();
  for (const [hook, tables] of Object.entries(HOOK_TABLES) as [Hook, readonly TableName[]][]) {
    if (!tables.includes(table)) continue;
    const base = chains.get(hook);
    if (!base?.builtin) continue;
    const queue = [hook as string];
    let bound = chains.size + 1;
    for (const c of chains.values()) bound += c.rules.length;
    for (let guard = 0; queue.length > 0 && guard <= bound; guard++) {
      const name = queue.pop() as string;
      let hooks = reach.get(name);
      if (!hooks) {
        hooks = new Set();
        reach.set(name, hooks);
      }
      if (hooks.has(hook)) continue;
      hooks.add(hook);
      for (const r of chains.get(name)?.rules ?? []) {
        if ((r.target.kind === 'jump' || r.target.kind === 'goto') && chains.has(r.target.chain)) queue.push(r.target.chain);
      }
    }
  }
  return reach;
}

function rejects(rule: CompiledRule, table: TableName, hooks: ReadonlySet<Hook>): string | undefined {
  for (const c of rule.conditions) {
    if (!c.hooks) continue;
    const bad = [...hooks].find((h) => !c.hooks?.has(h));
    if (bad) return `${c.label} is only valid in ${[...c.hooks].join('/')}, but this rule is reached from ${bad}`;
  }
  const scope = rule.scope;
  if (scope?.tables && !scope.tables.includes(table)) {
    return `this target is only valid in the ${scope.tables.join('/')} table`;
  }
  const badHook = scope?.hooks ? [...hooks].find((h) => !scope.hooks?.includes(h)) : undefined;
  if (scope?.hooks && badHook) return `this target is only valid in ${scope.hooks.join('/')}, but this rule is reached from ${badHook}`;
  return undefined;
}

/** Finds a jump cycle in one table (the kernel refuses to load those). */
function findCycle(chains: ReadonlyMap<string, CompiledChain>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'open') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'open');
    path.push(name);
    for (const r of chains.get(name)?.rules ?? []) {
      if (r.target.kind !== 'jump' && r.target.kind !== 'goto') continue;
      if (!chains.has(r.target.chain)) continue;
      const cycle = visit(r.target.chain);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of chains.keys()) {
    const cycle = visit(name);
    if (cycle) return cycle;
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
    const reach = reachableHooks(chains, table);
    for (const chain of chains.values()) {
      const hooks = reach.get(chain.name);
      if (!hooks) continue;
      for (const rule of chain.rules) {
        const why = rejects(rule, table, hooks);
        if (why === undefined) continue;
        diagnostics.push(
          diagnostic('kernel-rejects', 'error', `${rule.ref}: the kernel refuses to load this rule: ${why}`, rule.rule.range ?? EMPTY_RANGE, rule.ref),
        );
      }
    }
    const cycle = findCycle(chains);
    if (cycle) {
      diagnostics.push(
        diagnostic('jump-loop', 'error', `${table}: jump cycle ${cycle.join(' -> ')}; the kernel refuses to load it`, EMPTY_RANGE, `${table}/${cycle[0] ?? ''}`),
      );
    }
  }
  return diagnostics;
}
