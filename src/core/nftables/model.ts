import type { RuleOrigin } from '../iptables/model.ts';
import type { SourceRange } from '../shared/source-range.ts';

/** Address families of nftables tables (`nft add table <family> <name>`). */
export type NftFamily = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';

export const NFT_FAMILIES: readonly NftFamily[] = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];

/** Base-chain types (`type nat hook output priority -100`). */
export type NftChainType = 'filter' | 'nat' | 'route';

/** Netfilter hooks a base chain can attach to. */
export type NftHook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting' | 'ingress';

/** What makes a chain a base chain: its type, hook, numeric priority and (optional) policy. */
export interface NftBaseChainSpec {
  readonly type: NftChainType;
  readonly hook: NftHook;
  readonly priority: number;
  readonly policy?: 'accept' | 'drop';
  readonly device?: string;
}

/** A chain as declared: a name, and a base-chain spec for chains attached to a hook. */
export interface NftChainDecl {
  readonly name: string;
  readonly base?: NftBaseChainSpec;
}

/** One element of a named set or map: its key (and map value) as written, and its comment. */
export interface NftSetElement {
  /** `10.0.0.1`, `10.0.0.0/8`, `10.0.0.1-10.0.0.9`, `10.0.0.1 . 80`, `"eth0"` (quotes kept). */
  readonly key: string;
  /** Maps only: the value after `:` (`accept`, `jump c`, `10.0.0.1`). */
  readonly value?: string;
  readonly comment?: string;
}

/**
 * A named set or map as declared (`add set`, `add map`, or a `set`/`map` block): key type
 * (`ipv4_addr`, `ipv4_addr . inet_service`, or `typeof ip daddr`), map data type, flags and
 * options. Options the model does not print keep their order-independent values here.
 */
export interface NftSetDecl {
  readonly name: string;
  readonly kind: 'set' | 'map';
  /** The key type words after `type` (`ipv4_addr . inet_service`), or after `typeof`. */
  readonly type: string;
  readonly typeof?: boolean;
  /** Maps: the data type after `:` (`verdict`, `ipv4_addr`, `mark`). */
  readonly data?: string;
  readonly flags?: readonly string[];
  readonly timeout?: string;
  readonly gcInterval?: string;
  readonly size?: number;
  readonly policy?: 'performance' | 'memory';
  readonly counter?: boolean;
  readonly autoMerge?: boolean;
  readonly comment?: string;
}

/**
 * One command of an `nft -f` script, as a transaction holds it. Rule bodies stay the text the
 * writer gave (knftables concatenates the builder's parameters with single spaces); `index` is
 * the 0-based position of `insert rule … index N` / `add rule … index N`.
 */
export type NftCommand =
  | { readonly kind: 'flush-ruleset'; readonly range?: SourceRange }
  | {
      readonly kind: 'add-table' | 'flush-table' | 'delete-table';
      readonly family: NftFamily;
      readonly table: string;
      readonly range?: SourceRange;
    }
  | {
      readonly kind: 'add-chain';
      readonly family: NftFamily;
      readonly table: string;
      readonly chain: NftChainDecl;
      readonly range?: SourceRange;
    }
  | {
      readonly kind: 'flush-chain' | 'delete-chain';
      readonly family: NftFamily;
      readonly table: string;
      readonly chain: string;
      readonly range?: SourceRange;
    }
  | {
      readonly kind: 'add-set';
      readonly family: NftFamily;
      readonly table: string;
      readonly set: NftSetDecl;
      /** `elements = { … }` given with the declaration. */
      readonly elements?: readonly NftSetElement[];
      readonly range?: SourceRange;
    }
  | {
      readonly kind: 'flush-set' | 'delete-set';
      readonly family: NftFamily;
      readonly table: string;
      readonly set: string;
      /** Written `flush map` / `delete map`. */
      readonly map?: boolean;
      readonly range?: SourceRange;
    }
  | {
      readonly kind: 'add-element' | 'delete-element';
      readonly family: NftFamily;
      readonly table: string;
      readonly set: string;
      readonly elements: readonly NftSetElement[];
      readonly range?: SourceRange;
    }
  | {
      readonly kind: 'add-rule' | 'insert-rule';
      readonly family: NftFamily;
      readonly table: string;
      readonly chain: string;
      readonly rule: string;
      readonly index?: number;
      readonly origin?: RuleOrigin;
      readonly range?: SourceRange;
    };

/** A rule command (`add rule` / `insert rule`). */
export type NftRuleCommand = Extract<NftCommand, { kind: 'add-rule' | 'insert-rule' }>;
