import type { RuleOrigin, TableName } from '../../iptables/model.ts';
import { because, type Families } from './builder.ts';
import type { GenContext } from './context.ts';
import { addOwnerGroupFilter } from './outbound.ts';
import { splitList } from './ranges.ts';

/** The istio-agent DNS proxy port (hard-coded upstream: constants.IstioAgentDNSListenerPort). */
const AGENT_DNS_PORT = '15053';

interface ServerTarget {
  readonly family: 4 | 6;
  readonly server: string;
  /** Servers are used verbatim with /32 or /128 appended, as upstream does. */
  readonly cidr: string;
}

function serverTargets(ctx: GenContext): ServerTarget[] {
  return [
    ...ctx.dns.serversV4.map((server) => ({ family: 4 as const, server, cidr: `${server}/32` })),
    ...ctx.dns.serversV6.map((server) => ({ family: 6 as const, server, cidr: `${server}/128` })),
  ];
}

function dnsOrigin(reason: string, perServer: boolean): RuleOrigin {
  return perServer
    ? because(reason, 'redirect-dns', 'dns-servers')
    : because(reason, 'redirect-dns', 'capture-all-dns');
}

/** TCP (`--to-ports`) and UDP (`--to-port`, singular upstream) DNS redirects to the agent. */
function addRedirects(
  ctx: GenContext,
  proto: 'tcp' | 'udp',
  table: TableName,
  chain: string,
): void {
  const toPort = proto === 'tcp' ? '--to-ports' : '--to-port';
  if (ctx.dns.captureAll) {
    ctx.sink.append(
      'both',
      table,
      chain,
      ['-p', proto, '--dport', '53', '-j', 'REDIRECT', toPort, AGENT_DNS_PORT],
      dnsOrigin(
        `All ${proto.toUpperCase()} DNS (port 53) goes to the istio-agent DNS proxy.`,
        false,
      ),
    );
    return;
  }
  for (const t of serverTargets(ctx)) {
    ctx.sink.append(
      t.family,
      table,
      chain,
      ['-p', proto, '--dport', '53', '-d', t.cidr, '-j', 'REDIRECT', toPort, AGENT_DNS_PORT],
      dnsOrigin(
        `${proto.toUpperCase()} DNS to nameserver ${t.server} goes to the istio-agent DNS proxy.`,
        true,
      ),
    );
  }
}

/** The proxy's own DNS traffic in conntrack zone 1, its answers to apps in zone 2. */
function addOwnerZones(ctx: GenContext, chain: string): void {
  const owners = [
    ...splitList(ctx.config.proxyUid).map((id) => ['--uid-owner', id, 'proxy-uid'] as const),
    ...splitList(ctx.config.proxyGid).map((id) => ['--gid-owner', id, 'proxy-gid'] as const),
  ];
  for (const [option, id, flag] of owners) {
    ctx.sink.append(
      'both',
      'raw',
      chain,
      ['-p', 'udp', '--dport', '53', '-m', 'owner', option, id, '-j', 'CT', '--zone', '1'],
      because(
        `The proxy's upstream DNS queries (${option} ${id}) use conntrack zone 1.`,
        'redirect-dns',
        flag,
      ),
    );
    ctx.sink.append(
      'both',
      'raw',
      chain,
      [
        '-p',
        'udp',
        '--sport',
        AGENT_DNS_PORT,
        '-m',
        'owner',
        option,
        id,
        '-j',
        'CT',
        '--zone',
        '2',
      ],
      because(
        `The agent's DNS answers to apps (${option} ${id}) use conntrack zone 2.`,
        'redirect-dns',
        flag,
      ),
    );
  }
}

interface ZoneChains {
  readonly outputChain: string;
  readonly inboundChain: string;
  /** The answer-side match: `-s` (newest) or the historical `-d`. */
  readonly answerMatch: '-s' | '-d';
}

/** App queries to the nameservers in zone 2, the nameservers' answers in zone 1. */
function addServerZones(
  ctx: GenContext,
  chains: ZoneChains,
  beforeFamily?: (family: 4 | 6) => void,
): void {
  const { sink } = ctx;
  if (ctx.dns.captureAll) {
    beforeFamily?.(4);
    sink.append(
      'both',
      'raw',
      chains.outputChain,
      ['-p', 'udp', '--dport', '53', '-j', 'CT', '--zone', '2'],
      dnsOrigin("Apps' DNS queries use conntrack zone 2.", false),
    );
    sink.append(
      'both',
      'raw',
      chains.inboundChain,
      ['-p', 'udp', '--sport', '53', '-j', 'CT', '--zone', '1'],
      dnsOrigin('DNS answers use conntrack zone 1.', false),
    );
    return;
  }
  for (const family of [4, 6] as const) {
    const targets = serverTargets(ctx).filter((t) => t.family === family);
    if (targets.length > 0) beforeFamily?.(family);
    for (const t of targets) {
      sink.append(
        family,
        'raw',
        chains.outputChain,
        ['-p', 'udp', '--dport', '53', '-d', t.cidr, '-j', 'CT', '--zone', '2'],
        dnsOrigin(`Apps' DNS queries to ${t.server} use conntrack zone 2.`, true),
      );
      sink.append(
        family,
        'raw',
        chains.inboundChain,
        ['-p', 'udp', '--sport', '53', chains.answerMatch, t.cidr, '-j', 'CT', '--zone', '1'],
        dnsOrigin(`DNS answers from ${t.server} use conntrack zone 1.`, true),
      );
    }
  }
}

