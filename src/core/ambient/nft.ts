import type { RuleOrigin } from '../iptables/model.ts';
import {
  buildNftTransaction,
  createNftRuleBuilder,
  type NftRuleBuilder,
  type NftRuleDraft,
  type NftTableLayout,
  type NftTransactionOptions,
} from '../nftables/builder.ts';
import type { NftCommand } from '../nftables/model.ts';
import { because } from '../generator/steps/builder.ts';
import { AMBIENT, ambientPolicyRoutes, isDnsCaptured, type AmbientConfig } from './config.ts';

/** upstream: cni/pkg/nftables/nftables.go — the ambient table names. */
export const AMBIENT_NFT_TABLES = {
  nat: 'istio-ambient-nat',
  mangle: 'istio-ambient-mangle',
  raw: 'istio-ambient-raw',
} as const;

const { nat: NAT, mangle: MANGLE, raw: RAW } = AMBIENT_NFT_TABLES;
const PRERT = 'istio-prerouting';
const OUTPUT = 'istio-output';
const COUNTER = 'counter';

/**
 * upstream: nftables.go — addIstioTableRules: a chain is declared when it has rules or is a
 * `jump` target; an insert keeps its index only once the chain has a rule.
 */
export const AMBIENT_TRANSACTION: NftTransactionOptions = {
  declare: 'non-empty-or-jump-target',
  insert: 'non-empty',
  flush: true,
};

function regularChains(): NftTableLayout['chains'] {
  return [{ name: PRERT }, { name: OUTPUT }];
}

/**
 * The in-pod tables in transaction order (nat, mangle, raw) with knftables' numeric priorities.
 * upstream: nftables.go — addIstioNatTableRules / addIstioMangleTableRules / addIstioRawTableRules.
 */
export const AMBIENT_INPOD_LAYOUTS: readonly NftTableLayout[] = [
  {
    family: 'inet',
    name: NAT,
    chains: [
      { name: 'prerouting', base: { type: 'nat', hook: 'prerouting', priority: -100 } },
      { name: 'output', base: { type: 'nat', hook: 'output', priority: -100 } },
      ...regularChains(),
    ],
  },
  {
    family: 'inet',
    name: MANGLE,
    chains: [
      { name: 'prerouting', base: { type: 'filter', hook: 'prerouting', priority: -150 } },
      { name: 'output', base: { type: 'route', hook: 'output', priority: -150 } },
      ...regularChains(),
    ],
  },
  {
    family: 'inet',
    name: RAW,
    chains: [
      { name: 'prerouting', base: { type: 'filter', hook: 'prerouting', priority: -300 } },
      { name: 'output', base: { type: 'filter', hook: 'output', priority: -300 } },
      ...regularChains(),
    ],
  },
];

/** upstream: nftables.go — executeHostCommands: the node's nat table, SNAT priority 100. */
export const AMBIENT_HOST_LAYOUTS: readonly NftTableLayout[] = [
  {
    family: 'inet',
    name: NAT,
    chains: [{ name: 'postrouting', base: { type: 'nat', hook: 'postrouting', priority: 100 } }],
  },
];

/**
 * The program istio-cni pipes to `nft -f -` for an ambient pod (or, `hostProbe`, the node), and
 * the rule drafts (with their origins) it was built from.
 *
 * @example
 * const out = generateAmbientNftables(DEFAULT_AMBIENT_CONFIG);
 * renderNftScript(out.commands).split('\n')[0]; // 'add table inet istio-ambient-nat'
 */
export interface GeneratedAmbientNftables {
  readonly enableIPv6: boolean;
  readonly commands: readonly NftCommand[];
  readonly rules: readonly NftRuleDraft[];
  /**
   * Host probe: the transaction that creates the probe sets before any rule refers to them
   * (empty for in-pod rules). upstream: cni/pkg/nftables/host_sets.go — initializeSets.
   */
  readonly sets: readonly NftCommand[];
  /** `ip rule` / `ip route` the agent adds through netlink (shared with the iptables backend). */
  readonly setup: readonly string[];
}

const hex = (n: number): string => `0x${n.toString(16)}`;

