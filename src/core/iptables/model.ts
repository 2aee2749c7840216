import type { Brand } from '../shared/brand.ts';
import type { IpFamily } from '../shared/ip.ts';
import type { SourceRange } from '../shared/source-range.ts';

/** The five netfilter tables iptables knows. */
export type TableName = 'raw' | 'mangle' | 'nat' | 'filter' | 'security';

export const TABLE_NAMES: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter', 'security'];

/** Built-in chains of each table, in the order iptables-save prints their headers. */
export const BUILTIN_CHAINS: Readonly<Record<TableName, readonly string[]>> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** `nat/ISTIO_OUTPUT` */
export type ChainKey = Brand<string, 'ChainKey'>;
/** `nat/ISTIO_OUTPUT#3`: 1-based position in the chain as iptables-save lists it. */
export type RuleRef = Brand<string, 'RuleRef'>;

/** `table` is an iptables table, or an nftables table key (`inet/istio-proxy-nat`) in traces. */
export function chainKey(table: string, chain: string): ChainKey {
  return `${table}/${chain}` as ChainKey;
}

export function ruleRef(table: TableName, chain: string, position: number): RuleRef {
  return `${table}/${chain}#${position}` as RuleRef;
}

/** The parts of a RuleRef. */
export interface RuleRefParts {
  readonly ref: RuleRef;
  readonly table: TableName;
  readonly chain: string;
  /** 1-based, as iptables-save lists the chain. */
  readonly position: number;
}

/**
 * `nat/ISTIO_INBOUND#5` taken apart, or undefined when the text is not a rule reference (unknown
 * table, empty chain, position not a positive integer). The inverse of `ruleRef`.
 *
 * @example
 * parseRuleRef('nat/ISTIO_INBOUND#5'); // { ref: 'nat/ISTIO_INBOUND#5', table: 'nat', chain: 'ISTIO_INBOUND', position: 5 }
 */
export function parseRuleRef(text: string): RuleRefParts | undefined {
  const slash = text.indexOf('/');
  const hash = text.lastIndexOf('#');
  if (slash < 0 || hash <= slash + 1) return undefined;
  const table = text.slice(0, slash);
  const digits = text.slice(hash + 1);
  if (!(TABLE_NAMES as readonly string[]).includes(table) || !/^[1-9][0-9]{0,8}$/.test(digits))
    return undefined;
  const name = table as TableName;
  const chain = text.slice(slash + 1, hash);
  const position = Number(digits);
  return { ref: ruleRef(name, chain, position), table: name, chain, position };
}

/**
 * The rule a RuleRef names (its 1-based position in the chain), or undefined when there is none.
 *
 * @example
 * findRule(ruleset, ruleRef('nat', 'ISTIO_OUTPUT', 4))?.origin?.flags; // ['proxy-uid']
 */
export function findRule(ruleset: Ruleset, ref: RuleRef): Rule | undefined {
  const parts = parseRuleRef(ref);
  if (parts === undefined) return undefined;
  const table = ruleset.tables.find((t) => t.name === parts.table);
  return table?.chains.find((c) => c.name === parts.chain)?.rules[parts.position - 1];
}

export interface Counters {
  readonly packets: bigint;
  readonly bytes: bigint;
}

/** A value that iptables lets you negate with `!`. */
export interface Negatable<T> {
  readonly negated: boolean;
  readonly value: T;
}

/**
 * One `--option args…` of a match or target, as written. Options keep their input order; the
 * renderer applies the kernel's canonical forms (hex marks, `--to-ports`, …).
 */
export interface RuleOption {
  readonly name: string;
  readonly negated: boolean;
  readonly args: readonly string[];
}

/** `-m module --opt …`. `implicit` marks the `-m tcp`/`-m udp` that `-p tcp --dport` implies. */
export interface Match {
  readonly module: string;
  readonly options: readonly RuleOption[];
  readonly implicit: boolean;
  /** Set when the module is not one we understand; rendered verbatim. */
  readonly known: boolean;
}

export type Verdict = 'ACCEPT' | 'DROP' | 'RETURN' | 'QUEUE';

export type Target =
  | { readonly kind: 'verdict'; readonly verdict: Verdict }
  | { readonly kind: 'jump'; readonly chain: string }
  | { readonly kind: 'goto'; readonly chain: string }
  | {
      readonly kind: 'extension';
      readonly name: string;
      readonly options: readonly RuleOption[];
      readonly known: boolean;
    };

/** Where a generated rule came from, so the UI can link flags and rules. */
export interface RuleOrigin {
  /** Long flag names (or env-only option names) that caused this rule. */
  readonly flags: readonly string[];
  /** One sentence: why the generator wrote this rule. */
  readonly reason: string;
}

export interface Rule {
  readonly counters?: Counters;
  readonly protocol?: Negatable<string>;
  readonly source?: Negatable<string>;
  readonly destination?: Negatable<string>;
  readonly inInterface?: Negatable<string>;
  readonly outInterface?: Negatable<string>;
  readonly fragment?: Negatable<true>;
  readonly matches: readonly Match[];
  /** Absent for a rule without `-j`/`-g` (it only counts). */
  readonly target?: Target;
  /** Where the rule was written in the parsed text. */
  readonly range?: SourceRange;
  readonly origin?: RuleOrigin;
  /** Tokens the parser could not place, kept so the rule renders back losslessly. */
  readonly unparsed?: readonly string[];
}

export type Policy = 'ACCEPT' | 'DROP';

export interface Chain {
  readonly name: string;
  readonly builtin: boolean;
  /** Built-in chains only. */
  readonly policy?: Policy;
  readonly counters?: Counters;
  readonly rules: readonly Rule[];
  readonly range?: SourceRange;
}

export interface Table {
  readonly name: TableName;
  /** Built-in chains first (BUILTIN_CHAINS order), then user chains in creation order. */
  readonly chains: readonly Chain[];
}

/** The loaded state of one family's tables, as the kernel would hold it after a restore. */
export interface Ruleset {
  readonly family: IpFamily;
  /** Only tables that the input touched, in TABLE_NAMES order. */
  readonly tables: readonly Table[];
}
