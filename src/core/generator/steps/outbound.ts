import { because } from './builder.ts';
import type { GenContext } from './context.ts';
import type { NetworkRange } from './ranges.ts';
import { splitList } from './ranges.ts';

const LOOPBACK_ENV = 'ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR';

/** OUTPUT → ISTIO_OUTPUT, then the `-o` port excludes. upstream: capture/run.go — Run. */
export function addOutputJump(ctx: GenContext): void {
  const { sink, era, config } = ctx;
  // upstream: PR #53998 (1.25) dropped `-p tcp` so UDP DNS can be handled inside ISTIO_OUTPUT.
  const args =
    era.outputJump === 'tcp' ? ['-p', 'tcp', '-j', 'ISTIO_OUTPUT'] : ['-j', 'ISTIO_OUTPUT'];
  sink.append(
    'both',
    'nat',
    'OUTPUT',
    args,
    because('All outbound traffic goes through ISTIO_OUTPUT.'),
    'JumpOutbound',
  );
  for (const port of splitList(config.istioLocalOutboundPortsExclude)) {
    const origin = because(
      `Outbound port ${port} is never redirected.`,
      'istio-local-outbound-ports-exclude',
    );
    sink.append(
      'both',
      'nat',
      'ISTIO_OUTPUT',
      ['-p', 'tcp', '--dport', port, '-j', 'RETURN'],
      origin,
    );
    if (era.outboundExcludeUdp) {
      sink.append(
        'both',
        'nat',
        'ISTIO_OUTPUT',
        ['-p', 'udp', '--dport', port, '-j', 'RETURN'],
        origin,
      );
    }
  }
}

/** The 1.0 outbound head: loopback traffic to a non-loopback address always goes to Envoy. */
function addLegacyOwners(ctx: GenContext): void {
  const { sink, config } = ctx;
  // upstream: LEGACY.md A.2 — placed before the owner RETURNs, so Envoy's own calls to the pod IP loop.
  sink.appendVersioned(
    'nat',
    'ISTIO_OUTPUT',
    ctx.loopback,
    (lb) => ['-o', 'lo', '!', '-d', lb, '-j', 'ISTIO_REDIRECT'],
    because(
      'An app calling its own pod IP or service over lo is sent to Envoy (before the proxy-owner checks).',
    ),
  );
  for (const uid of splitList(config.proxyUid)) {
    sink.append(
      'both',
      'nat',
      'ISTIO_OUTPUT',
      ['-m', 'owner', '--uid-owner', uid, '-j', 'RETURN'],
      because(`Traffic of uid ${uid} (the proxy) is not redirected.`, 'proxy-uid'),
    );
  }
  for (const gid of splitList(config.proxyGid)) {
    sink.append(
      'both',
      'nat',
      'ISTIO_OUTPUT',
      ['-m', 'owner', '--gid-owner', gid, '-j', 'RETURN'],
      because(`Traffic of gid ${gid} (the proxy) is not redirected.`, 'proxy-gid'),
    );
  }
}

type OwnerKind = 'uid' | 'gid';

/** Match words of the loopback-redirect rule (a) of the owner triple, per era. */
function loopbackRedirectMatch(ctx: GenContext, kind: OwnerKind): string[] {
  const { era, dns, config } = ctx;
  switch (era.loopback) {
    case 'redirect-all':
      return [];
    case 'owner':
      // upstream: capture/run.go (1.11–1.17) — only the uid rule skipped DNS, and only when DNS was on.
      return kind === 'uid' && dns.on ? ['-p', 'tcp', '!', '--dport', '53'] : [];
    case 'owner-tunnel':
      // upstream: capture/run.go — gid never got the DNS multiport form (asymmetry kept).
      return kind === 'uid' && dns.on
        ? ['-p', 'tcp', '-m', 'multiport', '!', '--dports', `53,${config.inboundTunnelPort}`]
        : ['-p', 'tcp', '!', '--dport', config.inboundTunnelPort];
  }
}

