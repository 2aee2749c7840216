import type { RuleOrigin } from '../iptables/model.ts';
import type { NftChainDecl, NftCommand, NftFamily, NftRuleCommand } from './model.ts';

/**
 * One rule as Istio's nftables rule builder records it: table, chain, the parameters joined with
 * single spaces (knftables `Concat`), and the 0-based position of an insert.
 */
export interface NftRuleDraft {
  readonly table: string;
  readonly chain: string;
  readonly rule: string;
  readonly position?: number;
  readonly origin: RuleOrigin;
}

/**
 * Istio's `NftablesRuleBuilder`: ordered rules; the `…V6…IfSupported` twins record nothing
 * unless IPv6 is on. upstream: tools/istio-nftables/pkg/builder/nftables_builder_impl.go.
 *
 * @example
 * const b = createNftRuleBuilder({ enableIPv6: false });
 * b.append('istio-proxy-nat', 'output', ['counter', 'jump', 'istio-output'], origin);
 * b.appendV6('istio-proxy-nat', 'istio-output', ['ip6', 'daddr', '::1/128', 'return'], origin); // dropped
 * b.rules.length; // 1
 */
export interface NftRuleBuilder {
  readonly rules: readonly NftRuleDraft[];
  append(table: string, chain: string, params: readonly string[], origin: RuleOrigin): void;
  insert(
    table: string,
    chain: string,
    position: number,
    params: readonly string[],
    origin: RuleOrigin,
  ): void;
  appendV6(table: string, chain: string, params: readonly string[], origin: RuleOrigin): void;
  insertV6(
    table: string,
    chain: string,
    position: number,
    params: readonly string[],
    origin: RuleOrigin,
  ): void;
}

/** knftables `Concat`: the non-empty parameters joined by single spaces. */
export function concatNftParams(params: readonly string[]): string {
  return params.filter((p) => p !== '').join(' ');
}

export function createNftRuleBuilder(options: { readonly enableIPv6: boolean }): NftRuleBuilder {
  const rules: NftRuleDraft[] = [];
  const add = (draft: NftRuleDraft): void => {
    rules.push(draft);
  };
  return {
    rules,
    append(table, chain, params, origin) {
      add({ table, chain, rule: concatNftParams(params), origin });
    },
    insert(table, chain, position, params, origin) {
      add({ table, chain, rule: concatNftParams(params), position, origin });
    },
    appendV6(table, chain, params, origin) {
      if (options.enableIPv6) add({ table, chain, rule: concatNftParams(params), origin });
    },
    insertV6(table, chain, position, params, origin) {
      if (options.enableIPv6)
        add({ table, chain, rule: concatNftParams(params), position, origin });
    },
  };
}

/** A table the transaction may write: family, name, and its chains in declaration order. */
export interface NftTableLayout {
  readonly family: NftFamily;
  readonly name: string;
  readonly chains: readonly NftChainDecl[];
}

/**
 * How a generator turns its drafts into one transaction.
 * - `declare`: `non-empty` (sidecar: a chain is added only if it got a rule) or
 *   `non-empty-or-jump-target` (ambient: also when some rule jumps or goes to it).
 * - `insert`: `within-count` (sidecar and builder tests: an insert at N stays an insert only if the
 *   chain already got more than N rules in this transaction) or `non-empty` (ambient: only if the
 *   chain already got a rule).
 * - `flush`: write `flush table` after `add table` (both Istio generators do).
 */
export interface NftTransactionOptions {
  readonly declare: 'non-empty' | 'non-empty-or-jump-target';
  readonly insert: 'within-count' | 'non-empty';
  readonly flush: boolean;
}

export const SIDECAR_TRANSACTION: NftTransactionOptions = {
  declare: 'non-empty',
  insert: 'within-count',
  flush: true,
};

function jumpTargets(rules: readonly NftRuleDraft[]): Set<string> {
  const targets = new Set<string>();
  for (const r of rules) {
    const words = r.rule.split(' ');
    words.forEach((w, i) => {
      const next = words[i + 1];
      if ((w === 'jump' || w === 'goto') && next !== undefined) targets.add(next);
    });
  }
  return targets;
}

function ruleCommands(
  layout: NftTableLayout,
  rules: readonly NftRuleDraft[],
  options: NftTransactionOptions,
): NftRuleCommand[] {
  const counts = new Map<string, number>();
  return rules.map((r) => {
    const count = counts.get(r.chain) ?? 0;
    counts.set(r.chain, count + 1);
    const base = { family: layout.family, table: layout.name, chain: r.chain, rule: r.rule };
    // upstream: capture/run.go addIstioTableRules — an index the chain cannot have yet is dropped.
    const index = r.position;
    if (index !== undefined && count > 0 && (options.insert === 'non-empty' || index < count)) {
      return { kind: 'insert-rule', ...base, index, origin: r.origin };
    }
    return { kind: 'add-rule', ...base, origin: r.origin };
  });
}

/**
 * Assembles Istio's single transaction: per table in layout order (tables without rules
 * skipped) `add table`, `flush table`, `add chain` for each declared chain in layout order, then
 * the table's rules in generation order. upstream: capture/run.go — Run / addIstioTableRules.
 *
 * @example
 * const tx = buildNftTransaction(layouts, builder.rules, SIDECAR_TRANSACTION);
 * renderNftScript(tx); // 'add table inet istio-proxy-nat\nflush table inet istio-proxy-nat\n…'
 */
export function buildNftTransaction(
  layouts: readonly NftTableLayout[],
  rules: readonly NftRuleDraft[],
  options: NftTransactionOptions,
): NftCommand[] {
  const out: NftCommand[] = [];
  for (const layout of layouts) {
    const mine = rules.filter((r) => r.table === layout.name);
    if (mine.length === 0) continue;
    const used = new Set(mine.map((r) => r.chain));
    const targets = options.declare === 'non-empty-or-jump-target' ? jumpTargets(mine) : new Set();
    const { family, name: table } = layout;
    out.push({ kind: 'add-table', family, table });
    if (options.flush) out.push({ kind: 'flush-table', family, table });
    for (const chain of layout.chains) {
      if (used.has(chain.name) || targets.has(chain.name)) {
        out.push({ kind: 'add-chain', family, table, chain });
      }
    }
    out.push(...ruleCommands(layout, mine, options));
  }
  return out;
}
