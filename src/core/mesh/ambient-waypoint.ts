import { AMBIENT } from '../ambient/config.ts';
import type { HboneSender } from './ambient-arrive.ts';
import { arriveHbone } from './ambient-arrive.ts';
import type { AmbientContext, AmbientLeg } from './ambient-steps.ts';
import { hostPort, say } from './ambient-steps.ts';
import type { Waypoint } from './ambient-world.ts';
import type { HopDraft } from './context.ts';
import { ephemeralPort, nextStepId, notePod, pushStep } from './context.ts';
import { pickEndpoint, routeL7 } from './ambient-l7.ts';
import { arrivePlain } from './ambient-plain.ts';
import { buildWaypointEnvoy } from './envoy/build.ts';
import type { LbEndpoint } from './envoy/types.ts';
import type { PodSpec, ServiceSpec } from './scenario.ts';
import { hostOf } from './world.ts';

/**
 * The connection reaches the Service's waypoint: its Envoy terminates HBONE (the waypoint pod is
 * not captured: no rules), reads the Service from `:authority`, routes at L7 (the Service's
 * VirtualService and DestinationRule subsets), and opens its own HBONE to the chosen endpoint,
 * passing the caller's address in `Forwarded` (ztunnel reads it: get_original_src_from_fwded).
 */
export function routeAtWaypoint(
  a: AmbientContext,
  hop: HopDraft,
  waypoint: Waypoint,
  service: ServiceSpec,
  sent: HboneSender,
  legs: AmbientLeg[],
): void {
  const { ctx } = a;
  notePod(ctx, waypoint.pod);
  const ip = hostOf(waypoint.ip);
  const port = AMBIENT.hboneInboundPort;
  const target = hostPort(service.clusterIP, service.port);
  pushStep(hop, {
    kind: 'wire',
    ...say('ambient.wire', {
      from: sent.name,
      to: waypoint.pod,
      src: hostPort(sent.src, sent.sport),
      dst: hostPort(ip, port),
    }),
    from: sent.name,
    to: waypoint.pod,
    src: sent.src,
    sport: sent.sport,
    dst: ip,
    dport: port,
  });
  pushStep(hop, {
    kind: 'waypoint',
    action: 'accept',
    ...say('ambient.waypoint-accept', {
      waypoint: waypoint.name,
      pod: waypoint.pod,
      address: hostPort(ip, port),
      target,
      service: service.name,
    }),
    pod: waypoint.pod,
    waypoint: waypoint.name,
    service: service.name,
    target,
  });
  legs.push({
    from: sent.name,
    ...(sent.net ? { fromNet: sent.net } : {}),
    to: waypoint.pod,
    src: sent.src,
    sport: sent.sport,
    dst: ip,
    dport: port,
    acceptedAddress: ip,
    acceptedPort: port,
    mark: 0,
    connmark: 0,
  });
  const envoy = buildWaypointEnvoy(ctx.world, service);
  const proxy = {
    pod: waypoint.pod,
    envoy,
    routeConfig: envoy.routes[0]?.name ?? '',
  };
  const cluster = routeL7(a, hop, proxy);
  if (!cluster) return;
  const chosen = pickEndpoint(a, hop, proxy, cluster);
  if (!chosen) return;
  const pod = ctx.world.findPod(chosen.pod);
  if (pod) connectFromWaypoint(a, hop, waypoint, service, sent, chosen, pod, legs);
}

/** The waypoint's own connection to the endpoint: HBONE to an ambient pod, plain TCP otherwise. */
function connectFromWaypoint(
  a: AmbientContext,
  hop: HopDraft,
  waypoint: Waypoint,
  service: ServiceSpec,
  sent: HboneSender,
  chosen: LbEndpoint,
  pod: PodSpec,
  legs: AmbientLeg[],
): void {
  const ip = hostOf(waypoint.ip);
  const port = AMBIENT.hboneInboundPort;
  const sport = ephemeralPort(nextStepId(hop));
  const enrolled = a.aw.isEnrolled(pod);
  const upstream = hostPort(chosen.address, enrolled ? port : chosen.port);
  const connectTarget = hostPort(chosen.address, chosen.port);
  pushStep(hop, {
    kind: 'connect',
    ...say('ambient.envoy-connect', {
      pod: waypoint.pod,
      src: hostPort(ip, sport),
      dst: upstream,
    }),
    pod: waypoint.pod,
    actor: 'envoy',
    src: ip,
    sport,
    dst: chosen.address,
    dport: enrolled ? port : chosen.port,
  });
  const sender: HboneSender = {
    name: waypoint.pod,
    src: ip,
    sport,
    source: enrolled ? sent.source : ip,
    failStatus: 503,
  };
  if (!enrolled) {
    arrivePlain(a, hop, sender, pod, legs);
    return;
  }
  pushStep(hop, {
    kind: 'waypoint',
    action: 'connect',
    ...say('ambient.waypoint-connect', {
      waypoint: waypoint.name,
      chosen: pod.name,
      upstream,
      target: connectTarget,
    }),
    pod: waypoint.pod,
    waypoint: waypoint.name,
    service: service.name,
    target: connectTarget,
    upstream,
  });
  arriveHbone(a, hop, sender, pod, legs);
}
