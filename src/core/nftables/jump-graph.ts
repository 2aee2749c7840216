import type {
  JumpGraph,
  JumpGraphEdge,
  JumpGraphNode,
  JumpGraphRule,
} from '../iptables/jump-graph.ts';
import type { ChainKey, RuleRef } from '../iptables/model.ts';
import type { IpFamily } from '../shared/ip.ts';
import type { NftFamily, NftHook } from './model.ts';
import { renderNftListRule } from './render-list.ts';
import type { NftState, NftStateChain, NftStateTable } from './state.ts';

/** Hooks in the order a packet meets them (ingress first: it runs before prerouting). */
const HOOK_ORDER: readonly NftHook[] = [
  'ingress',
  'prerouting',
  'input',
  'forward',
  'output',
  'postrouting',
];

/** The table families a packet of `family` runs through (inet covers both). */
function appliesTo(tableFamily: NftFamily, family: IpFamily): boolean {
  return tableFamily === 'inet' || tableFamily === (family === 4 ? 'ip' : 'ip6');
}

const keyOf = (t: NftStateTable, chain: string): ChainKey =>
  `${t.family}/${t.name}/${chain}` as ChainKey;
const refOf = (t: NftStateTable, chain: string, position: number): RuleRef =>
  `${t.family}/${t.name}/${chain}#${position}` as RuleRef;

/** Every `jump X` / `goto X` of a rule, verdict-map entries included, in order. */
function jumpsOf(listed: string): { kind: 'jump' | 'goto'; chain: string }[] {
  const out: { kind: 'jump' | 'goto'; chain: string }[] = [];
  const words = listed.split(/\s+/);
  words.forEach((w, i) => {
    const next = words[i + 1];
    if ((w === 'jump' || w === 'goto') && next !== undefined)
      out.push({ kind: w, chain: next.replace(/[,}]+$/, '') });
  });
  return out;
}

/** The rule without its trailing `jump X` / `goto X` (the edge's condition). */
function conditionsOf(listed: string, kind: 'jump' | 'goto', chain: string): string {
  const tail = `${kind} ${chain}`;
  const rest = listed.endsWith(tail) ? listed.slice(0, -tail.length) : listed;
  // The zero counters say nothing about when the jump happens.
  return rest
    .replace(/\bcounter packets \d+ bytes \d+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function chainRules(
  t: NftStateTable,
  chain: NftStateChain,
  names: ReadonlySet<string>,
  edges: JumpGraphEdge[],
): JumpGraphRule[] {
  const source = keyOf(t, chain.name);
  return chain.rules.map((r, i): JumpGraphRule => {
    const ref = refOf(t, chain.name, i + 1);
    const label = renderNftListRule(r.rule);
    const jumps = jumpsOf(label).filter((j) => names.has(j.chain));
    jumps.forEach((j, n) => {
      edges.push({
        // One edge per rule keeps the rule's ref (the trace lights it); a verdict map's
        // further targets get their own ids.
        id: (n === 0 ? ref : `${ref}>${j.chain}`) as RuleRef,
        source,
        target: keyOf(t, j.chain),
        kind: j.kind,
        label: conditionsOf(
          jumps.length === 1 ? label : label.replace(/ (jump|goto) .*$/, ''),
          j.kind,
          j.chain,
        ),
      });
    });
    const first = jumps[0];
    return {
      ref,
      position: i + 1,
      label,
      target: first === undefined ? '' : first.chain,
      ...(first === undefined ? {} : { jumpsTo: keyOf(t, first.chain) }),
    };
  });
}

/**
 * The chain-jump graph of an nftables ruleset for one IP family: base chains (labelled with
 * their hook and priority, in the order a packet meets them) of every `ip`/`ip6`/`inet` table
 * that family runs through, then the regular chains, and one edge per `jump`/`goto` (verdict
 * maps included). Node ids are `family/table/chain` and rule refs `family/table/chain#N`, as
 * the simulator names them in trace steps.
 *
 * @example
 * const g = buildNftJumpGraph(loadNft(parseNft(script)).value, 4);
 * g.nodes[0]?.hook; // { hook: 'prerouting', priority: -100, type: 'nat' }
 */
export function buildNftJumpGraph(state: NftState, family: IpFamily): JumpGraph {
  const nodes: JumpGraphNode[] = [];
  const edges: JumpGraphEdge[] = [];
  let ruleCount = 0;
  let regular = 0;
  for (const t of state.tables) {
    if (!appliesTo(t.family, family)) continue;
    const names = new Set(t.chains.map((c) => c.name));
    for (const chain of t.chains) {
      const rules = chainRules(t, chain, names, edges);
      ruleCount += rules.length;
      const base = chain.base;
      // Base chains by hook, then priority (the kernel's order); regular chains after them.
      const order =
        base === undefined
          ? 1_000_000 + regular++
          : HOOK_ORDER.indexOf(base.hook) * 10_000 + base.priority + 5_000;
      nodes.push({
        id: keyOf(t, chain.name),
        table: `${t.family}/${t.name}`,
        chain: chain.name,
        builtin: base !== undefined,
        ...(base === undefined
          ? {}
          : { hook: { hook: base.hook, priority: base.priority, type: base.type } }),
        order,
        rules,
      });
    }
  }
  nodes.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { family, nodes, edges, ruleCount };
}
