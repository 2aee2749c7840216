/**
 * The kernel's table and hook restrictions of extensions (owner only on the way out, REDIRECT
 * only in nat PREROUTING/OUTPUT, TPROXY only in mangle PREROUTING, …). Tables are checked for
 * every rule; hooks only where a built-in chain reaches the rule through jumps and gotos, as
 * nf_tables validates them (an unreachable user chain may hold anything). Measured on v1.8.9.
 */
import { findMatch, findTarget } from './extensions/registry.ts';
import type { Constraint } from './extensions/types.ts';
import type { Report } from './parse-command.ts';
import type { ChainState, TableState } from './ruleset-state.ts';
import type { Family } from './address.ts';
import type { Rule } from './model.ts';

/** For every chain, the built-in chains (hooks) whose traffic can reach it. */
function reachingHooks(t: TableState): Map<string, Set<string>> {
  const hooks = new Map<string, Set<string>>();
  const queue: ChainState[] = [];
  for (const c of t.chains.values()) {
    if (!c.builtin) continue;
    hooks.set(c.name, new Set([c.name]));
    queue.push(c);
  }
  for (let i = 0; i < queue.length; i++) {
    const chain = queue[i];
    if (!chain) break;
    const from = hooks.get(chain.name) ?? new Set<string>();
    for (const r of chain.rules) {
      const target = r.target;
      if (!target || (target.kind !== 'jump' && target.kind !== 'goto')) continue;
      const next = t.chains.get(target.chain);
      if (!next || next.builtin) continue;
      const to = hooks.get(next.name) ?? new Set<string>();
      const before = to.size;
      for (const h of from) to.add(h);
      hooks.set(next.name, to);
      if (to.size !== before) queue.push(next);
    }
  }
  return hooks;
}

function constraintsOf(rule: Rule, family: Family): { what: string; constraint: Constraint }[] {
  const out: { what: string; constraint: Constraint }[] = [];
  for (const m of rule.matches) {
    const c = m.known ? findMatch(m.module, family)?.constraint?.(m.options) : undefined;
    if (c) out.push({ what: `match ${m.module}`, constraint: c });
  }
  const t = rule.target;
  if (t?.kind === 'extension' && t.known) {
    const c = findTarget(t.name, family)?.constraint?.(t.options);
    if (c) out.push({ what: `target ${t.name}`, constraint: c });
  }
  return out;
}

/** Reports rules whose extensions the kernel refuses in this table or at these hooks. */
export function checkHooks(t: TableState, family: Family, report: Report): void {
  let hooks: Map<string, Set<string>> | undefined;
  for (const chain of t.chains.values()) {
    for (const rule of chain.rules) {
      if (rule.matches.length === 0 && rule.target?.kind !== 'extension') continue;
      for (const { what, constraint } of constraintsOf(rule, family)) {
        const range = rule.range;
        if (!range) continue;
        if (constraint.tables && !constraint.tables.includes(t.name)) {
          report('syntax', 'error', `${what} is only valid in the ${constraint.tables.join('/')} table (the kernel refuses it in ${t.name})`, range);
          continue;
        }
        if (!constraint.hooks) continue;
        hooks ??= reachingHooks(t);
        const bad = [...(hooks.get(chain.name) ?? [])].filter((h) => !constraint.hooks?.includes(h));
        if (bad.length > 0) {
          report('syntax', 'error', `${what} is only valid from ${constraint.hooks.join('/')}, but ${chain.name} is reached from ${bad.join('/')}`, range);
        }
      }
    }
  }
}
