import type { RuleOrigin, RuleRef, TableName } from '../iptables/model.ts';
import type { IpFamily } from '../shared/ip.ts';
import { ruleRef } from '../iptables/model.ts';
import type { GeneratedRules } from './generate.ts';

/**
 * Replays the generated commands of one family like the kernel does (append, or insert at a
 * 1-based position) so each final position — what iptables-save lists and what a RuleRef names —
 * knows the flags and reason that produced it.
 *
 * @example
 * const origins = ruleOrigins(generateRules(DEFAULT_CONFIG, 'latest'), 4);
 * origins.get(ruleRef('nat', 'ISTIO_OUTPUT', 4))?.flags; // ['proxy-uid']
 */
export function ruleOrigins(rules: GeneratedRules, family: IpFamily): Map<RuleRef, RuleOrigin> {
  const chains = new Map<string, { table: TableName; chain: string; list: RuleOrigin[] }>();
  for (const rule of family === 4 ? rules.v4 : rules.v6) {
    const key = `${rule.table}/${rule.chain}`;
    const entry = chains.get(key) ?? { table: rule.table, chain: rule.chain, list: [] };
    if (rule.op === 'insert')
      entry.list.splice(Math.max(0, (rule.position ?? 1) - 1), 0, rule.origin);
    else entry.list.push(rule.origin);
    chains.set(key, entry);
  }
  const out = new Map<RuleRef, RuleOrigin>();
  for (const { table, chain, list } of chains.values()) {
    list.forEach((origin, i) => out.set(ruleRef(table, chain, i + 1), origin));
  }
  return out;
}
