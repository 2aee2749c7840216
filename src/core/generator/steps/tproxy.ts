import { because } from './builder.ts';
import type { GenContext } from './context.ts';
import { splitList } from './ranges.ts';

/** Mark Envoy sets on its own loopback calls to the pod IP (upstream constants.OutboundMark). */
const OUTBOUND_MARK = '1338';
const MODE = 'istio-inbound-interception-mode';
const MARK = 'istio-inbound-tproxy-mark';

/**
 * TPROXY's mangle rules outside the inbound chains, emitted whenever the mode is TPROXY (even
 * without `-b`). upstream: capture/run.go — Run, the `InboundInterceptionMode == TPROXY` block.
 */
export function addTproxyMarks(ctx: GenContext): void {
  const { sink, config, tproxy } = ctx;
  if (!tproxy || !ctx.era.tproxyLoopbackMarks) return;
  const mark = config.istioInboundTproxyMark;
  sink.append(
    'both',
    'mangle',
    'PREROUTING',
    ['-p', 'tcp', '-m', 'mark', '--mark', mark, '-j', 'CONNMARK', '--save-mark'],
    because(
      "TPROXY: remembers the mark Envoy's original_src filter set, on the connection.",
      MODE,
      MARK,
    ),
  );
  sink.append(
    'both',
    'mangle',
    'OUTPUT',
    ['-p', 'tcp', '-o', 'lo', '-m', 'mark', '--mark', mark, '-j', 'RETURN'],
    because('TPROXY: packets already marked for Envoy → app are not marked again.', MODE, MARK),
  );
  const owners = [
    ...splitList(config.proxyUid).map((id) => ['--uid-owner', id, 'proxy-uid'] as const),
    ...splitList(config.proxyGid).map((id) => ['--gid-owner', id, 'proxy-gid'] as const),
  ];
  for (const [option, id, flag] of owners) {
    sink.appendVersioned(
      'mangle',
      'OUTPUT',
      ctx.loopback,
      (lb) => [
        '!',
        '-d',
        lb,
        '-p',
        'tcp',
        '-o',
        'lo',
        '-m',
        'owner',
        option,
        id,
        '-j',
        'MARK',
        '--set-mark',
        OUTBOUND_MARK,
      ],
      because(
        `TPROXY: Envoy (${option} ${id}) calling its own pod IP over lo is marked ${OUTBOUND_MARK} for inbound capture.`,
        MODE,
        flag,
      ),
    );
  }
  sink.append(
    'both',
    'mangle',
    'OUTPUT',
    ['-p', 'tcp', '-m', 'connmark', '--mark', mark, '-j', 'CONNMARK', '--restore-mark'],
    because(
      'TPROXY: replies of captured connections get their mark back, so policy routing sends them to lo.',
      MODE,
      MARK,
    ),
  );
  sink.insert(
    'both',
    'mangle',
    'ISTIO_INBOUND',
    1,
    ['-p', 'tcp', '-m', 'mark', '--mark', mark, '-j', 'RETURN'],
    because(
      'TPROXY: already-marked packets are not captured again (prevents an infinite redirect).',
      MODE,
      MARK,
    ),
  );
  sink.insert(
    4,
    'mangle',
    'ISTIO_INBOUND',
    2,
    ['-p', 'tcp', '-s', '127.0.0.6/32', '-i', 'lo', '-j', 'RETURN'],
    because(
      "TPROXY: Envoy's inbound passthrough (from 127.0.0.6) reaches the app uncaptured.",
      MODE,
    ),
  );
  sink.insert(
    6,
    'mangle',
    'ISTIO_INBOUND',
    2,
    ['-p', 'tcp', '-s', '::6/128', '-i', 'lo', '-j', 'RETURN'],
    because("TPROXY: Envoy's inbound passthrough (from ::6) reaches the app uncaptured.", MODE),
  );
  sink.insert(
    'both',
    'mangle',
    'ISTIO_INBOUND',
    3,
    ['-p', 'tcp', '-i', 'lo', '-m', 'mark', '!', '--mark', OUTBOUND_MARK, '-j', 'RETURN'],
    because(
      `TPROXY: loopback traffic is captured only when marked ${OUTBOUND_MARK} (Envoy calling its pod IP).`,
      MODE,
    ),
  );
}

/**
 * The `ip` side of TPROXY and IPv6 (not iptables): fwmark policy routing to table 133 and a local
 * default route on lo, plus `::6/128` on lo with IPv6. Upstream skips it in dry-run mode.
 * upstream: capture/run_linux.go — configureIPv6Addresses, configureTProxyRoutes;
 * LEGACY.md A.2 — the script's `ip -f inet rule/route` commands.
 */
export function addSetup(ctx: GenContext, enableIPv6: boolean): void {
  const { config, setup, era } = ctx;
  const mark = config.istioInboundTproxyMark;
  const table = config.istioInboundTproxyRouteTable;
  const routing = ctx.tproxy && config.istioInboundPorts !== '';
  if (era.tool === 'script') {
    if (!routing) return;
    setup.push(`ip -f inet rule add fwmark ${mark} lookup ${table}`);
    setup.push(`ip -f inet route add local default dev lo table ${table}`);
    return;
  }
  if (enableIPv6 && era.passthroughReturn) setup.push('ip -6 addr add ::6/128 dev lo');
  if (!routing) return;
  const families = enableIPv6 ? (['-4', '-6'] as const) : (['-4'] as const);
  for (const f of families) setup.push(`ip ${f} rule add fwmark ${mark} lookup ${table}`);
  for (const f of families) {
    setup.push(
      `ip ${f} route add local ${f === '-4' ? '0.0.0.0/0' : '::/0'} dev lo table ${table}`,
    );
  }
}