/** 1.25+: everything in ISTIO_OUTPUT_DNS (nat and raw). upstream: capture/run.go — SetupDNSRedir. */
export function addDnsChain(ctx: GenContext): void {
  const { sink, dns } = ctx;
  if (!dns.on) return;
  sink.append(
    'both',
    'raw',
    'OUTPUT',
    ['-j', 'ISTIO_OUTPUT_DNS'],
    because(
      'Outbound DNS goes through raw ISTIO_OUTPUT_DNS for its conntrack zones.',
      'redirect-dns',
    ),
  );
  // upstream: the nat jump exists per family only when that family has something to capture.
  const jumps: readonly (readonly [Families, boolean])[] = [
    [4, dns.captureAll || dns.serversV4.length > 0],
    [6, dns.captureAll || dns.serversV6.length > 0],
  ];
  for (const [family, wanted] of jumps) {
    if (!wanted) continue;
    sink.append(
      family,
      'nat',
      'ISTIO_OUTPUT',
      ['-j', 'ISTIO_OUTPUT_DNS'],
      because(
        'DNS is handled in ISTIO_OUTPUT_DNS, before the loopback and CIDR rules.',
        'redirect-dns',
      ),
    );
  }
  addRedirects(ctx, 'tcp', 'nat', 'ISTIO_OUTPUT_DNS');
  addRedirects(ctx, 'udp', 'nat', 'ISTIO_OUTPUT_DNS');
  addOwnerZones(ctx, 'ISTIO_OUTPUT_DNS');
  const jumpInbound = (family: 4 | 6): void => {
    sink.append(
      dns.captureAll ? 'both' : family,
      'raw',
      'PREROUTING',
      ['-j', 'ISTIO_INBOUND'],
      because('DNS answers go through raw ISTIO_INBOUND for their conntrack zone.', 'redirect-dns'),
    );
  };
  addServerZones(
    ctx,
    { outputChain: 'ISTIO_OUTPUT_DNS', inboundChain: 'ISTIO_INBOUND', answerMatch: '-s' },
    jumpInbound,
  );
}

/** Before 1.25, part 1: the TCP DNS redirect inside ISTIO_OUTPUT. upstream: capture/run.go — Run. */
export function addBuiltinDnsTcp(ctx: GenContext): void {
  if (ctx.era.dns !== 'builtin' || !ctx.dns.on) return;
  addRedirects(ctx, 'tcp', 'nat', 'ISTIO_OUTPUT');
}

/**
 * Before 1.25, part 2: UDP DNS in the built-in nat/raw OUTPUT and raw PREROUTING chains, after the
 * outbound rules. upstream: capture/run.go (about 1.16–1.22) — HandleDNSUDP, addConntrackZoneDNSUDP.
 */
export function addBuiltinDnsUdp(ctx: GenContext): void {
  const { sink, dns, era, config } = ctx;
  if (era.dns !== 'builtin' || !dns.on) return;
  // upstream: 1.24 sent UDP through ISTIO_OUTPUT (nat and raw) instead of the built-in OUTPUT.
  const chain = era.dnsUdpChain ? 'ISTIO_OUTPUT' : 'OUTPUT';
  if (era.dnsUdpChain) {
    for (const table of ['nat', 'raw'] as const)
      sink.append(
        'both',
        table,
        'OUTPUT',
        ['-p', 'udp', '-j', 'ISTIO_OUTPUT'],
        because(`UDP enters ${table} ISTIO_OUTPUT for DNS capture.`, 'redirect-dns'),
      );
  }
  const owners = [
    ...splitList(config.proxyUid).map((id) => ['--uid-owner', id, 'proxy-uid'] as const),
    ...splitList(config.proxyGid).map((id) => ['--gid-owner', id, 'proxy-gid'] as const),
  ];
  for (const [option, id, flag] of owners) {
    sink.append(
      'both',
      'nat',
      chain,
      ['-p', 'udp', '--dport', '53', '-m', 'owner', option, id, '-j', 'RETURN'],
      because(
        `The proxy's own DNS queries (${option} ${id}) are not redirected.`,
        'redirect-dns',
        flag,
      ),
    );
  }
  if (era.ownerGroups) addOwnerGroupFilter(ctx, chain, ['-p', 'udp', '--dport', '53']);
  addRedirects(ctx, 'udp', 'nat', chain);
  addOwnerZones(ctx, chain);
  // upstream: older releases matched the answers with `-d <server>` (a bug 1.24 had fixed to `-s`).
  addServerZones(ctx, {
    outputChain: chain,
    inboundChain: 'PREROUTING',
    answerMatch: era.dnsAnswerMatch,
  });
}
