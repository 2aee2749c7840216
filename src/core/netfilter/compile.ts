import type { Chain, Policy, Rule, RuleRef, Ruleset, TableName } from '../iptables/model.ts';
import { BUILTIN_CHAINS, ruleRef } from '../iptables/model.ts';
import type { IpFamily } from '../shared/ip.ts';
import { familyWidth, parseCidrLoose } from '../shared/ip.ts';
import { optionName, optionValue, parsePortRange } from './matchers/common.ts';
import type { Condition } from './matchers/index.ts';
import { compileMatch, compileRuleFields } from './matchers/index.ts';
import type { CompiledTarget } from './targets/index.ts';
import { compileTarget } from './targets/index.ts';

/** A rule ready to run: its conditions in evaluation order and its parsed target. */
export interface CompiledRule {
  readonly ref: RuleRef;
  readonly position: number;
  readonly rule: Rule;
  readonly conditions: readonly Condition[];
  readonly target: CompiledTarget;
  /** Set when some match or the target cannot be evaluated: the rule then never matches. */
  readonly cannot?: string;
  readonly note?: string;
}

/**
 * Per-chain index of rules that can only match one destination host or one destination port:
 * the kernel scans every rule, the simulator visits only the rules that could match.
 */
export interface ChainIndex {
  readonly byDst: ReadonlyMap<bigint, readonly number[]>;
  readonly byDport: ReadonlyMap<number, readonly number[]>;
  /** Rules with neither key, in order. */
  readonly others: readonly number[];
}

/**
 * A chain whose rules are compiled on first use: a 100,000-rule dump costs only the chains a
 * packet visits, and an index is built for long chains when they are first entered.
 */
export class CompiledChain {
  readonly builtin: boolean;
  readonly policy: Policy | undefined;
  readonly size: number;
  private readonly compiled: (CompiledRule | undefined)[];
  private chainIndex: ChainIndex | undefined | null = null;

  constructor(
    readonly table: TableName,
    readonly source: Chain,
    readonly family: IpFamily,
    private readonly threshold: number,
    private readonly names: ReadonlySet<string>,
  ) {
    this.builtin = source.builtin && BUILTIN_CHAINS[table].includes(source.name);
    this.policy = source.policy;
    this.size = source.rules.length;
    this.compiled = new Array<CompiledRule | undefined>(this.size);
  }

  get name(): string {
    return this.source.name;
  }

  /** The rule at 0-based index `i`, compiled once. */
  ruleAt(i: number): CompiledRule | undefined {
    const hit = this.compiled[i];
    if (hit) return hit;
    const rule = this.source.rules[i];
    if (!rule) return undefined;
    const compiled = compileRule(
      this.table,
      this.source.name,
      rule,
      i + 1,
      this.family,
      this.names,
    );
    this.compiled[i] = compiled;
    return compiled;
  }

  /** The chain's index, or undefined when the chain is short enough to scan. */
  index(): ChainIndex | undefined {
    if (this.chainIndex === null)
      this.chainIndex = this.size >= this.threshold ? buildIndex(this) : undefined;
    return this.chainIndex;
  }
}

export interface CompiledRuleset {
  readonly family: IpFamily;
  readonly tables: ReadonlyMap<TableName, ReadonlyMap<string, CompiledChain>>;
  /** TPROXY marks used by the rules (for the automatic table-133 policy route). */
  readonly tproxyMarks: readonly { readonly mark: number; readonly mask: number }[];
}

/** Chains shorter than this are scanned linearly: an index would not pay for itself. */
export const DEFAULT_INDEX_THRESHOLD = 32;

const cache = new WeakMap<Ruleset, Map<number, CompiledRuleset>>();

/**
 * Prepares a Ruleset for simulation (cached per Ruleset object and index threshold in a
 * WeakMap): chains whose rules compile lazily, and the TPROXY marks. What the kernel would refuse
 * at load time is the parser's to say (`kernel-rejects`, `jump-loop`): a simulation walks the
 * rules anyway.
 */
export function compileRuleset(
  ruleset: Ruleset,
  indexThreshold = DEFAULT_INDEX_THRESHOLD,
): CompiledRuleset {
  let byThreshold = cache.get(ruleset);
  if (!byThreshold) {
    byThreshold = new Map();
    cache.set(ruleset, byThreshold);
  }
  const hit = byThreshold.get(indexThreshold);
  if (hit) return hit;
  const tables = new Map<TableName, Map<string, CompiledChain>>();
  const tproxyMarks: { mark: number; mask: number }[] = [];
  for (const table of ruleset.tables) {
    const chains = new Map<string, CompiledChain>();
    const names = new Set(table.chains.map((c) => c.name));
    for (const chain of table.chains) {
      chains.set(
        chain.name,
        new CompiledChain(table.name, chain, ruleset.family, indexThreshold, names),
      );
      chain.rules.forEach((rule, i) => {
        if (rule.target?.kind !== 'extension' || rule.target.name !== 'TPROXY') return;
        const t = compileRule(table.name, chain.name, rule, i + 1, ruleset.family, names).target;
        if (t.kind === 'tproxy' && t.mask !== 0) tproxyMarks.push({ mark: t.mark, mask: t.mask });
      });
    }
    tables.set(table.name, chains);
  }
  const result: CompiledRuleset = { family: ruleset.family, tables, tproxyMarks };
  byThreshold.set(indexThreshold, result);
  return result;
}

