import type { ChainKey, RuleRef } from '../../iptables/model.ts';
import type { Brand } from '../../shared/brand.ts';

/** `inet/istio-proxy-nat`: an nftables table as family and name. */
export type NftTableKey = Brand<string, 'NftTableKey'>;

const NFT_FAMILIES = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);

/**
 * The key of an nftables table in trace steps.
 *
 * @example
 * nftTableKey('inet', 'istio-proxy-nat'); // 'inet/istio-proxy-nat'
 */
export function nftTableKey(family: string, table: string): NftTableKey {
  return `${family}/${table}` as NftTableKey;
}

/**
 * CONTRACTS.md §3 for nftables: `family/table/chain#N`, N the rule's 1-based position in the
 * chain as `nft list ruleset` lists it.
 *
 * @example
 * nftRuleRef('inet', 'istio-proxy-nat', 'istio-output', 3); // 'inet/istio-proxy-nat/istio-output#3'
 */
export function nftRuleRef(
  family: string,
  table: string,
  chain: string,
  position: number,
): RuleRef {
  return `${family}/${table}/${chain}#${position}` as RuleRef;
}

/** `inet/istio-proxy-nat/output`: a base chain's key for policy counters. */
export function nftChainKey(family: string, table: string, chain: string): ChainKey {
  return `${family}/${table}/${chain}` as ChainKey;
}

/** The parts of an nftables rule reference. */
export interface NftRuleRefParts {
  readonly ref: RuleRef;
  readonly family: string;
  readonly table: string;
  readonly chain: string;
  readonly position: number;
}

/**
 * `inet/istio-proxy-nat/istio-output#3` taken apart, or undefined when the text is not an
 * nftables rule reference (the twin of `parseRuleRef`, which reads `table/CHAIN#N`).
 *
 * @example
 * parseNftRuleRef('inet/istio-proxy-nat/istio-output#3')?.chain; // 'istio-output'
 */
export function parseNftRuleRef(text: string): NftRuleRefParts | undefined {
  const m = /^([a-z0-9]+)\/([^/#\s]+)\/([^/#\s]+)#([1-9][0-9]{0,8})$/.exec(text);
  if (!m || !NFT_FAMILIES.has(m[1] ?? '')) return undefined;
  const [, family = '', table = '', chain = '', digits = ''] = m;
  const position = Number(digits);
  return { ref: nftRuleRef(family, table, chain, position), family, table, chain, position };
}