/** The per-owner triple: loopback redirect to inbound, loopback RETURN for others, owner RETURN. */
function addOwnerTriple(ctx: GenContext, kind: OwnerKind, id: string): void {
  const { sink, era, dns, includes } = ctx;
  const flag = kind === 'uid' ? 'proxy-uid' : 'proxy-gid';
  const option = kind === 'uid' ? '--uid-owner' : '--gid-owner';
  const portMatch = loopbackRedirectMatch(ctx, kind);
  const tunnelFlags = era.loopback === 'owner-tunnel' ? ['inbound-tunnel-port'] : [];
  const dnsFlags = dns.on ? ['redirect-dns'] : [];
  sink.appendVersioned(
    'nat',
    'ISTIO_OUTPUT',
    ctx.loopback,
    (lb) => [
      '-o',
      'lo',
      '!',
      '-d',
      lb,
      ...portMatch,
      '-m',
      'owner',
      option,
      id,
      '-j',
      'ISTIO_IN_REDIRECT',
    ],
    because(
      `Envoy (${kind} ${id}) calling its own pod over lo goes to the inbound listener (app → Envoy → Envoy → app).`,
      flag,
      ...tunnelFlags,
      ...dnsFlags,
    ),
  );
  // upstream: a loopback CIDR in -i means lo traffic must still be captured, so no RETURN (about 1.12+).
  const loopbackIncluded =
    era.loopbackIncludeCheck && (includes.v4.hasLoopback || includes.v6.hasLoopback);
  if (!loopbackIncluded) {
    const dnsPort = dns.on ? ['-p', 'tcp', '!', '--dport', '53'] : [];
    sink.append(
      'both',
      'nat',
      'ISTIO_OUTPUT',
      ['-o', 'lo', ...dnsPort, '-m', 'owner', '!', option, id, '-j', 'RETURN'],
      because(
        `Other processes talking over lo (not ${kind} ${id}) are not redirected.`,
        flag,
        ...dnsFlags,
      ),
    );
  }
  sink.append(
    'both',
    'nat',
    'ISTIO_OUTPUT',
    ['-m', 'owner', option, id, '-j', 'RETURN'],
    because(
      `Envoy's own traffic (${kind} ${id}) is never redirected again: this prevents the loop.`,
      flag,
    ),
  );
}

/** 127.0.0.6 RETURN, then the uid and gid handling. upstream: capture/run.go — Run. */
export function addOwnerRules(ctx: GenContext): void {
  const { sink, era, config } = ctx;
  if (era.passthroughReturn) {
    sink.appendVersioned(
      'nat',
      'ISTIO_OUTPUT',
      ['127.0.0.6/32', '::6/128'],
      (src) => ['-o', 'lo', '-s', src, '-j', 'RETURN'],
      because(
        "Envoy's inbound passthrough connects to the app from 127.0.0.6; that is not redirected.",
      ),
    );
  }
  if (era.loopback === 'redirect-all') {
    addLegacyOwners(ctx);
    return;
  }
  for (const uid of splitList(config.proxyUid)) addOwnerTriple(ctx, 'uid', uid);
  for (const gid of splitList(config.proxyGid)) addOwnerTriple(ctx, 'gid', gid);
}

/** Owner-group include/exclude filter. upstream: capture/run.go — handleCaptureByOwnerGroup. */
export function addOwnerGroupFilter(
  ctx: GenContext,
  chain: string,
  prefix: readonly string[] = [],
): void {
  const { sink, config } = ctx;
  if (config.ownerGroupsInclude === '*') {
    for (const group of splitList(config.ownerGroupsExclude)) {
      sink.append(
        'both',
        'nat',
        chain,
        [...prefix, '-m', 'owner', '--gid-owner', group, '-j', 'RETURN'],
        because(
          `Group ${group} is excluded from outbound capture.`,
          'ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE',
        ),
      );
    }
    return;
  }
  const noneOf = splitList(config.ownerGroupsInclude).flatMap((group) => [
    '-m',
    'owner',
    '!',
    '--gid-owner',
    group,
  ]);
  sink.append(
    'both',
    'nat',
    chain,
    [...prefix, ...noneOf, '-j', 'RETURN'],
    because(
      'Only the listed groups are captured outbound; every other group returns here.',
      'ISTIO_OUTBOUND_OWNER_GROUPS',
    ),
  );
}

