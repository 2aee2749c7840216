import { because } from './builder.ts';
import type { GenContext } from './context.ts';
import { splitList } from './ranges.ts';

const MODE = 'istio-inbound-interception-mode';

/** upstream: capture/run.go — shortCircuitExcludeInterfaces. */
export function addExcludedInterfaces(ctx: GenContext): void {
  const { sink } = ctx;
  const interfaces = splitList(ctx.config.istioExcludeInterfaces);
  const flag = 'istio-exclude-interfaces';
  const nat = (iface: string): void => {
    sink.append(
      'both',
      'nat',
      'PREROUTING',
      ['-i', iface, '-j', 'RETURN'],
      because(`Traffic arriving on ${iface} is never captured.`, flag),
      'ExcludeInterfaceCommand',
    );
    sink.append(
      'both',
      'nat',
      'OUTPUT',
      ['-o', iface, '-j', 'RETURN'],
      because(`Traffic leaving through ${iface} is never captured.`, flag),
      'ExcludeInterfaceCommand',
    );
  };
  for (const iface of interfaces) nat(iface);
  if (!ctx.tproxy) return;
  // upstream: the mangle pair follows only in TPROXY mode, after all nat pairs.
  for (const iface of interfaces) {
    sink.append(
      'both',
      'mangle',
      'PREROUTING',
      ['-i', iface, '-j', 'RETURN'],
      because(`TPROXY: inbound traffic on ${iface} skips the mangle capture.`, flag, MODE),
      'ExcludeInterfaceCommand',
    );
    sink.append(
      'both',
      'mangle',
      'OUTPUT',
      ['-o', iface, '-j', 'RETURN'],
      because(`TPROXY: traffic leaving through ${iface} skips the mangle marks.`, flag, MODE),
      'ExcludeInterfaceCommand',
    );
  }
}

/** upstream: capture/run.go — shortCircuitKubeInternalInterface (each insert at 1, so the last ends up first). */
export function addKubeVirtReturns(ctx: GenContext): void {
  for (const iface of splitList(ctx.config.kubeVirtInterfaces)) {
    ctx.sink.insert(
      'both',
      'nat',
      'PREROUTING',
      1,
      ['-i', iface, '-j', 'RETURN'],
      because(
        `Virtual-machine interface ${iface} is not inbound-captured; its traffic counts as outbound.`,
        'kube-virt-interfaces',
      ),
      'KubevirtCommand',
    );
  }
}

