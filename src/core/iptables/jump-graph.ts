import type { IpFamily as Family } from '../shared/ip.ts';
import { renderRuleSpec } from './render-save.ts';
import type { ChainKey, Policy, Rule, RuleRef, Ruleset, TableName } from './model.ts';
import { BUILTIN_CHAINS, chainKey, ruleRef } from './model.ts';

/** One rule as a graph node lists it. */
export interface JumpGraphRule {
  readonly ref: RuleRef;
  /** 1-based, as iptables-save lists the chain. */
  readonly position: number;
  /** The rule's words after `-A CHAIN`, canonical (`-p tcp -j ISTIO_REDIRECT`). */
  readonly label: string;
  /** The target alone (`ISTIO_REDIRECT`, `REDIRECT --to-ports 15001`, `RETURN`), '' without one. */
  readonly target: string;
  /** The chain this rule jumps or goes to, when it does. */
  readonly jumpsTo?: ChainKey;
}

/** A built-in chain (a hook of a table) or a user chain. */
export interface JumpGraphNode {
  readonly id: ChainKey;
  /** An iptables table, or an nftables table key (`inet/istio-proxy-nat`). */
  readonly table: TableName | (string & {});
  readonly chain: string;
  readonly builtin: boolean;
  readonly policy?: Policy;
  /** nftables base chains: the hook and priority they are registered at (`output`, -100). */
  readonly hook?: { readonly hook: string; readonly priority: number; readonly type: string };
  /** Sort key: built-in chains in kernel traversal order, then user chains per table. */
  readonly order: number;
  readonly rules: readonly JumpGraphRule[];
}

/** A `-j CHAIN` or `-g CHAIN` rule: from its chain to the target chain. */
export interface JumpGraphEdge {
  /** The jumping rule's RuleRef: one edge per rule. */
  readonly id: RuleRef;
  readonly source: ChainKey;
  readonly target: ChainKey;
  readonly kind: 'jump' | 'goto';
  /** The rule's conditions (its spec without the target), '' when it always jumps. */
  readonly label: string;
}

/** The chain-jump graph of one family's ruleset, without positions. */
export interface JumpGraph {
  readonly family: Family;
  readonly nodes: readonly JumpGraphNode[];
  readonly edges: readonly JumpGraphEdge[];
  readonly ruleCount: number;
}

/**
 * The hooks in packet order with their tables in kernel priority order (the same order as the
 * simulator's HOOK_TABLES: raw -300, mangle -150, nat dstnat -100, filter 0, security 50,
 * nat srcnat 100), so a reader sees the chains in the order a packet meets them.
 */
const KERNEL_ORDER: readonly (readonly [string, TableName])[] = [
  ['PREROUTING', 'raw'],
  ['PREROUTING', 'mangle'],
  ['PREROUTING', 'nat'],
  ['INPUT', 'mangle'],
  ['INPUT', 'filter'],
  ['INPUT', 'security'],
  ['INPUT', 'nat'],
  ['FORWARD', 'mangle'],
  ['FORWARD', 'filter'],
  ['FORWARD', 'security'],
  ['OUTPUT', 'raw'],
  ['OUTPUT', 'mangle'],
  ['OUTPUT', 'nat'],
  ['OUTPUT', 'filter'],
  ['OUTPUT', 'security'],
  ['POSTROUTING', 'mangle'],
  ['POSTROUTING', 'nat'],
];

const TABLE_RANK: Readonly<Record<TableName, number>> = {
  raw: 0,
  mangle: 1,
  nat: 2,
  filter: 3,
  security: 4,
};

function builtinOrder(table: TableName, chain: string): number {
  const i = KERNEL_ORDER.findIndex(([h, t]) => h === chain && t === table);
  return i < 0 ? KERNEL_ORDER.length : i;
}

function describeTarget(rule: Rule, family: Family): string {
  const t = rule.target;
  if (!t) return '';
  if (t.kind === 'verdict') return t.verdict;
  if (t.kind === 'jump' || t.kind === 'goto') return t.chain;
  const spec = renderRuleSpec({ matches: [], target: t }, family);
  return spec.replace(/^ -j /, '');
}

/** The label without its ` -j CHAIN` / ` -g CHAIN` tail (the canonical form ends with it). */
function conditionsOf(label: string, kind: 'jump' | 'goto', chain: string): string {
  const tail = `${kind === 'jump' ? '-j' : '-g'} ${chain}`;
  return (label.endsWith(tail) ? label.slice(0, -tail.length) : label).trim();
}

/**
 * Builds the chain-jump graph of a ruleset: one node per chain (built-in chains of every
 * table the ruleset has, in kernel order, then user chains), each listing its rules, and one
 * edge per `-j`/`-g` to a user chain. Pure and positionless: the UI lays it out.
 *
 * @example
 * const g = buildJumpGraph(parseIptables(save).value);
 * g.edges.find((e) => e.id === 'nat/OUTPUT#1')?.target; // 'nat/ISTIO_OUTPUT'
 */
export function buildJumpGraph(ruleset: Ruleset): JumpGraph {
  const family = ruleset.family;
  const nodes: JumpGraphNode[] = [];
  const edges: JumpGraphEdge[] = [];
  let ruleCount = 0;
  for (const table of ruleset.tables) {
    const names = new Set(table.chains.map((c) => c.name));
    let userIndex = 0;
    const builtins = BUILTIN_CHAINS[table.name];
    for (const chain of table.chains) {
      const id = chainKey(table.name, chain.name);
      const rules = chain.rules.map((rule, i): JumpGraphRule => {
        const ref = ruleRef(table.name, chain.name, i + 1);
        const t = rule.target;
        const jumps = (t?.kind === 'jump' || t?.kind === 'goto') && names.has(t.chain);
        const label = renderRuleSpec(rule, family).trim();
        if (jumps) {
          edges.push({
            id: ref,
            source: id,
            target: chainKey(table.name, t.chain),
            kind: t.kind,
            label: conditionsOf(label, t.kind, t.chain),
          });
        }
        return {
          ref,
          position: i + 1,
          label,
          target: describeTarget(rule, family),
          ...(jumps ? { jumpsTo: chainKey(table.name, t.chain) } : {}),
        };
      });
      ruleCount += rules.length;
      const builtin = chain.builtin && builtins.includes(chain.name);
      // User chains after every built-in chain, grouped by table.
      const order = builtin
        ? builtinOrder(table.name, chain.name)
        : 100 + TABLE_RANK[table.name] * 100_000 + userIndex++;
      nodes.push({
        id,
        table: table.name,
        chain: chain.name,
        builtin,
        ...(chain.policy ? { policy: chain.policy } : {}),
        order,
        rules,
      });
    }
  }
  nodes.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { family, nodes, edges, ruleCount };
}
