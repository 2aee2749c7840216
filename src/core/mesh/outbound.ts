import type { HopDraft, PathContext, ProxyRef } from './context.ts';
import { ephemeralPort, nextStepId, notePod, pushStep, sidecarOf } from './context.ts';
import { flagValue, originFlags, reportPath, ruleText } from './diagnose.ts';
import { proxyOutbound } from './envoy-outbound.ts';
import { addTraversal, failHop, failTraversal, tuple } from './hop-steps.ts';
import type { Sent } from './inbound.ts';
import { acceptAt, connmarkOf, failNoListener } from './inbound.ts';
import type { NetfilterStep } from './path-types.ts';
import type { PodSpec, ServiceSpec } from './scenario.ts';
import { sendOver } from './upstream.ts';
import { hostOf } from './world.ts';

/** The caller's application dials the Service (its ClusterIP, resolved by kube-dns) and the pod's OUTPUT decides. */
export function appCall(
  ctx: PathContext,
  hop: HopDraft,
  caller: PodSpec,
  service: ServiceSpec,
): void {
  const proxy = sidecarOf(ctx, caller);
  notePod(ctx, caller.name);
  const headless = service.clusterIP === 'None';
  const dst = headless ? chooseEndpoint(ctx, service) : service.clusterIP;
  if (dst === undefined) {
    failHop(ctx, hop, {
      code: 'no-healthy-upstream',
      status: 0,
      net: proxy.net,
      message: `headless Service ${service.name} has no endpoints: DNS has no address to dial`,
    });
    return;
  }
  const src = proxy.address;
  const sport = ephemeralPort(nextStepId(hop));
  const gid = caller.appGid ?? caller.appUid;
  pushStep(hop, {
    kind: 'connect',
    label: `${caller.name} app connect() ${tuple(src, sport, dst, service.port)} (${service.name}:${service.port}${headless ? ', headless: a pod IP' : ', its ClusterIP'}) as uid ${caller.appUid}`,
    pod: caller.name,
    actor: 'app',
    uid: caller.appUid,
    gid,
    src,
    sport,
    dst,
    dport: service.port,
  });
  const step = addTraversal(hop, proxy.net, {
    direction: 'outbound',
    src,
    dst,
    sport,
    dport: service.port,
    uid: caller.appUid,
    gid,
  });
  const sent: Sent = {
    from: proxy.net,
    src,
    sport,
    dst,
    dport: service.port,
    tls: false,
    failStatus: 0,
  };
  if (step.delivered.kind === 'sent') {
    reportOutboundBypass(ctx, hop, proxy, step, caller, service);
    sendOver(ctx, hop, sent, step);
    return;
  }
  if (step.delivered.kind !== 'local') {
    failTraversal(ctx, hop, proxy.net, step, 0);
    return;
  }
  const socket = acceptAt(hop, proxy, step, { ip: dst, port: service.port });
  if (!socket) {
    failNoListener(ctx, hop, proxy, step, 0);
    return;
  }
  if (socket.kind !== 'envoy-listener' || socket.listener.trafficDirection === 'INBOUND') {
    failHop(ctx, hop, {
      code: 'no-listener',
      status: 0,
      net: proxy.net,
      ...(step.decisive ? { rule: step.decisive } : {}),
      message: `the app's outbound connection is delivered to ${socket.kind === 'envoy-listener' ? `Envoy's ${socket.listener.name}` : 'a socket'} on :${step.delivered.port}, not to Envoy's outbound listener`,
    });
    return;
  }
  const d = step.delivered;
  hop.legs.push({
    initiator: proxy.net,
    acceptor: proxy.net,
    src,
    sport,
    dst,
    dport: service.port,
    acceptedAddress: d.packet.dst,
    acceptedPort: d.port,
    acceptorActor: 'envoy',
    acceptorUid: proxy.uid,
    acceptorGid: proxy.gid,
    connmark: connmarkOf(step),
    ...(/REDIRECT|DNAT/.test(step.final) ? { nat: step } : {}),
  });
  proxyOutbound(ctx, hop, proxy, socket.listener, { ip: dst, port: service.port });
}

function reportOutboundBypass(
  ctx: PathContext,
  hop: HopDraft,
  proxy: ProxyRef,
  step: NetfilterStep,
  caller: PodSpec,
  service: ServiceSpec,
): void {
  if (!caller.sidecar) return;
  const net = proxy.net;
  const rule = step.decisive;
  const flags = originFlags(net, rule);
  const dst = `${step.packet.dst}:${step.packet.dport}`;
  let flag = flags.find((f) =>
    [
      'istio-service-exclude-cidr',
      'istio-local-outbound-ports-exclude',
      'proxy-uid',
      'proxy-gid',
      'istio-exclude-interfaces',
    ].includes(f),
  );
  let cause: string;
  if (flag === 'proxy-uid' || flag === 'proxy-gid') {
    cause = `the app runs as uid ${caller.appUid} gid ${caller.appGid ?? caller.appUid}, which --${flag} ${flagValue(net, flag)} exempts as the proxy's own`;
  } else if (flag !== undefined && rule !== undefined) {
    cause = `${ruleText(net, rule)} (--${flag} ${flagValue(net, flag)}) returns it`;
  } else {
    flag = 'istio-service-cidr';
    cause = `no rule redirects it (-i ${flagValue(net, 'istio-service-cidr')} does not cover ${step.packet.dst})`;
  }
  reportPath(ctx, {
    code: 'sidecar-bypass',
    severity: 'warning',
    net,
    hop: hop.id,
    step: step.id,
    ...(rule ? { rule } : {}),
    flag,
    message: `${caller.name}'s connection to ${service.name} (${dst}) bypasses its sidecar: ${cause}; no client-side routing (VirtualService, DestinationRule), no mTLS, and the node's kube-proxy picks the endpoint`,
  });
}

function chooseEndpoint(ctx: PathContext, service: ServiceSpec): string | undefined {
  const pods = ctx.world.endpointsOf(service);
  const wanted = ctx.request.choose?.[service.name];
  const pod = pods.find((p) => p.name === wanted) ?? pods[0];
  return pod ? hostOf(pod.ip) : undefined;
}
