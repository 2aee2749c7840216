import { AMBIENT } from '../ambient/config.ts';
import type { AmbientContext, AmbientLeg } from './ambient-steps.ts';
import {
  connmarkOfStep,
  hostPort,
  pushZtunnel,
  say,
  sayRef,
  traverseAmbient,
  ZTUNNEL_MARK,
} from './ambient-steps.ts';
import type { HboneSender } from './ambient-arrive.ts';
import { arriveHbone, failDelivery } from './ambient-arrive.ts';
import { plainCall, ztunnelPlain } from './ambient-plain.ts';
import { routeAtWaypoint } from './ambient-waypoint.ts';
import { KUBE_DNS } from './ambient-world.ts';
import type { HopDraft } from './context.ts';
import { ephemeralPort, nextStepId, notePod, pushStep } from './context.ts';
import { virtualServiceFor } from './envoy/routes.ts';
import { failHop } from './hop-steps.ts';
import type { PodSpec, ServiceSpec } from './scenario.ts';
import type { PodNetwork } from './sidecar.ts';
import { hostOf } from './world.ts';
import { EMPTY_RANGE } from '../shared/source-range.ts';

/** The endpoint ztunnel picks at L4: the pod (or version) `choose` names, else the first. */
function pickPod(a: AmbientContext, service: ServiceSpec): PodSpec | undefined {
  const pods = a.ctx.world.endpointsOf(service);
  const wanted = a.ctx.request.choose?.[service.name];
  return (
    pods.find((p) => p.name === wanted) ??
    pods.find((p) => p.labels['version'] === wanted) ??
    pods[0]
  );
}

/**
 * The app looks the Service up first: its UDP query to kube-dns is redirected to ztunnel's DNS
 * proxy (15053) when the pod's DNS is captured (the node agent's default since 1.25), and ztunnel
 * answers with the ClusterIP. Not captured: the query leaves for kube-dns, as the step shows.
 */
function resolveDns(
  a: AmbientContext,
  hop: HopDraft,
  caller: PodSpec,
  net: PodNetwork,
  node: string,
  service: ServiceSpec,
): void {
  const step = traverseAmbient(hop, net, {
    direction: 'outbound',
    proto: 'udp',
    src: hostOf(caller.ip),
    sport: ephemeralPort(nextStepId(hop)),
    dst: KUBE_DNS,
    dport: 53,
    uid: caller.appUid,
    gid: caller.appGid ?? caller.appUid,
  });
  if (step.delivered.kind !== 'local' || step.delivered.port !== AMBIENT.dnsPort) return;
  const name = a.ctx.world.fqdn(service);
  pushZtunnel(hop, {
    action: 'dns',
    pod: caller.name,
    node,
    port: AMBIENT.dnsPort,
    service: service.name,
    target: service.clusterIP,
    text: say('ambient.ztunnel-dns', { pod: caller.name, node, name, address: service.clusterIP }),
  });
}

/** An L7 route the Service has no waypoint to apply: reported once per Service. */
function reportIgnoredRoute(a: AmbientContext, hop: HopDraft, service: ServiceSpec): void {
  const { ctx } = a;
  const vs = virtualServiceFor(ctx.world, service);
  const key = `ignored-route|${service.name}`;
  if (!vs || ctx.reported.has(key)) return;
  ctx.reported.add(key);
  const pods = ctx.world.endpointsOf(service).map((p) => p.name);
  const text = say('ambient.ignored-route', {
    kind: 'VirtualService',
    name: vs.name,
    service: service.name,
    count: pods.length,
    endpoints: pods.join(', '),
  });
  ctx.diagnostics.push({
    code: 'ignored-route',
    severity: 'warning',
    message: text.label,
    messageRef: text.message,
    range: EMPTY_RANGE,
    hop: hop.id,
    step: hop.steps.at(-1)?.id ?? hop.id,
  });
}

/**
 * A call from an enrolled pod's app to a Service: connect() to the ClusterIP, the pod's OUTPUT
 * (REDIRECT to ztunnel's 15001), ztunnel's choice (an endpoint at L4, or the Service's waypoint),
 * HBONE out of the pod, and the arrival at the destination.
 */
