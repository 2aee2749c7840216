import type { HopDraft, PathContext, ProxyRef } from './context.ts';
import { ephemeralPort, nextStepId, pushStep } from './context.ts';
import {
  flagValue,
  isMissedOwnerReturn,
  missedRuleOf,
  originFlags,
  reportPath,
  ruleText,
} from './diagnose.ts';
import type { EnvoyListener } from './envoy/types.ts';
import { addTraversal, failHop, failTraversal, tuple } from './hop-steps.ts';
import type { Sent, Target } from './inbound.ts';
import { acceptAt, arrive, failNoListener } from './inbound.ts';
import type { NetfilterStep } from './path-types.ts';
import { hostOf } from './world.ts';
import { cidrContains, parseAddress, parseCidrLoose } from '../shared/ip.ts';

/** Envoy's own connect() as the proxy uid/gid, through the pod's OUTPUT: RETURN (out eth0) or, if not exempt, a loop. */
export function connectUpstream(
  ctx: PathContext,
  hop: HopDraft,
  proxy: ProxyRef,
  target: Target,
  tls: boolean,
  failStatus: number,
): void {
  const sport = ephemeralPort(nextStepId(hop));
  const src = proxy.address;
  pushStep(hop, {
    kind: 'connect',
    label: `${proxy.kind === 'gateway' ? 'gateway ' : ''}envoy connect() ${tuple(src, sport, target.ip, target.port)} as uid ${proxy.uid} gid ${proxy.gid}${tls ? ', mTLS' : ''}`,
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
  const sent: Sent = {
    from: proxy.net,
    src,
    sport,
    dst: target.ip,
    dport: target.port,
    tls,
    failStatus: failStatus === 0 ? 0 : 503,
  };
  if (step.delivered.kind === 'sent') {
    reportShadowedExclusion(ctx, hop, proxy, step);
    sendOver(ctx, hop, sent, step);
    return;
  }
  if (step.delivered.kind !== 'local') {
    failTraversal(ctx, hop, proxy.net, step, sent.failStatus);
    return;
  }
  const socket = acceptAt(hop, proxy, step, target);
  if (
    socket?.kind === 'envoy-listener' &&
    socket.listener.trafficDirection !== 'INBOUND' &&
    /REDIRECT/.test(step.final)
  ) {
    redirectLoop(ctx, hop, proxy, step, socket.listener, target);
    return;
  }
  if (!socket) {
    failNoListener(ctx, hop, proxy, step, sent.failStatus);
    return;
  }
  failHop(ctx, hop, {
    code: 'no-listener',
    status: sent.failStatus,
    net: proxy.net,
    message: `Envoy's upstream connection to ${target.ip}:${target.port} stays in ${proxy.name} and reaches ${socket.kind === 'envoy-listener' ? socket.listener.name : socket.kind}; calls to the pod's own Service are not modelled`,
  });
}

/**
 * `-x` covers the address Envoy connects to, but an earlier rule (Envoy's owner RETURN) decides:
 * the exclusion only matters for connections an app makes straight to that address (a headless
 * Service, a pod IP), never for the sidecar's own upstream connections.
 */
function reportShadowedExclusion(
  ctx: PathContext,
  hop: HopDraft,
  proxy: ProxyRef,
  step: NetfilterStep,
): void {
  const net = proxy.net;
  const excludes = net.args?.config.istioServiceExcludeCidr ?? '';
  const dst = parseAddress(step.packet.dst);
  if (dst === undefined || excludes === '') return;
  const covering = excludes.split(',').find((item) => {
    const cidr = parseCidrLoose(item);
    return cidr !== undefined && cidrContains(cidr, dst);
  });
  const rule = step.decisive;
  if (covering === undefined || originFlags(net, rule).includes('istio-service-exclude-cidr'))
    return;
  reportPath(ctx, {
    code: 'exclusion-shadowed',
    severity: 'info',
    net,
    hop: hop.id,
    step: step.id,
    ...(rule ? { rule } : {}),
    flag: 'istio-service-exclude-cidr',
    message: `-x ${covering} covers ${step.packet.dst}, the endpoint Envoy connects to, but ${rule ? ruleText(net, rule) : 'an earlier rule'} decides first: the sidecar's own upstream connections are never redirected, and apps reach this endpoint through its Service's ClusterIP, so the exclusion changes nothing on this path; it only bypasses the sidecar for connections an app makes straight to ${covering} (a headless Service or a pod IP)`,
  });
}

/** Envoy's own connection came back to its outbound listener: show the second pass once, then stop. */
function redirectLoop(
  ctx: PathContext,
  hop: HopDraft,
  proxy: ProxyRef,
  step: NetfilterStep,
  listener: EnvoyListener,
  target: Target,
): void {
  const net = proxy.net;
  const rule =
    missedRuleOf(net, step, ['proxy-uid'], isMissedOwnerReturn) ??
    missedRuleOf(net, step, ['proxy-gid'], isMissedOwnerReturn) ??
    step.decisive;
  pushStep(hop, {
    kind: 'envoy-listener',
    label: `envoy ${listener.name} receives its own connection again, original destination ${target.ip}:${target.port}: it would route and connect again, and again`,
    pod: proxy.name,
    listener,
  });
  reportPath(ctx, {
    code: 'redirect-loop',
    severity: 'error',
    net,
    hop: hop.id,
    step: step.id,
    ...(rule ? { rule } : {}),
    flag: 'proxy-uid',
    message: `Envoy runs as uid ${proxy.uid} gid ${proxy.gid}, but -u is ${flagValue(net, 'proxy-uid')} and -g ${flagValue(net, 'proxy-gid')}: no owner rule${rule ? ` (${ruleText(net, rule)})` : ''} returns its own connection to ${target.ip}:${target.port}, so ${step.final} sends it back to Envoy's outbound listener — a redirect loop that ends only when a connection limit or timeout does`,
  });
  failHop(ctx, hop, {
    code: 'redirect-loop',
    status: 503,
    net,
    diagnose: false,
    message: `redirect loop in ${proxy.name}: the upstream connection never leaves the pod`,
  });
}

/** A packet that left the pod: to a pod, to a ClusterIP (kube-proxy on the node), or out of the cluster. */
export function sendOver(ctx: PathContext, hop: HopDraft, sent: Sent, step: NetfilterStep): void {
  const dst = step.delivered.packet.dst;
  const dport = step.delivered.packet.dport;
  const peer = ctx.world.findPodByIp(dst);
  if (peer) {
    arrive(ctx, hop, { ...sent, dst, dport }, peer);
    return;
  }
  const service = ctx.world.findServiceByIp(dst);
  const from = sent.from === 'outside' ? 'outside' : sent.from.name;
  if (!service) {
    pushStep(hop, {
      kind: 'wire',
      label: `${from} → ${dst}:${dport}: leaves the cluster network (not modelled further)`,
      from,
      to: dst,
      src: sent.src,
      sport: sent.sport,
      dst,
      dport,
    });
    hop.ok = true;
    hop.status = 200;
    return;
  }
  const endpoint =
    ctx.world.endpointsOf(service).find((p) => p.name === ctx.request.choose?.[service.name]) ??
    ctx.world.endpointsOf(service)[0];
  const to = endpoint ? hostOf(endpoint.ip) : '(no endpoint)';
  pushStep(hop, {
    kind: 'wire',
    label: `${from} → node: ${tuple(sent.src, sent.sport, dst, dport)}; the node's kube-proxy DNATs ClusterIP ${dst} to ${to}:${service.targetPort} (node rules, not simulated)`,
    from,
    to: 'node',
    src: sent.src,
    sport: sent.sport,
    dst,
    dport,
  });
  if (!endpoint) {
    failHop(ctx, hop, {
      code: 'no-healthy-upstream',
      status: sent.failStatus,
      message: `Service ${service.name} has no endpoints: kube-proxy rejects the connection`,
    });
    return;
  }
  arrive(
    ctx,
    hop,
    { ...sent, dst: to, dport: service.targetPort, viaService: { ip: dst, port: dport } },
    endpoint,
  );
}
