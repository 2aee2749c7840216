import type { RuleOrigin } from '../../iptables/model.ts';
import type { NftRuleBuilder, NftTableLayout } from '../../nftables/builder.ts';
import type { Diagnostic } from '../../shared/diagnostics.ts';
import type { IstioConfig } from '../config.ts';
import type { DnsPlan } from '../steps/context.ts';
import type { SplitRanges } from '../steps/ranges.ts';

/** Istio's nftables table names. upstream: tools/istio-nftables/pkg/constants/constants.go. */
export const NAT = 'istio-proxy-nat';
export const MANGLE = 'istio-proxy-mangle';
export const RAW = 'istio-proxy-raw';

/**
 * The three `inet` tables, chains in declaration order, base chains with the numeric priorities
 * knftables writes (dstnat -100, mangle -150, raw -300). upstream: capture/run.go — Run.
 */
export const SIDECAR_LAYOUTS: readonly NftTableLayout[] = [
  {
    family: 'inet',
    name: NAT,
    chains: [
      { name: 'prerouting', base: { type: 'nat', hook: 'prerouting', priority: -100 } },
      { name: 'output', base: { type: 'nat', hook: 'output', priority: -100 } },
      { name: 'istio-inbound' },
      { name: 'istio-redirect' },
      { name: 'istio-in-redirect' },
      { name: 'istio-output' },
      { name: 'istio-output-dns' },
    ],
  },
  {
    family: 'inet',
    name: MANGLE,
    chains: [
      { name: 'prerouting', base: { type: 'filter', hook: 'prerouting', priority: -150 } },
      { name: 'output', base: { type: 'route', hook: 'output', priority: -150 } },
      { name: 'istio-divert' },
      { name: 'istio-tproxy' },
      { name: 'istio-inbound' },
      { name: 'istio-drop' },
    ],
  },
  {
    family: 'inet',
    name: RAW,
    chains: [
      { name: 'prerouting', base: { type: 'filter', hook: 'prerouting', priority: -300 } },
      { name: 'output', base: { type: 'filter', hook: 'output', priority: -300 } },
      { name: 'istio-inbound' },
      { name: 'istio-output-dns' },
    ],
  },
];

/** Everything a step of the nftables generator reads; steps only add rules and diagnostics. */
export interface NftGenContext {
  readonly config: IstioConfig;
  readonly builder: NftRuleBuilder;
  readonly diagnostics: Diagnostic[];
  /** 1.28+ writes `counter` before each rule's action (PR #57216); 1.27 does not. */
  readonly counters: boolean;
  readonly tproxy: boolean;
  /** `HostIPv4LoopbackCidr` and `::1/128`. */
  readonly loopback: readonly [v4: string, v6: string];
  readonly includes: SplitRanges;
  readonly excludes: SplitRanges;
  readonly dns: DnsPlan;
}

/** Where a rule goes and what it says: matches, then (after `counter`) its action. */
export interface NftRuleSpec {
  readonly table: string;
  readonly chain: string;
  readonly match: readonly string[];
  readonly action: readonly string[];
  readonly origin: RuleOrigin;
  /** `v6`: only when IPv6 is on (upstream `…V6RuleIfSupported`). */
  readonly v6?: boolean;
  /** 0-based insert position. */
  readonly at?: number;
}

/** Records one rule; `counter` sits immediately before the action, as upstream writes it. */
export function addNftRule(ctx: NftGenContext, spec: NftRuleSpec): void {
  const params = [...spec.match, ...(ctx.counters ? ['counter'] : []), ...spec.action];
  const { builder } = ctx;
  if (spec.at === undefined) {
    if (spec.v6 === true) builder.appendV6(spec.table, spec.chain, params, spec.origin);
    else builder.append(spec.table, spec.chain, params, spec.origin);
  } else if (spec.v6 === true) {
    builder.insertV6(spec.table, spec.chain, spec.at, params, spec.origin);
  } else {
    builder.insert(spec.table, spec.chain, spec.at, params, spec.origin);
  }
}