function compileRule(
  table: TableName,
  chain: string,
  rule: Rule,
  position: number,
  family: IpFamily,
  names: ReadonlySet<string>,
): CompiledRule {
  const ref = ruleRef(table, chain, position);
  const conditions: Condition[] = [];
  let cannot: string | undefined;
  const fields = compileRuleFields(rule, family);
  if (fields.ok) conditions.push(...fields.conditions);
  else cannot = fields.reason;
  for (const match of rule.matches) {
    const m = compileMatch(match, family);
    if (m.ok) conditions.push(...m.conditions);
    else cannot ??= m.reason;
  }
  if (rule.unparsed && rule.unparsed.length > 0)
    cannot ??= `cannot evaluate '${rule.unparsed.join(' ')}'`;
  const t = compileTarget(rule.target);
  const target: CompiledTarget = t.ok ? t.target : { kind: 'none' };
  if (!t.ok) cannot ??= t.reason;
  if ((target.kind === 'jump' || target.kind === 'goto') && !names.has(target.chain)) {
    cannot ??= `chain ${target.chain} does not exist in table ${table}`;
  }
  return {
    ref,
    position,
    rule,
    conditions,
    target,
    ...(cannot === undefined ? {} : { cannot }),
    ...(t.ok && t.note !== undefined ? { note: t.note } : {}),
  };
}

/** The single destination host a rule requires (`-d A/32` without `!`), if any. */
function dstKey(rule: Rule, family: IpFamily): bigint | undefined {
  const d = rule.destination;
  if (!d || d.negated) return undefined;
  const cidr = parseCidrLoose(d.value);
  return cidr && cidr.family === family && cidr.bits === familyWidth(family)
    ? cidr.address
    : undefined;
}

/** The single destination port a rule requires (`--dport N` without `!`), if any. */
function dportKey(rule: Rule): number | undefined {
  for (const m of rule.matches) {
    if (m.module !== 'tcp' && m.module !== 'udp') continue;
    for (const o of m.options) {
      const name = optionName(o);
      if (o.negated || (name !== 'dport' && name !== 'destination-port')) continue;
      const range = parsePortRange(optionValue(o));
      if (range && range.from === range.to) return range.from;
    }
  }
  return undefined;
}

function buildIndex(chain: CompiledChain): ChainIndex {
  const byDst = new Map<bigint, number[]>();
  const byDport = new Map<number, number[]>();
  const others: number[] = [];
  const push = <K>(map: Map<K, number[]>, key: K, i: number) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  for (let i = 0; i < chain.size; i++) {
    const r = chain.ruleAt(i);
    if (!r) continue;
    // A rule that cannot be evaluated still yields its diagnostic, so it is always visited.
    const dst = r.cannot === undefined ? dstKey(r.rule, chain.family) : undefined;
    if (dst !== undefined) {
      push(byDst, dst, i);
      continue;
    }
    const dport = r.cannot === undefined ? dportKey(r.rule) : undefined;
    if (dport !== undefined) push(byDport, dport, i);
    else others.push(i);
  }
  return { byDst, byDport, others };
}

const EMPTY: readonly number[] = [];

/** Indices of the rules of an indexed chain that could match a packet to `dst`:`dport`, in order. */
export function candidateRules(index: ChainIndex, dst: bigint, dport: number): readonly number[] {
  return mergeSorted(
    index.others,
    index.byDst.get(dst) ?? EMPTY,
    index.byDport.get(dport) ?? EMPTY,
  );
}

function mergeSorted(
  a: readonly number[],
  b: readonly number[],
  c: readonly number[],
): readonly number[] {
  if (b.length === 0 && c.length === 0) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  let k = 0;
  const INF = Number.MAX_SAFE_INTEGER;
  while (i < a.length || j < b.length || k < c.length) {
    const x = a[i] ?? INF;
    const y = b[j] ?? INF;
    const z = c[k] ?? INF;
    if (x <= y && x <= z) {
      out.push(x);
      i++;
    } else if (y <= z) {
      out.push(y);
      j++;
    } else {
      out.push(z);
      k++;
    }
  }
  return out;
}
