import { formatAddress } from '../shared/ip.ts';
import type { HopDraft, Leg, PathContext, ProxyRef } from './context.ts';
import { ephemeralPort, nextStepId, notePod, pushStep, sidecarOf } from './context.ts';
import { flagValue, missedRuleOf, originFlags, reportPath, ruleText } from './diagnose.ts';
import {
  findCluster,
  findRouteConfig,
  handOffListener,
  selectFilterChain,
  selectVirtualHost,
} from './envoy/select.ts';
import type { EnvoyCluster, EnvoyListener } from './envoy/types.ts';
import { addTraversal, failHop, failTraversal, tuple } from './hop-steps.ts';
import type { NetfilterStep } from './path-types.ts';
import type { PodSpec } from './scenario.ts';
import type { PodNetwork } from './sidecar.ts';
import type { SocketOwner } from './sockets.ts';
import { describeSocket, findSocket } from './sockets.ts';

export interface Target {
  readonly ip: string;
  readonly port: number;
}

/** A connection as its initiator sent it. */
export interface Sent {
  readonly from: PodNetwork | 'outside';
  readonly src: string;
  readonly sport: number;
  readonly dst: string;
  readonly dport: number;
  /** The initiator speaks mutual TLS (a sidecar or gateway originating auto-mTLS). */
  readonly tls: boolean;
  /** HTTP status the caller reports when the connection fails: a proxy's 503, or 0 for a bare socket. */
  readonly failStatus: number;
  /** The ClusterIP the initiator dialled, when the node's kube-proxy DNATed it to `dst`. */
  readonly viaService?: Target;
}

export function connmarkOf(step: NetfilterStep): number {
  const n = Number.parseInt(step.delivered.packet.connmark, 16);
  return Number.isFinite(n) ? n : 0;
}

function natOf(step: NetfilterStep): NetfilterStep | undefined {
  return /REDIRECT|DNAT/.test(step.final) ? step : undefined;
}

/** The application serves the request: the hop succeeded. */
export function serveApp(hop: HopDraft, pod: PodSpec): void {
  pushStep(hop, {
    kind: 'app',
    label: `${pod.name} app serves ${hop.method} ${hop.path} on :${pod.appPort} (200)`,
    pod: pod.name,
    port: pod.appPort,
  });
  hop.ok = true;
  hop.status = 200;
  hop.callee = pod.name;
}

/** The connection reached a socket: says which (or that none listens) and returns it. */
export function acceptAt(
  hop: HopDraft,
  proxy: ProxyRef,
  step: NetfilterStep,
  originalDst: Target,
): SocketOwner | undefined {
  const d = step.delivered;
  if (d.kind !== 'local') return undefined;
  const socket = findSocket(proxy.sockets, d.packet.dst, d.port, d.socket === 'tproxy');
  const orig = `${originalDst.ip}:${originalDst.port}`;
  pushStep(hop, {
    kind: 'accept',
    label: socket
      ? `${describeSocket(socket)} accepts the connection on ${d.packet.dst}:${d.port} (original destination ${orig})`
      : `nothing listens on ${d.packet.dst}:${d.port} in ${proxy.name}${d.socket === 'tproxy' ? ' with IP_TRANSPARENT' : ''}`,
    pod: proxy.name,
    address: d.packet.dst,
    port: d.port,
    ...(socket ? { socket: describeSocket(socket) } : {}),
    originalDst: orig,
  });
  return socket;
}

/** Nothing accepted a locally delivered connection: RST (or a TPROXY drop). */
export function failNoListener(
  ctx: PathContext,
  hop: HopDraft,
  proxy: ProxyRef,
  step: NetfilterStep,
  status: number,
): void {
  const d = step.delivered;
  const port = d.kind === 'local' ? d.port : 0;
  const redirect =
    step.decisive !== undefined && /REDIRECT|TPROXY/.test(step.final) ? step.decisive : undefined;
  const tproxy = d.kind === 'local' && d.socket === 'tproxy';
  const flag = tproxy
    ? 'istio-inbound-interception-mode'
    : originFlags(proxy.net, redirect).find(
        (f) => f === 'envoy-port' || f === 'inbound-capture-port',
      );
  const why = tproxy
    ? `TPROXY hands the connection only to a transparent socket on :${port}; ${proxy.name}'s Envoy runs in ${proxy.net.args?.proxyMode ?? 'REDIRECT'} mode (sidecar.istio.io/interceptionMode), so the kernel drops it`
    : `nothing in ${proxy.name} listens on ${d.packet.dst}:${port}${redirect ? ` (${ruleText(proxy.net, redirect)} sends it there; ${flag === undefined ? 'its port' : `--${flag} ${flagValue(proxy.net, flag)}`} is not where Envoy listens)` : ''}: the kernel answers with a reset`;
  failHop(ctx, hop, {
    code: 'no-listener',
    status,
    ...(status === 0 ? {} : { responseFlag: 'UF' }),
    net: proxy.net,
    message: why,
    ...(redirect ? { rule: redirect } : {}),
    ...(flag ? { flag } : {}),
  });
}