/** `-d <loopback> RETURN` and the `-x` excludes. upstream: capture/run.go — Run. */
export function addLoopbackAndExcludes(ctx: GenContext): void {
  const { sink, excludes } = ctx;
  const lbFlags = ctx.era.loopbackCidrEnv ? [LOOPBACK_ENV] : [];
  sink.appendVersioned(
    'nat',
    'ISTIO_OUTPUT',
    ctx.loopback,
    (lb) => ['-d', lb, '-j', 'RETURN'],
    because(
      'Traffic to localhost is never redirected (Envoy-aware apps, container-to-container).',
      ...lbFlags,
    ),
  );
  for (const [family, range] of [
    [4, excludes.v4],
    [6, excludes.v6],
  ] as const) {
    for (const cidr of range.cidrs) {
      sink.append(
        family,
        'nat',
        'ISTIO_OUTPUT',
        ['-d', cidr, '-j', 'RETURN'],
        because(
          `Destination ${cidr} is excluded from outbound capture.`,
          'istio-service-exclude-cidr',
        ),
      );
    }
  }
}

/** `-q` ports. upstream: capture/run.go — handleOutboundPortsInclude. */
export function addOutboundPortIncludes(ctx: GenContext): void {
  for (const port of splitList(ctx.config.istioOutboundPorts)) {
    ctx.sink.append(
      'both',
      'nat',
      'ISTIO_OUTPUT',
      ['-p', 'tcp', '--dport', port, '-j', 'ISTIO_REDIRECT'],
      because(`Outbound port ${port} is always redirected to Envoy.`, 'istio-outbound-ports'),
    );
  }
}

function addIncludeRange(ctx: GenContext, family: 4 | 6, range: NetworkRange): void {
  const { sink, config, era } = ctx;
  const virt = splitList(config.kubeVirtInterfaces);
  const flag = 'istio-service-cidr';
  if (range.wildcard) {
    sink.append(
      family,
      'nat',
      'ISTIO_OUTPUT',
      ['-j', 'ISTIO_REDIRECT'],
      because('Every other outbound connection is redirected to Envoy.', flag),
    );
    for (const iface of virt) {
      sink.insert(
        family,
        'nat',
        'PREROUTING',
        1,
        ['-i', iface, '-j', 'ISTIO_REDIRECT'],
        because(
          `Traffic from virtual interface ${iface} is redirected to Envoy as outbound.`,
          'kube-virt-interfaces',
          flag,
        ),
        'KubevirtCommand',
      );
    }
    return;
  }
  if (range.cidrs.length === 0) return;
  for (const cidr of range.cidrs) {
    for (const iface of virt) {
      sink.insert(
        family,
        'nat',
        'PREROUTING',
        1,
        ['-i', iface, '-d', cidr, '-j', 'ISTIO_REDIRECT'],
        because(
          `Traffic from virtual interface ${iface} to ${cidr} is redirected to Envoy.`,
          'kube-virt-interfaces',
          flag,
        ),
        'KubevirtCommand',
      );
    }
    sink.append(
      family,
      'nat',
      'ISTIO_OUTPUT',
      ['-d', cidr, '-j', 'ISTIO_REDIRECT'],
      because(`Outbound traffic to ${cidr} is redirected to Envoy.`, flag),
    );
  }
  if (era.includeListReturn) {
    sink.append(
      family,
      'nat',
      'ISTIO_OUTPUT',
      ['-j', 'RETURN'],
      because('Outbound traffic outside the listed CIDRs is not redirected.', flag),
    );
  }
}

/** `-i`, IPv4 first then IPv6. upstream: capture/run.go — handleOutboundIncludeRules. */
export function addOutboundIncludes(ctx: GenContext): void {
  addIncludeRange(ctx, 4, ctx.includes.v4);
  addIncludeRange(ctx, 6, ctx.includes.v6);
}
