import { because } from '../steps/builder.ts';
import { splitList } from '../steps/ranges.ts';
import { addNftRule, NAT, type NftGenContext } from './context.ts';

const TCP = ['meta', 'l4proto', 'tcp'];
const OUT = { table: NAT, chain: 'istio-output' } as const;
const LOOPBACK_ENV = 'ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR';

/**
 * `[nat] output: jump istio-output`, the `-o` port returns (TCP and UDP), and the 127.0.0.6 / ::6
 * passthrough returns. upstream: capture/run.go — Run.
 */
export function addNftOutputJump(ctx: NftGenContext): void {
  addNftRule(ctx, {
    table: NAT,
    chain: 'output',
    match: [],
    action: ['jump', 'istio-output'],
    origin: because('Everything the pod sends goes through istio-output.'),
  });
  for (const port of splitList(ctx.config.istioLocalOutboundPortsExclude)) {
    const excluded = because(
      `Outbound port ${port} is never redirected.`,
      'istio-local-outbound-ports-exclude',
    );
    for (const proto of ['tcp', 'udp'])
      addNftRule(ctx, {
        ...OUT,
        match: [proto, 'dport', port],
        action: ['return'],
        origin: excluded,
      });
  }
  const origin = because(
    "Envoy's inbound passthrough connects to the app from 127.0.0.6 (::6); that is not redirected.",
  );
  addNftRule(ctx, {
    ...OUT,
    match: ['oifname', 'lo', 'ip', 'saddr', '127.0.0.6/32'],
    action: ['return'],
    origin,
  });
  addNftRule(ctx, {
    ...OUT,
    match: ['oifname', 'lo', 'ip6', 'saddr', '::6/128'],
    action: ['return'],
    origin,
    v6: true,
  });
}

type OwnerKind = 'skuid' | 'skgid';

function addNftOwnerTriple(ctx: NftGenContext, kind: OwnerKind, id: string): void {
  const { config, dns, includes } = ctx;
  const flag = kind === 'skuid' ? 'proxy-uid' : 'proxy-gid';
  const dnsFlags = dns.on ? ['redirect-dns'] : [];
  // upstream: capture/run.go — only the uid rule skips DNS with the { 53, T } set (asymmetry kept).
  const ports =
    kind === 'skuid' && dns.on
      ? ['{', '53,', `${config.inboundTunnelPort}`, '}']
      : [config.inboundTunnelPort];
  const toInbound = because(
    `Envoy (${kind} ${id}) calling its own pod over lo goes to the inbound listener.`,
    flag,
    'inbound-tunnel-port',
    ...dnsFlags,
  );
  for (const [fam, lb, v6] of [
    ['ip', ctx.loopback[0], false],
    ['ip6', ctx.loopback[1], true],
  ] as const) {
    addNftRule(ctx, {
      ...OUT,
      match: [
        'oifname',
        'lo',
        ...TCP,
        fam,
        'daddr',
        '!=',
        lb,
        'tcp',
        'dport',
        '!=',
        ...ports,
        kind,
        id,
      ],
      action: ['jump', 'istio-in-redirect'],
      origin: toInbound,
      v6,
    });
  }
  // upstream: a loopback CIDR in -i means lo traffic must still be captured, so no return.
  if (!(includes.v4.hasLoopback || includes.v6.hasLoopback)) {
    const dnsPort = dns.on ? [...TCP, 'tcp', 'dport', '!=', '53'] : [];
    addNftRule(ctx, {
      ...OUT,
      match: ['oifname', 'lo', ...dnsPort, kind, '!=', id],
      action: ['return'],
      origin: because(
        `Other processes talking over lo (not ${kind} ${id}) are not redirected.`,
        flag,
        ...dnsFlags,
      ),
    });
  }
  addNftRule(ctx, {
    ...OUT,
    match: [kind, id],
    action: ['return'],
    origin: because(`Envoy's own traffic (${kind} ${id}) is never redirected again.`, flag),
  });
}

