import { because } from '../steps/builder.ts';
import { splitList } from '../steps/ranges.ts';
import { addNftRule, MANGLE, NAT, type NftGenContext } from './context.ts';

const TCP = ['meta', 'l4proto', 'tcp'];

/** `-c`: traffic on these interfaces is left alone. upstream: capture/run.go — handleExcludeInterfaces. */
export function addNftExcludedInterfaces(ctx: NftGenContext): void {
  const tables = ctx.tproxy ? [NAT, MANGLE] : [NAT];
  for (const nic of splitList(ctx.config.istioExcludeInterfaces)) {
    const origin = because(
      `Interface ${nic} is excluded from capture.`,
      'istio-exclude-interfaces',
    );
    for (const table of tables) {
      addNftRule(ctx, {
        table,
        chain: 'prerouting',
        match: ['iifname', nic],
        action: ['return'],
        origin,
      });
      addNftRule(ctx, {
        table,
        chain: 'output',
        match: ['oifname', nic],
        action: ['return'],
        origin,
      });
    }
  }
}

/** `-k`: inserted first in nat prerouting. upstream: capture/run.go — Run (RerouteVirtualInterfaces). */
export function addNftVirtualInterfaceReturns(ctx: NftGenContext): void {
  for (const nic of splitList(ctx.config.kubeVirtInterfaces)) {
    addNftRule(ctx, {
      table: NAT,
      chain: 'prerouting',
      match: ['iifname', nic],
      action: ['return'],
      at: 0,
      origin: because(
        `Inbound traffic from virtual interface ${nic} is not captured as inbound.`,
        'kube-virt-interfaces',
      ),
    });
  }
}

/** `--drop-invalid`. upstream: capture/run.go — Run (DropInvalid). */
export function addNftDropInvalid(ctx: NftGenContext): void {
  if (!ctx.config.dropInvalid) return;
  const origin = because('Packets conntrack marks invalid are dropped.', 'drop-invalid');
  addNftRule(ctx, {
    table: MANGLE,
    chain: 'prerouting',
    match: [...TCP, 'ct', 'state', 'invalid'],
    action: ['jump', 'istio-drop'],
    origin,
  });
  addNftRule(ctx, { table: MANGLE, chain: 'istio-drop', match: [], action: ['drop'], origin });
}

/** The tunnel return and the two redirect chains. upstream: capture/run.go — Run. */
export function addNftRedirectChains(ctx: NftGenContext): void {
  const { config } = ctx;
  addNftRule(ctx, {
    table: NAT,
    chain: 'istio-inbound',
    match: [...TCP, 'tcp', 'dport', config.inboundTunnelPort],
    action: ['return'],
    origin: because('HBONE tunnel traffic reaches Envoy directly.', 'inbound-tunnel-port'),
  });
  addNftRule(ctx, {
    table: NAT,
    chain: 'istio-redirect',
    match: TCP,
    action: ['redirect', 'to', `:${config.envoyPort}`],
    origin: because(
      `Outbound TCP is redirected to Envoy's port ${config.envoyPort}.`,
      'envoy-port',
    ),
  });
  addNftRule(ctx, {
    table: NAT,
    chain: 'istio-in-redirect',
    match: TCP,
    action: ['redirect', 'to', `:${config.inboundCapturePort}`],
    origin: because(
      `Inbound TCP is redirected to Envoy's port ${config.inboundCapturePort}.`,
      'inbound-capture-port',
    ),
  });
}