const ORIGIN = {
  hook: because('Hands the hook to the ambient chain of this table.'),
  connmark: because(
    'Marks connections ztunnel opened into the pod (socket mark 0x539) with 0x111, so replies take the table-100 route back to ztunnel.',
  ),
  restore: because(
    'Copies the 0x111 connmark onto the app’s reply packets, which selects the table-100 policy route to lo.',
  ),
  virtual: because(
    'Traffic arriving from this virtual interface (a VM) is outbound traffic: ztunnel’s outbound port.',
    'virtual-interfaces',
  ),
  probeIn: because(
    'Kubelet probes arrive SNATed to the probe address and reach the app without ztunnel.',
    'probe-snat',
  ),
  probeOut: because('Replies to kubelet probes go straight back.', 'probe-snat'),
  inbound: because(
    'Plaintext inbound TCP goes to ztunnel’s inbound port; HBONE (15008) and ztunnel’s own connections pass.',
  ),
  dns: because(
    'DNS capture: the pod’s DNS queries go to ztunnel’s DNS proxy.',
    'redirect-dns',
    'pod-dns',
  ),
  zone: because(
    'ztunnel’s own DNS flows get their own conntrack zone, so they cannot collide with the app’s flows to 15053.',
    'redirect-dns',
    'pod-dns',
  ),
  replies: because('Replies on connections ztunnel opened into the pod are not captured again.'),
  loopback: because('Traffic to the pod’s own addresses over lo stays in the pod.'),
  outbound: because('Outbound TCP from the app goes to ztunnel’s outbound port.'),
  snat: because(
    'Kubelet’s probes (sockets of the kubelet’s uid on the node) to an enrolled pod (the named set) are SNATed to the probe address, so the pod can tell them from forwarded traffic.',
    'probe-snat',
    'kubelet-uid',
  ),
} satisfies Record<string, RuleOrigin>;

const NOT_ZTUNNEL = ['mark and', hex(AMBIENT.markMask), '!=', hex(AMBIENT.inpodMark)];

/** Base-chain jumps in upstream's order (raw only with DNS capture). */
function addJumps(b: NftRuleBuilder, dns: boolean): void {
  b.append(MANGLE, 'prerouting', ['jump', PRERT], ORIGIN.hook);
  b.append(MANGLE, 'output', ['jump', OUTPUT], ORIGIN.hook);
  b.append(NAT, 'output', ['jump', OUTPUT], ORIGIN.hook);
  if (dns) {
    b.append(RAW, 'prerouting', ['jump', PRERT], ORIGIN.hook);
    b.append(RAW, 'output', ['jump', OUTPUT], ORIGIN.hook);
  }
  b.append(NAT, 'prerouting', ['jump', PRERT], ORIGIN.hook);
}

/** Virtual-interface pairs first in nat istio-prerouting (TCP only, unlike the sidecar's). */
function addVirtualInterfaces(b: NftRuleBuilder, config: AmbientConfig): void {
  for (const itf of config.virtualInterfaces) {
    const head = ['iifname', itf, 'meta l4proto tcp', COUNTER];
    b.append(NAT, PRERT, [...head, 'redirect to', `:${AMBIENT.outboundPort}`], ORIGIN.virtual);
    b.append(NAT, PRERT, [...head, 'return'], ORIGIN.virtual);
  }
}