/** The packet of `sent` crosses the wire to `peer` and enters its PREROUTING. */
export function arrive(ctx: PathContext, hop: HopDraft, sent: Sent, peer: PodSpec): void {
  const proxy = sidecarOf(ctx, peer);
  notePod(ctx, peer.name);
  const from = sent.from === 'outside' ? 'outside' : sent.from.name;
  pushStep(hop, {
    kind: 'wire',
    label: `${from} → ${peer.name}: ${tuple(sent.src, sent.sport, sent.dst, sent.dport)}`,
    from,
    to: peer.name,
    src: sent.src,
    sport: sent.sport,
    dst: sent.dst,
    dport: sent.dport,
  });
  const step = addTraversal(hop, proxy.net, {
    direction: 'inbound',
    src: sent.src,
    dst: sent.dst,
    sport: sent.sport,
    dport: sent.dport,
  });
  if (step.delivered.kind !== 'local') {
    failTraversal(ctx, hop, proxy.net, step, sent.failStatus);
    return;
  }
  noteLegacySinglePort(ctx, hop, proxy, step);
  const socket = acceptAt(hop, proxy, step, { ip: sent.dst, port: sent.dport });
  if (!socket) {
    failNoListener(ctx, hop, proxy, step, sent.failStatus);
    return;
  }
  const leg = legOf(sent, proxy, step, socket, peer);
  hop.legs.push(leg);
  if (socket.kind === 'envoy-listener' && socket.listener.trafficDirection !== 'OUTBOUND') {
    envoyInbound(ctx, hop, proxy, socket.listener, { ip: sent.dst, port: sent.dport }, sent);
  } else if (socket.kind === 'app') {
    appReachedDirectly(ctx, hop, proxy, step, sent, peer);
  } else {
    failHop(ctx, hop, {
      code: 'no-listener',
      status: sent.failStatus,
      net: proxy.net,
      message: `the connection for ${peer.name}'s app reaches ${describeSocket(socket)} instead`,
    });
  }
}

function legOf(
  sent: Sent,
  proxy: ProxyRef,
  step: NetfilterStep,
  socket: SocketOwner,
  peer: PodSpec,
): Leg {
  const app = socket.kind === 'app';
  const d = step.delivered;
  const nat = natOf(step);
  return {
    initiator: sent.from,
    acceptor: proxy.net,
    src: sent.src,
    sport: sent.sport,
    dst: sent.dst,
    dport: sent.dport,
    acceptedAddress: d.packet.dst,
    acceptedPort: d.kind === 'local' ? d.port : sent.dport,
    acceptorActor: app ? 'app' : 'envoy',
    acceptorUid: app ? peer.appUid : proxy.uid,
    acceptorGid: app ? (peer.appGid ?? peer.appUid) : proxy.gid,
    connmark: connmarkOf(step),
    ...(nat ? { nat } : {}),
    ...(sent.viaService ? { replyFrom: sent.viaService } : {}),
  };
}

/** 1.0: inbound is redirected to the same port as outbound; Envoy tells them apart by the original destination. */
function noteLegacySinglePort(
  ctx: PathContext,
  hop: HopDraft,
  proxy: ProxyRef,
  step: NetfilterStep,
): void {
  if (
    ctx.world.era.capture !== 'single-port' ||
    step.final !== `REDIRECT:${ctx.world.scenario.mesh.proxyListenPort}`
  )
    return;
  const flag = originFlags(proxy.net, step.decisive)[0];
  reportPath(ctx, {
    code: 'legacy-single-port',
    severity: 'info',
    net: proxy.net,
    hop: hop.id,
    step: step.id,
    ...(step.decisive ? { rule: step.decisive } : {}),
    ...(flag ? { flag } : {}),
    message: `Istio 1.0 redirects inbound traffic to the same port as outbound (${step.final}); Envoy's single \`virtual\` listener tells the directions apart only by the original destination's listener (${step.delivered.packet.dst}_${step.packet.dport}, bindToPort false)`,
  });
}