function addNftTproxyChains(ctx: NftGenContext): void {
  const { config } = ctx;
  const mark = config.istioInboundTproxyMark;
  const port = config.inboundCapturePort;
  const origin = because(
    `TPROXY mode: inbound TCP is handed to Envoy's port ${port} unchanged, marked ${mark}.`,
    'istio-inbound-interception-mode',
    'istio-inbound-tproxy-mark',
  );
  const divert = { table: MANGLE, chain: 'istio-divert', match: [], origin };
  addNftRule(ctx, { ...divert, action: ['meta', 'mark', 'set', mark] });
  addNftRule(ctx, { ...divert, action: ['accept'] });
  for (const [fam, lb, v6] of [
    ['ip', ctx.loopback[0], false],
    ['ip6', ctx.loopback[1], true],
  ] as const) {
    addNftRule(ctx, {
      table: MANGLE,
      chain: 'istio-tproxy',
      match: [
        ...TCP,
        fam,
        'daddr',
        '!=',
        lb,
        'tproxy',
        fam,
        'to',
        `:${port}`,
        'meta',
        'mark',
        'set',
        mark,
      ],
      action: ['accept'],
      v6,
      origin,
    });
  }
  addNftRule(ctx, {
    table: MANGLE,
    chain: 'prerouting',
    match: TCP,
    action: ['jump', 'istio-inbound'],
    origin,
  });
}

/** `-d`: one RETURN per excluded inbound port, before the capture (`*` mode only). */
function addNftInboundExcludes(
  ctx: NftGenContext,
  inbound: { table: string; chain: string },
): void {
  for (const port of splitList(ctx.config.istioLocalExcludePorts)) {
    const o = because(`Inbound port ${port} is not captured.`, 'istio-local-exclude-ports');
    addNftRule(ctx, {
      ...inbound,
      match: [...TCP, 'tcp', 'dport', port],
      action: ['return'],
      origin: o,
    });
  }
}

function addNftTproxyPorts(ctx: NftGenContext): void {
  const { config } = ctx;
  const inbound = { table: MANGLE, chain: 'istio-inbound' };
  const established = [...TCP, 'ct', 'state', 'related,established'];
  const origin = because('Inbound ports captured by TPROXY.', 'istio-inbound-ports');
  if (config.istioInboundPorts === '*') {
    addNftInboundExcludes(ctx, inbound);
    addNftRule(ctx, { ...inbound, match: established, action: ['jump', 'istio-divert'], origin });
    addNftRule(ctx, { ...inbound, match: TCP, action: ['jump', 'istio-tproxy'], origin });
    return;
  }
  for (const port of splitList(config.istioInboundPorts)) {
    const dport = ['tcp', 'dport', port];
    addNftRule(ctx, {
      ...inbound,
      match: [...established, ...dport],
      action: ['jump', 'istio-divert'],
      origin,
    });
    addNftRule(ctx, {
      ...inbound,
      match: [...TCP, ...dport],
      action: ['jump', 'istio-tproxy'],
      origin,
    });
  }
}

function addNftRedirectPorts(ctx: NftGenContext): void {
  const { config } = ctx;
  const inbound = { table: NAT, chain: 'istio-inbound' };
  const origin = because('Inbound ports redirected to Envoy.', 'istio-inbound-ports');
  addNftRule(ctx, {
    table: NAT,
    chain: 'prerouting',
    match: TCP,
    action: ['jump', 'istio-inbound'],
    origin,
  });
  if (config.istioInboundPorts === '*') {
    addNftInboundExcludes(ctx, inbound);
    addNftRule(ctx, { ...inbound, match: TCP, action: ['jump', 'istio-in-redirect'], origin });
    return;
  }
  for (const port of splitList(config.istioInboundPorts)) {
    addNftRule(ctx, {
      ...inbound,
      match: [...TCP, 'tcp', 'dport', port],
      action: ['jump', 'istio-in-redirect'],
      origin,
    });
  }
}

/** `-b`/`-d` in REDIRECT or TPROXY mode. upstream: capture/run.go — handleInboundPortsInclude. */
export function addNftInboundCapture(ctx: NftGenContext): void {
  if (ctx.config.istioInboundPorts === '') return;
  if (ctx.tproxy) {
    addNftTproxyChains(ctx);
    addNftTproxyPorts(ctx);
  } else {
    addNftRedirectPorts(ctx);
  }
}