/** upstream: capture/run.go — dropInvalid (ISTIO_DROP chain since 1.25, a direct DROP before). */
export function addDropInvalid(ctx: GenContext): void {
  if (!ctx.config.dropInvalid) return;
  const origin = because(
    'Drops packets conntrack marks INVALID (out-of-window), instead of resetting the connection.',
    'drop-invalid',
  );
  switch (ctx.era.dropInvalid) {
    case 'none':
      return;
    case 'direct':
      ctx.sink.append(
        'both',
        'mangle',
        'PREROUTING',
        ['-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'DROP'],
        origin,
      );
      return;
    case 'chain':
      ctx.sink.append(
        'both',
        'mangle',
        'PREROUTING',
        ['-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'ISTIO_DROP'],
        origin,
      );
      ctx.sink.append('both', 'mangle', 'ISTIO_DROP', ['-j', 'DROP'], origin);
      return;
  }
}

/** The tunnel RETURN and the two REDIRECT chains, always emitted. upstream: capture/run.go — Run. */
export function addRedirectChains(ctx: GenContext): void {
  const { sink, config, era } = ctx;
  if (era.tunnelReturn) {
    sink.append(
      'both',
      'nat',
      'ISTIO_INBOUND',
      ['-p', 'tcp', '--dport', config.inboundTunnelPort, '-j', 'RETURN'],
      because('The HBONE tunnel port is never redirected inbound.', 'inbound-tunnel-port'),
    );
  }
  sink.append(
    'both',
    'nat',
    'ISTIO_REDIRECT',
    ['-p', 'tcp', '-j', 'REDIRECT', era.redirectToOption, config.envoyPort],
    because('Outbound capture: redirects to the Envoy outbound listener.', 'envoy-port'),
  );
  const inboundPortFlag = era.singleProxyPort ? 'envoy-port' : 'inbound-capture-port';
  sink.append(
    'both',
    'nat',
    'ISTIO_IN_REDIRECT',
    ['-p', 'tcp', '-j', 'REDIRECT', era.redirectToOption, config.inboundCapturePort],
    because(
      era.singleProxyPort
        ? 'Inbound capture: redirects to the single Envoy port (one listener for both directions).'
        : 'Inbound capture: redirects to the Envoy inbound listener.',
      inboundPortFlag,
    ),
    'InboundCapture',
  );
}

/** TPROXY's divert and tproxy chains. upstream: capture/run.go — handleInboundPortsInclude. */
function addTproxyChains(ctx: GenContext): void {
  const { sink, config } = ctx;
  const mark = config.istioInboundTproxyMark;
  sink.append(
    'both',
    'mangle',
    'ISTIO_DIVERT',
    ['-j', 'MARK', '--set-mark', mark],
    because(
      'TPROXY: marks packets of established inbound sockets so policy routing delivers them locally.',
      MODE,
      'istio-inbound-tproxy-mark',
    ),
  );
  sink.append(
    'both',
    'mangle',
    'ISTIO_DIVERT',
    ['-j', 'ACCEPT'],
    because('TPROXY: established inbound sockets need no further mangle processing.', MODE),
  );
  sink.appendVersioned(
    'mangle',
    'ISTIO_TPROXY',
    ctx.loopback,
    (lb) => [
      '!',
      '-d',
      lb,
      '-p',
      'tcp',
      '-j',
      'TPROXY',
      '--tproxy-mark',
      `${mark}/0xffffffff`,
      '--on-port',
      config.inboundCapturePort,
    ],
    because(
      'TPROXY: hands new inbound connections to Envoy without rewriting the destination.',
      MODE,
      'inbound-capture-port',
      'istio-inbound-tproxy-mark',
    ),
  );
}

/** Inbound capture from `-b`/`-d`. upstream: capture/run.go — handleInboundPortsInclude. */
export function addInboundCapture(ctx: GenContext): void {
  const { sink, config, era, tproxy } = ctx;
  if (config.istioInboundPorts === '') return;
  if (tproxy) addTproxyChains(ctx);
  const table = tproxy ? 'mangle' : 'nat';
  sink.append(
    'both',
    table,
    'PREROUTING',
    ['-p', 'tcp', '-j', 'ISTIO_INBOUND'],
    because('All inbound TCP goes through ISTIO_INBOUND.', 'istio-inbound-ports'),
    'JumpInbound',
  );
  const established =
    era.tproxyEstablished === 'socket'
      ? ['-m', 'socket']
      : ['-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED'];
  if (config.istioInboundPorts === '*') {
    // upstream: LEGACY.md A.2 / seed 001 — port 22 (SSH) was always returned first for '*'.
    const excluded = [
      ...(era.sshReturn ? ['22'] : []),
      ...splitList(config.istioLocalExcludePorts),
    ];
    for (const port of excluded) {
      sink.append(
        'both',
        table,
        'ISTIO_INBOUND',
        ['-p', 'tcp', '--dport', port, '-j', 'RETURN'],
        because(
          `Inbound port ${port} is excluded from capture.`,
          ...(port === '22' && era.sshReturn
            ? ['istio-inbound-ports']
            : ['istio-local-exclude-ports']),
        ),
        'ExcludeInboundPort',
      );
    }
    if (tproxy) {
      sink.append(
        'both',
        'mangle',
        'ISTIO_INBOUND',
        ['-p', 'tcp', ...established, '-j', 'ISTIO_DIVERT'],
        because(
          'TPROXY: packets of established connections are diverted to the local socket.',
          MODE,
        ),
      );
      sink.append(
        'both',
        'mangle',
        'ISTIO_INBOUND',
        ['-p', 'tcp', '-j', 'ISTIO_TPROXY'],
        because(
          'TPROXY: every other inbound TCP connection goes to Envoy.',
          'istio-inbound-ports',
          MODE,
        ),
      );
    } else {
      sink.append(
        'both',
        'nat',
        'ISTIO_INBOUND',
        ['-p', 'tcp', '-j', 'ISTIO_IN_REDIRECT'],
        because('Every other inbound TCP port is redirected to Envoy.', 'istio-inbound-ports'),
      );
    }
    return;
  }
  for (const port of splitList(config.istioInboundPorts)) {
    const origin = because(`Inbound port ${port} is captured.`, 'istio-inbound-ports');
    if (tproxy) {
      sink.append(
        'both',
        'mangle',
        'ISTIO_INBOUND',
        ['-p', 'tcp', '--dport', port, ...established, '-j', 'ISTIO_DIVERT'],
        origin,
        'IncludeInboundPort',
      );
      sink.append(
        'both',
        'mangle',
        'ISTIO_INBOUND',
        ['-p', 'tcp', '--dport', port, '-j', 'ISTIO_TPROXY'],
        origin,
        'IncludeInboundPort',
      );
    } else {
      sink.append(
        'both',
        'nat',
        'ISTIO_INBOUND',
        ['-p', 'tcp', '--dport', port, '-j', 'ISTIO_IN_REDIRECT'],
        origin,
        'IncludeInboundPort',
      );
    }
  }
}