/** Inbound capture did not happen: the app gets the connection without its sidecar. */
function appReachedDirectly(
  ctx: PathContext,
  hop: HopDraft,
  proxy: ProxyRef,
  step: NetfilterStep,
  sent: Sent,
  peer: PodSpec,
): void {
  if (peer.sidecar) {
    const flags = originFlags(proxy.net, step.decisive);
    const flag =
      flags.find((f) => f === 'istio-local-exclude-ports' || f === 'istio-exclude-interfaces') ??
      'istio-inbound-ports';
    const rule =
      flag === 'istio-inbound-ports'
        ? (missedRuleOf(proxy.net, step, [flag]) ?? step.decisive)
        : step.decisive;
    const cause =
      flag === 'istio-inbound-ports'
        ? `port ${sent.dport} is not in -b (${flagValue(proxy.net, 'istio-inbound-ports')})`
        : `${rule ? ruleText(proxy.net, rule) : 'a RETURN'} (--${flag} ${flagValue(proxy.net, flag)}) exempts port ${sent.dport}`;
    const consequence = sent.tls
      ? `the caller's sidecar speaks mutual TLS, which the app cannot read: the request fails`
      : 'no inbound policy, telemetry or mTLS applies';
    reportPath(ctx, {
      code: 'sidecar-bypass',
      severity: sent.tls ? 'error' : 'warning',
      net: proxy.net,
      hop: hop.id,
      step: step.id,
      ...(rule ? { rule } : {}),
      flag,
      message: `inbound traffic to ${peer.name}:${sent.dport} bypasses its sidecar: ${cause}; ${consequence}`,
    });
    if (sent.tls) {
      failHop(ctx, hop, {
        code: 'sidecar-bypass',
        status: 503,
        responseFlag: 'UF',
        net: proxy.net,
        diagnose: false,
        message: `${peer.name}'s app receives a TLS ClientHello on :${sent.dport} and resets the connection (upstream connect error, TLS)`,
      });
      return;
    }
  }
  serveApp(hop, peer);
}

/** Envoy's inbound side: listener → (route) → cluster → connect to the app. */
function envoyInbound(
  ctx: PathContext,
  hop: HopDraft,
  proxy: ProxyRef,
  accepting: EnvoyListener,
  orig: Target,
  sent: Sent,
): void {
  let listener = accepting;
  const handOff = accepting.useOriginalDst
    ? handOffListener(proxy.envoy, orig.ip, orig.port)
    : undefined;
  if (accepting.useOriginalDst) {
    pushStep(hop, {
      kind: 'envoy-listener',
      label: `envoy ${accepting.name} (useOriginalDst): original destination ${orig.ip}:${orig.port} → ${handOff ? `listener ${handOff.name}` : 'no listener, its own filter chain'}`,
      pod: proxy.name,
      listener: accepting,
    });
    if (handOff) listener = handOff;
  }
  const chain = selectFilterChain(listener, orig.port);
  pushStep(hop, {
    kind: 'envoy-listener',
    label: `envoy ${listener.name}: filter chain ${chain?.name ?? '(none)'}`,
    pod: proxy.name,
    listener,
    ...(chain ? { filterChain: chain.name } : {}),
    ...(listener !== accepting ? { handedOffFrom: accepting.name } : {}),
  });
  if (!chain) {
    failHop(ctx, hop, {
      code: 'route-not-found',
      status: sent.failStatus,
      net: proxy.net,
      message: `${listener.name} has no filter chain for :${orig.port}: the connection is closed`,
    });
    return;
  }
  let clusterName: string | undefined =
    chain.filter.kind === 'tcp' ? chain.filter.cluster : undefined;
  if (chain.filter.kind === 'http') {
    const rc = findRouteConfig(proxy.envoy, chain.filter.routeConfigName);
    const vh = rc ? selectVirtualHost(rc, hop.host) : undefined;
    const route = vh?.routes[0];
    const action = route?.action;
    clusterName = action?.kind === 'route' ? action.clusters[0]?.name : undefined;
    pushStep(hop, {
      kind: 'envoy-route',
      label: `route ${chain.filter.routeConfigName}: virtual host ${vh?.name ?? '(none)'} → ${clusterName ?? '(none)'}`,
      pod: proxy.name,
      routeConfig: chain.filter.routeConfigName,
      host: hop.host,
      ...(vh ? { virtualHost: vh } : {}),
      ...(route ? { route } : {}),
      split: action?.kind === 'route' ? action.clusters : [],
      ...(clusterName ? { chosen: clusterName } : {}),
    });
  }
  const cluster = clusterName === undefined ? undefined : findCluster(proxy.envoy, clusterName);
  if (!cluster) {
    failHop(ctx, hop, {
      code: 'route-not-found',
      status: sent.failStatus === 0 ? 0 : 404,
      responseFlag: 'NR',
      net: proxy.net,
      message: `${proxy.name}'s inbound listener has no route to a cluster for :${orig.port}`,
    });
    return;
  }
  pushStep(hop, {
    kind: 'envoy-cluster',
    label: `cluster ${cluster.name} (${cluster.type}${cluster.upstreamBindAddress ? `, bind ${cluster.upstreamBindAddress}` : ''})`,
    pod: proxy.name,
    cluster,
  });
  if (cluster.hosts?.length === 0) {
    failHop(ctx, hop, {
      code: 'route-not-found',
      status: sent.failStatus,
      net: proxy.net,
      message: `no listener for ${orig.ip}:${orig.port}: ${cluster.name} closes the connection`,
    });
    return;
  }
  connectToApp(ctx, hop, proxy, cluster, orig, sent);
}

