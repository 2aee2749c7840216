import type { RuleRef } from '../../iptables/model.ts';
import { lexNft } from '../../nftables/lex.ts';
import type { NftBaseChainSpec, NftFamily } from '../../nftables/model.ts';
import { ruleWords } from '../../nftables/parse.ts';
import { renderNftListRule } from '../../nftables/render-list.ts';
import { parseNftRuleWords } from '../../nftables/rule-parse.ts';
import type { NftState, NftStateChain, NftStateTable } from '../../nftables/state.ts';
import type { IpFamily } from '../../shared/ip.ts';
import type { Hook } from '../hooks.ts';
import type { Condition } from '../matchers/common.ts';
import type { NftAction } from './action.ts';
import { compileNftAction } from './action.ts';
import type { NftSetLookup } from './match.ts';
import { compileNftMatch } from './match.ts';
import type { NftTableKey } from './ref.ts';
import { nftRuleRef, nftTableKey } from './ref.ts';

/** One statement of a compiled rule, in the order the kernel evaluates them. */
export type NftStep =
  | { readonly kind: 'match'; readonly condition: Condition }
  | { readonly kind: 'action'; readonly action: NftAction };

export interface NftCompiledRule {
  readonly ref: RuleRef;
  readonly position: number;
  /** The rule as `nft list ruleset` prints it. */
  readonly text: string;
  readonly steps: readonly NftStep[];
  readonly cannot?: string;
}

export interface NftCompiledChain {
  readonly key: NftTableKey;
  readonly family: NftFamily;
  readonly table: string;
  readonly name: string;
  readonly base: NftBaseChainSpec | undefined;
  readonly rules: readonly NftCompiledRule[];
}

/** A base chain registered at a hook, with what orders it among the hook's other chains. */
export interface NftHookChain {
  readonly chain: NftCompiledChain;
  /** Registration order (creation order in the ruleset): a later chain runs first on a tie. */
  readonly order: number;
}

export interface CompiledNft {
  /** Per IP family, the base chains at each hook (not yet ordered against iptables tables). */
  readonly hooks: Readonly<Record<IpFamily, ReadonlyMap<Hook, readonly NftHookChain[]>>>;
  /** Every chain by table key and name, for jumps. */
  readonly chains: ReadonlyMap<NftTableKey, ReadonlyMap<string, NftCompiledChain>>;
  /** Marks set next to a `tproxy` statement (for the automatic table-133 policy route). */
  readonly tproxyMarks: readonly number[];
}

const HOOK_OF: Readonly<Record<string, Hook>> = {
  prerouting: 'PREROUTING',
  input: 'INPUT',
  forward: 'FORWARD',
  output: 'OUTPUT',
  postrouting: 'POSTROUTING',
};

function compileRule(
  family: NftFamily,
  table: string,
  chain: string,
  text: string,
  position: number,
  sets: NftSetLookup,
): NftCompiledRule {
  const ref = nftRuleRef(family, table, chain, position);
  const listed = renderNftListRule(text);
  const { body } = parseNftRuleWords(ruleWords(lexNft(listed)));
  const steps: NftStep[] = [];
  let cannot: string | undefined;
  for (const s of body.statements) {
    const compiled = s.kind === 'match' ? compileNftMatch(s, sets) : compileNftAction(s, sets);
    if (typeof compiled === 'string') {
      cannot ??= compiled;
      continue;
    }
    steps.push(
      'test' in compiled
        ? { kind: 'match', condition: compiled }
        : { kind: 'action', action: compiled },
    );
  }
  return { ref, position, text: listed, steps, ...(cannot === undefined ? {} : { cannot }) };
}

function compileChain(t: NftStateTable, c: NftStateChain): NftCompiledChain {
  const { family, name: table } = t;
  const sets: NftSetLookup = (name) => t.sets.find((s) => s.set.name === name)?.elements;
  return {
    key: nftTableKey(family, table),
    family,
    table,
    name: c.name,
    base: c.base,
    rules: c.rules.map((r, i) => compileRule(family, table, c.name, r.rule, i + 1, sets)),
  };
}

const cache = new WeakMap<NftState, CompiledNft>();

/** Which IP families a table of this nftables family sees. */
function familiesOf(family: NftFamily): readonly IpFamily[] {
  if (family === 'ip') return [4];
  if (family === 'ip6') return [6];
  if (family === 'inet') return [4, 6];
  return [];
}

/**
 * Prepares an nftables ruleset for simulation (cached per state object): every rule compiled to
 * its statements in order, base chains grouped by IP family and hook.
 *
 * @example
 * compileNft(loadNft(parseNft(script)).value).hooks[4].get('OUTPUT')?.length; // 3
 */
export function compileNft(state: NftState): CompiledNft {
  const hit = cache.get(state);
  if (hit) return hit;
  const hooks: Record<IpFamily, Map<Hook, NftHookChain[]>> = { 4: new Map(), 6: new Map() };
  const chains = new Map<NftTableKey, Map<string, NftCompiledChain>>();
  const tproxyMarks = new Set<number>();
  let order = 0;
  for (const t of state.tables) {
    const byName = new Map<string, NftCompiledChain>();
    chains.set(nftTableKey(t.family, t.name), byName);
    for (const c of t.chains) {
      const compiled = compileChain(t, c);
      byName.set(c.name, compiled);
      for (const r of compiled.rules) collectTproxyMarks(r, tproxyMarks);
      const hook = c.base === undefined ? undefined : HOOK_OF[c.base.hook];
      if (hook === undefined) continue;
      const entry = { chain: compiled, order: order++ };
      for (const f of familiesOf(t.family))
        hooks[f].set(hook, [...(hooks[f].get(hook) ?? []), entry]);
    }
  }
  const result: CompiledNft = { hooks, chains, tproxyMarks: [...tproxyMarks] };
  cache.set(state, result);
  return result;
}

/** `tproxy … meta mark set 1337`: Istio routes that mark through table 133. */
function collectTproxyMarks(r: NftCompiledRule, marks: Set<number>): void {
  if (!r.steps.some((s) => s.kind === 'action' && s.action.kind === 'tproxy')) return;
  for (const s of r.steps) {
    if (s.kind === 'action' && s.action.kind === 'set' && s.action.mark !== undefined)
      marks.add(s.action.mark);
  }
}