/** Probe accepts and the inbound plaintext redirect (both but the reply accept skipped in ingress mode). */
function addInbound(b: NftRuleBuilder, config: AmbientConfig): void {
  const tcp = 'meta l4proto tcp';
  if (!config.ingressMode) {
    b.append(NAT, PRERT, [tcp, 'ip saddr', config.probeSnatV4, COUNTER, 'accept'], ORIGIN.probeIn);
    b.appendV6(
      NAT,
      PRERT,
      [tcp, 'ip6 saddr', config.probeSnatV6, COUNTER, 'accept'],
      ORIGIN.probeIn,
    );
  }
  b.append(NAT, OUTPUT, [tcp, 'ip daddr', config.probeSnatV4, COUNTER, 'accept'], ORIGIN.probeOut);
  b.appendV6(
    NAT,
    OUTPUT,
    [tcp, 'ip6 daddr', config.probeSnatV6, COUNTER, 'accept'],
    ORIGIN.probeOut,
  );
  if (config.ingressMode) return;
  const hbone = ['tcp dport', '!=', String(AMBIENT.hboneInboundPort)];
  const to = [
    '!=',
    hex(AMBIENT.inpodMark),
    COUNTER,
    'redirect to',
    `:${AMBIENT.inboundPlaintextPort}`,
  ];
  // upstream quirk: the IPv4 rule's "mark and 0xfff " parameter ends in a space (double space).
  b.append(
    NAT,
    PRERT,
    ['ip daddr', '!=', '127.0.0.1/32', ...hbone, `mark and ${hex(AMBIENT.markMask)} `, ...to],
    ORIGIN.inbound,
  );
  b.appendV6(
    NAT,
    PRERT,
    ['ip6 daddr', '!=', '::1/128', ...hbone, `mark and ${hex(AMBIENT.markMask)}`, ...to],
    ORIGIN.inbound,
  );
}

/** DNS to ztunnel's 15053 (UDP not via lo, TCP not to loopback), and raw conntrack zone 1. */
function addDns(b: NftRuleBuilder): void {
  const to = [COUNTER, 'redirect to', `:${AMBIENT.dnsPort}`];
  b.append(
    NAT,
    OUTPUT,
    ['oifname', '!=', 'lo', ...NOT_ZTUNNEL, 'udp dport', '53', ...to],
    ORIGIN.dns,
  );
  b.append(
    NAT,
    OUTPUT,
    ['ip daddr', '!=', '127.0.0.1/32', 'tcp dport', '53', ...NOT_ZTUNNEL, ...to],
    ORIGIN.dns,
  );
  b.appendV6(
    NAT,
    OUTPUT,
    ['ip6 daddr', '!=', '::1/128', 'tcp dport', '53', ...NOT_ZTUNNEL, ...to],
    ORIGIN.dns,
  );
  const zone = [COUNTER, 'ct zone set', String(AMBIENT.dnsConntrackZone)];
  const mark = ['meta mark and', hex(AMBIENT.markMask)];
  const ztunnel = hex(AMBIENT.inpodMark);
  // upstream: istio/istio#33469 — proxy → upstream, then upstream → proxy replies.
  b.append(RAW, OUTPUT, ['udp dport', '53', ...mark, '==', ztunnel, ...zone], ORIGIN.zone);
  b.append(RAW, PRERT, ['udp sport', '53', ...mark, '!=', ztunnel, ...zone], ORIGIN.zone);
}

/** The tail of nat istio-output: ztunnel's replies, pod-local lo traffic, then 15001. */
function addOutbound(b: NftRuleBuilder): void {
  const tcp = 'meta l4proto tcp';
  const replies = ['mark and', hex(AMBIENT.markMask), '==', hex(AMBIENT.tproxyMark)];
  b.append(NAT, OUTPUT, [tcp, ...replies, COUNTER, 'accept'], ORIGIN.replies);
  const lo = ['oifname', 'lo'];
  b.append(
    NAT,
    OUTPUT,
    [...lo, 'ip daddr', '!=', '127.0.0.1/32', COUNTER, 'accept'],
    ORIGIN.loopback,
  );
  b.appendV6(
    NAT,
    OUTPUT,
    [...lo, 'ip6 daddr', '!=', '::1/128', COUNTER, 'accept'],
    ORIGIN.loopback,
  );
  const to = [...NOT_ZTUNNEL, COUNTER, 'redirect to', `:${AMBIENT.outboundPort}`];
  b.append(NAT, OUTPUT, [tcp, 'ip daddr', '!=', '127.0.0.1/32', ...to], ORIGIN.outbound);
  b.appendV6(NAT, OUTPUT, [tcp, 'ip6 daddr', '!=', '::1/128', ...to], ORIGIN.outbound);
}

/**
 * The in-pod program, in upstream's call order (rules land per table; the transaction writes
 * nat, mangle, raw). upstream: cni/pkg/nftables/nftables.go — AppendInpodRules.
 */