export function ambientCall(
  a: AmbientContext,
  hop: HopDraft,
  caller: PodSpec,
  service: ServiceSpec,
  legs: AmbientLeg[],
): void {
  const { ctx, aw } = a;
  notePod(ctx, caller.name);
  const net = aw.network(caller);
  const node = aw.nodeOf(caller).name;
  if (!aw.isEnrolled(caller)) {
    plainCall(a, hop, caller, net, service, pickPod(a, service), legs);
    return;
  }
  resolveDns(a, hop, caller, net, node, service);
  const src = hostOf(caller.ip);
  const sport = ephemeralPort(nextStepId(hop));
  const dst = service.clusterIP;
  const orig = hostPort(dst, service.port);
  pushStep(hop, {
    kind: 'connect',
    ...say('ambient.app-connect', {
      pod: caller.name,
      src: hostPort(src, sport),
      dst: orig,
      service: service.name,
    }),
    pod: caller.name,
    actor: 'app',
    uid: caller.appUid,
    gid: caller.appGid ?? caller.appUid,
    src,
    sport,
    dst,
    dport: service.port,
  });
  const out = traverseAmbient(hop, net, {
    direction: 'outbound',
    src,
    sport,
    dst,
    dport: service.port,
    uid: caller.appUid,
    gid: caller.appGid ?? caller.appUid,
  });
  if (out.delivered.kind !== 'local' || out.delivered.port !== AMBIENT.outboundPort) {
    failDelivery(a, hop, net, out, 0, AMBIENT.outboundPort);
    return;
  }
  legs.push({
    from: caller.name,
    to: caller.name,
    toNet: net,
    src,
    sport,
    dst,
    dport: service.port,
    acceptedAddress: out.delivered.packet.dst,
    acceptedPort: out.delivered.port,
    mark: ZTUNNEL_MARK,
    connmark: connmarkOfStep(out),
    before: {
      action: 'return',
      pod: caller.name,
      node,
      port: AMBIENT.outboundPort,
      text: say('ambient.ztunnel-return-caller', {
        pod: caller.name,
        port: AMBIENT.outboundPort,
      }),
    },
  });
  pushZtunnel(hop, {
    action: 'outbound',
    pod: caller.name,
    node,
    port: AMBIENT.outboundPort,
    service: service.name,
    target: orig,
    text: say('ambient.ztunnel-outbound', {
      pod: caller.name,
      node,
      target: orig,
      service: service.name,
    }),
  });
  chooseUpstream(a, hop, caller, net, node, service, legs);
}

function chooseUpstream(
  a: AmbientContext,
  hop: HopDraft,
  caller: PodSpec,
  net: PodNetwork,
  node: string,
  service: ServiceSpec,
  legs: AmbientLeg[],
): void {
  const { ctx, aw } = a;
  const waypoint = aw.waypointOf(service);
  const orig = hostPort(service.clusterIP, service.port);
  const endpoints = ctx.world.endpointsOf(service).map((p) => p.name);
  if (waypoint) {
    pushZtunnel(hop, {
      action: 'pick',
      pod: caller.name,
      node,
      port: AMBIENT.outboundPort,
      service: service.name,
      waypoint: waypoint.name,
      chosen: waypoint.pod,
      text: say('ambient.ztunnel-pick-waypoint', {
        service: service.name,
        waypoint: waypoint.name,
      }),
    });
    const sent = openHbone(a, hop, caller, net, node, hostOf(waypoint.ip), orig);
    if (sent) routeAtWaypoint(a, hop, waypoint, service, sent, legs);
    return;
  }
  const pod = pickPod(a, service);
  if (!pod) {
    const text = sayRef('ambient.no-endpoint', { service: service.name });
    failHop(ctx, hop, { code: 'no-healthy-upstream', status: 0, net, ...text });
    return;
  }
  pushZtunnel(hop, {
    action: 'pick',
    pod: caller.name,
    node,
    port: AMBIENT.outboundPort,
    service: service.name,
    endpoints,
    chosen: pod.name,
    text: say('ambient.ztunnel-pick', {
      service: service.name,
      count: endpoints.length,
      endpoints: endpoints.join(', '),
      chosen: pod.name,
    }),
  });
  reportIgnoredRoute(a, hop, service);
  if (!aw.isEnrolled(pod)) {
    ztunnelPlain(a, hop, caller, net, node, pod, legs);
    return;
  }
  const target = hostPort(hostOf(pod.ip), pod.appPort);
  const sent = openHbone(a, hop, caller, net, node, hostOf(pod.ip), target);
  if (sent) arriveHbone(a, hop, sent, pod, legs);
}

/**
 * ztunnel's HBONE connect from a 0x539-marked socket in the caller's namespace (the mark keeps it
 * out of the 15001 redirect) to `upstream`:15008, CONNECT `target`.
 */
function openHbone(
  a: AmbientContext,
  hop: HopDraft,
  caller: PodSpec,
  net: PodNetwork,
  node: string,
  upstream: string,
  target: string,
): HboneSender | undefined {
  const src = hostOf(caller.ip);
  const sport = ephemeralPort(nextStepId(hop));
  const port = AMBIENT.hboneInboundPort;
  pushStep(hop, {
    kind: 'connect',
    ...say('ambient.ztunnel-connect', {
      pod: caller.name,
      src: hostPort(src, sport),
      dst: hostPort(upstream, port),
    }),
    pod: caller.name,
    actor: 'ztunnel',
    src,
    sport,
    dst: upstream,
    dport: port,
  });
  const step = traverseAmbient(hop, net, {
    direction: 'outbound',
    src,
    sport,
    dst: upstream,
    dport: port,
    mark: ZTUNNEL_MARK,
  });
  if (step.delivered.kind !== 'sent') {
    failDelivery(a, hop, net, step, 0, port);
    return undefined;
  }
  pushZtunnel(hop, {
    action: 'hbone',
    pod: caller.name,
    node,
    port,
    target,
    upstream: hostPort(upstream, port),
    text: say('ambient.ztunnel-hbone', {
      pod: caller.name,
      upstream: hostPort(upstream, port),
      target,
    }),
  });
  return { name: caller.name, net, src, sport, source: src, failStatus: 0 };
}