/** Per uid then per gid, then the owner-group filter. upstream: capture/run.go — Run. */
export function addNftOwnerRules(ctx: NftGenContext): void {
  const { config } = ctx;
  for (const uid of splitList(config.proxyUid)) addNftOwnerTriple(ctx, 'skuid', uid);
  for (const gid of splitList(config.proxyGid)) addNftOwnerTriple(ctx, 'skgid', gid);
  if (config.ownerGroupsInclude === '*') {
    for (const group of splitList(config.ownerGroupsExclude)) {
      addNftRule(ctx, {
        ...OUT,
        match: ['skgid', group],
        action: ['return'],
        origin: because(
          `Group ${group} is excluded from outbound capture.`,
          'ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE',
        ),
      });
    }
    return;
  }
  addNftRule(ctx, {
    ...OUT,
    match: splitList(config.ownerGroupsInclude).flatMap((g) => ['skgid', '!=', g]),
    action: ['return'],
    origin: because(
      'Only the listed groups are captured outbound; every other group returns here.',
      'ISTIO_OUTBOUND_OWNER_GROUPS',
    ),
  });
}

/** Loopback return, then the `-x` excludes. upstream: capture/run.go — Run. */
export function addNftLoopbackAndExcludes(ctx: NftGenContext): void {
  const origin = because('Traffic to localhost is never redirected.', LOOPBACK_ENV);
  addNftRule(ctx, { ...OUT, match: ['ip', 'daddr', ctx.loopback[0]], action: ['return'], origin });
  addNftRule(ctx, {
    ...OUT,
    match: ['ip6', 'daddr', ctx.loopback[1]],
    action: ['return'],
    origin,
    v6: true,
  });
  for (const [fam, range, v6] of [
    ['ip', ctx.excludes.v4, false],
    ['ip6', ctx.excludes.v6, true],
  ] as const) {
    for (const cidr of range.cidrs) {
      addNftRule(ctx, {
        ...OUT,
        match: [fam, 'daddr', cidr],
        action: ['return'],
        v6,
        origin: because(
          `Destination ${cidr} is excluded from outbound capture.`,
          'istio-service-exclude-cidr',
        ),
      });
    }
  }
}

/** `-q` ports. upstream: capture/run.go — Run (OutboundPortsInclude). */
export function addNftOutboundPortIncludes(ctx: NftGenContext): void {
  for (const port of splitList(ctx.config.istioOutboundPorts)) {
    addNftRule(ctx, {
      ...OUT,
      match: ['tcp', 'dport', port],
      action: ['jump', 'istio-redirect'],
      origin: because(
        `Outbound port ${port} is always redirected to Envoy.`,
        'istio-outbound-ports',
      ),
    });
  }
}

/** `-i` (and `-k` reroutes). upstream: capture/run.go — Run (OutboundIPRangesInclude). */
export function addNftOutboundIncludes(ctx: NftGenContext): void {
  const { includes } = ctx;
  const vifs = splitList(ctx.config.kubeVirtInterfaces);
  const toEnvoy = ['jump', 'istio-redirect'];
  const vifOrigin = (nic: string): ReturnType<typeof because> =>
    because(
      `Traffic from virtual interface ${nic} is sent to Envoy as outbound.`,
      'kube-virt-interfaces',
      'istio-service-cidr',
    );
  if (includes.v4.wildcard) {
    addNftRule(ctx, {
      ...OUT,
      match: [],
      action: toEnvoy,
      origin: because(
        'Every other outbound destination is redirected to Envoy.',
        'istio-service-cidr',
      ),
    });
    for (const nic of vifs) {
      addNftRule(ctx, {
        table: NAT,
        chain: 'prerouting',
        match: ['iifname', nic],
        action: toEnvoy,
        at: 0,
        origin: vifOrigin(nic),
      });
    }
    return;
  }
  for (const [fam, range, v6] of [
    ['ip', includes.v4, false],
    ['ip6', includes.v6, true],
  ] as const) {
    for (const cidr of range.cidrs) {
      for (const nic of vifs) {
        addNftRule(ctx, {
          table: NAT,
          chain: 'prerouting',
          match: ['iifname', nic, fam, 'daddr', cidr],
          action: toEnvoy,
          at: 0,
          v6,
          origin: vifOrigin(nic),
        });
      }
      addNftRule(ctx, {
        ...OUT,
        match: [fam, 'daddr', cidr],
        action: toEnvoy,
        v6,
        origin: because(`Destination ${cidr} is redirected to Envoy.`, 'istio-service-cidr'),
      });
    }
  }
}