function addInpodRules(b: NftRuleBuilder, config: AmbientConfig): void {
  const dns = isDnsCaptured(config);
  addJumps(b, dns);
  addVirtualInterfaces(b, config);
  // upstream quirk: "… & 0xfffff000 | " then the mark: a double space before 0x111.
  const connmark = ['ct mark set ct mark & 0xfffff000 | ', hex(AMBIENT.tproxyMark)];
  b.append(
    MANGLE,
    PRERT,
    ['meta mark & 0xfff ==', hex(AMBIENT.inpodMark), COUNTER, ...connmark],
    ORIGIN.connmark,
  );
  addInbound(b, config);
  const restore = ['ct mark and', hex(AMBIENT.markMask), '==', hex(AMBIENT.tproxyMark)];
  b.append(MANGLE, OUTPUT, [...restore, COUNTER, 'meta mark set ct mark'], ORIGIN.restore);
  if (dns) addDns(b);
  addOutbound(b);
}

/**
 * The node's probe SNAT: nftables has no `--socket-exists`, so the kubelet's uid stands in.
 * upstream: nftables.go — CreateHostRulesForHealthChecks.
 */
function addHostRules(b: NftRuleBuilder, config: AmbientConfig): void {
  const head = ['meta l4proto tcp', 'skuid', config.kubeletUid];
  const v4 = ['ip', 'daddr', `@${AMBIENT.probeSetV4}`, COUNTER, 'snat', 'to', config.probeSnatV4];
  const v6 = ['ip6', 'daddr', `@${AMBIENT.probeSetV6}`, COUNTER, 'snat', 'to', config.probeSnatV6];
  b.append(NAT, 'postrouting', [...head, ...v4], ORIGIN.snat);
  b.appendV6(NAT, 'postrouting', [...head, ...v6], ORIGIN.snat);
}

const PROBE_SET_COMMENT = 'UUID of the pods that are part of ambient mesh';

/** The sets of enrolled pod addresses (elements: pod IP, comment: pod UID), created empty. */
function probeSetCommands(enableIPv6: boolean): NftCommand[] {
  const where = { family: 'inet', table: NAT } as const;
  const set = (name: string, type: string): NftCommand => ({
    kind: 'add-set',
    ...where,
    set: { name, kind: 'set', type, comment: PROBE_SET_COMMENT },
  });
  const out: NftCommand[] = [{ kind: 'add-table', ...where }, set(AMBIENT.probeSetV4, 'ipv4_addr')];
  if (enableIPv6) out.push(set(AMBIENT.probeSetV6, 'ipv6_addr'));
  return out;
}

/**
 * Computes istio-cni's nftables program (`NATIVE_NFTABLES`) for an ambient pod — or, with
 * `hostProbe`, for the node — as one transaction (`add table`, `flush table`, chains, rules).
 * upstream: cni/pkg/nftables/nftables.go — AppendInpodRules, CreateHostRulesForHealthChecks.
 *
 * @example
 * const out = generateAmbientNftables({ ...DEFAULT_AMBIENT_CONFIG, kubeletUid: '1000' }, { hostProbe: true });
 * renderNftScript(out.commands).split('\n')[3];
 * // 'add rule inet istio-ambient-nat postrouting meta l4proto tcp skuid 1000 ip daddr @istio-inpod-probes-v4 counter snat to 169.254.7.127'
 */
export function generateAmbientNftables(
  config: AmbientConfig,
  options: { readonly hostProbe?: boolean } = {},
): GeneratedAmbientNftables {
  const b = createNftRuleBuilder({ enableIPv6: config.enableIPv6 });
  const hostProbe = options.hostProbe ?? false;
  if (hostProbe) addHostRules(b, config);
  else addInpodRules(b, config);
  const layouts = hostProbe ? AMBIENT_HOST_LAYOUTS : AMBIENT_INPOD_LAYOUTS;
  return {
    enableIPv6: config.enableIPv6,
    commands: buildNftTransaction(layouts, b.rules, AMBIENT_TRANSACTION),
    rules: b.rules,
    sets: hostProbe ? probeSetCommands(config.enableIPv6) : [],
    setup: hostProbe ? [] : ambientPolicyRoutes(config.enableIPv6),
  };
}