function upstreamOf(cluster: EnvoyCluster, orig: Target): Target {
  const host = cluster.hosts?.[0];
  if (host === undefined) return orig;
  const colon = host.lastIndexOf(':');
  return { ip: host.slice(0, colon), port: Number(host.slice(colon + 1)) };
}

/** Envoy connects to the application (from 127.0.0.6, or to 127.0.0.1 before 1.10) and the pod's OUTPUT decides. */
function connectToApp(
  ctx: PathContext,
  hop: HopDraft,
  proxy: ProxyRef,
  cluster: EnvoyCluster,
  orig: Target,
  sent: Sent,
): void {
  const target = upstreamOf(cluster, orig);
  const src =
    cluster.upstreamBindAddress ?? (target.ip.startsWith('127.') ? '127.0.0.1' : proxy.address);
  const sport = ephemeralPort(nextStepId(hop));
  pushStep(hop, {
    kind: 'connect',
    label: `envoy connect() ${tuple(src, sport, target.ip, target.port)} as uid ${proxy.uid} gid ${proxy.gid}${cluster.upstreamBindAddress ? ` (upstreamBindConfig ${cluster.upstreamBindAddress})` : ''}`,
    pod: proxy.name,
    actor: 'envoy',
    uid: proxy.uid,
    gid: proxy.gid,
    src,
    sport,
    dst: target.ip,
    dport: target.port,
  });
  const step = addTraversal(hop, proxy.net, {
    direction: 'outbound',
    src,
    dst: target.ip,
    sport,
    dport: target.port,
    uid: proxy.uid,
    gid: proxy.gid,
  });
  const status = sent.failStatus === 0 ? 0 : 503;
  if (step.delivered.kind !== 'local') {
    if (step.delivered.kind === 'sent') {
      failHop(ctx, hop, {
        code: 'no-listener',
        status,
        net: proxy.net,
        message: `Envoy's connection to the app leaves the pod through ${step.delivered.oif} instead of reaching it`,
      });
    } else failTraversal(ctx, hop, proxy.net, step, status);
    return;
  }
  const socket = acceptAt(hop, proxy, step, target);
  const pod = proxy.pod;
  if (socket?.kind === 'app' && pod) {
    hop.legs.push({
      initiator: proxy.net,
      acceptor: proxy.net,
      src,
      sport,
      dst: target.ip,
      dport: target.port,
      acceptedAddress: step.delivered.packet.dst,
      acceptedPort: step.delivered.port,
      acceptorActor: 'app',
      acceptorUid: pod.appUid,
      acceptorGid: pod.appGid ?? pod.appUid,
      connmark: connmarkOf(step),
      ...(natOf(step) ? { nat: step } : {}),
    });
    serveApp(hop, pod);
    return;
  }
  if (socket?.kind === 'envoy-listener') {
    reportPath(ctx, {
      code: 'redirect-loop',
      severity: 'error',
      net: proxy.net,
      hop: hop.id,
      step: step.id,
      ...(step.decisive ? { rule: step.decisive } : {}),
      flag: 'proxy-uid',
      message: `Envoy's connection to the app (${tuple(src, sport, target.ip, target.port)}) is redirected back to Envoy (${step.final}): it loops instead of reaching the app`,
    });
    failHop(ctx, hop, {
      code: 'redirect-loop',
      status,
      net: proxy.net,
      diagnose: false,
      message: 'the inbound connection loops through Envoy',
    });
    return;
  }
  if (!socket) {
    const localhostOnly = pod?.appBind === 'localhost' && !target.ip.startsWith('127.');
    failHop(ctx, hop, {
      code: 'no-listener',
      status,
      ...(status === 0 ? {} : { responseFlag: 'UF' }),
      net: proxy.net,
      message: localhostOnly
        ? `${pod.name}'s app listens on 127.0.0.1:${pod.appPort} only, but Envoy forwards inbound traffic to the pod IP ${target.ip} (Istio 1.10+): connection refused`
        : `nothing listens on ${target.ip}:${target.port} in ${proxy.name}: connection refused`,
    });
    return;
  }
  failHop(ctx, hop, {
    code: 'no-listener',
    status,
    net: proxy.net,
    message: `Envoy's connection for the app reaches ${describeSocket(socket)} instead`,
  });
}

/** The gateway (node) address a kubelet or external client comes from: `.1` of the pod subnet. */
export function nodeAddressOf(net: PodNetwork): string {
  return net.context.gateway4 ? formatAddress(net.context.gateway4) : '0.0.0.0';
}
