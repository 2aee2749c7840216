import { AMBIENT } from '../ambient/config.ts';
import { arriveHbone, failDelivery } from './ambient-arrive.ts';
import { pickEndpoint, routeL7 } from './ambient-l7.ts';
import { arrivePlain } from './ambient-plain.ts';
import type { AmbientContext, AmbientLeg } from './ambient-steps.ts';
import { connmarkOfStep, hostPort, say, traverseAmbient } from './ambient-steps.ts';
import type { HopDraft, ProxyRef } from './context.ts';
import type { LbEndpoint } from './envoy/types.ts';
import type { PodSpec } from './scenario.ts';
import { ephemeralPort, gatewayOf, nextStepId, notePod, pushStep } from './context.ts';
import { nodeAddressOf } from './inbound.ts';
import { hostOf } from './world.ts';

/**
 * A request from outside in ambient mode: the client reaches the ingress gateway (an Envoy pod
 * ambient does not capture), which routes by its Gateway-bound VirtualServices and, the endpoint
 * being an ambient pod, tunnels to it over HBONE (its pod IP, port 15008).
 */
export function ambientIngress(a: AmbientContext, hop: HopDraft, legs: AmbientLeg[]): void {
  const { ctx } = a;
  const gateway = gatewayOf(ctx);
  const gw = ctx.world.scenario.gateway;
  notePod(ctx, gateway.name);
  const src = nodeAddressOf(gateway.net);
  const dst = hostOf(gw.ip);
  const sport = ephemeralPort(nextStepId(hop));
  pushStep(hop, {
    kind: 'wire',
    ...say('ambient.client-wire', {
      pod: gateway.name,
      src: hostPort(src, sport),
      dst: hostPort(dst, gw.port),
    }),
    from: 'client',
    to: gateway.name,
    src,
    sport,
    dst,
    dport: gw.port,
  });
  const step = traverseAmbient(hop, gateway.net, {
    direction: 'inbound',
    src,
    sport,
    dst,
    dport: gw.port,
  });
  const listener = gateway.envoy.listeners.find((l) => l.bindToPort && l.port === gw.port);
  const chain = listener?.filterChains[0];
  if (step.delivered.kind !== 'local' || !listener || chain?.filter.kind !== 'http') {
    failDelivery(a, hop, gateway.net, step, 0, gw.port);
    return;
  }
  legs.push({
    from: 'client',
    to: gateway.name,
    toNet: gateway.net,
    src,
    sport,
    dst,
    dport: gw.port,
    acceptedAddress: dst,
    acceptedPort: gw.port,
    mark: 0,
    uid: gateway.uid,
    gid: gateway.gid,
    connmark: connmarkOfStep(step),
  });
  pushStep(hop, {
    kind: 'envoy-listener',
    ...say('ambient.gateway-listener', {
      pod: gateway.name,
      listener: listener.name,
      address: hostPort(dst, gw.port),
    }),
    pod: gateway.name,
    listener,
    filterChain: chain.name,
  });
  const proxy = {
    pod: gateway.name,
    envoy: gateway.envoy,
    routeConfig: chain.filter.routeConfigName,
  };
  const cluster = routeL7(a, hop, proxy);
  const chosen = cluster ? pickEndpoint(a, hop, proxy, cluster) : undefined;
  const pod = chosen ? ctx.world.findPod(chosen.pod) : undefined;
  if (chosen && pod) connectUpstream(a, hop, gateway, chosen, pod, legs);
}

/** The gateway's Envoy connects to the endpoint: HBONE to an ambient pod, plain TCP otherwise. */
function connectUpstream(
  a: AmbientContext,
  hop: HopDraft,
  gateway: ProxyRef,
  chosen: LbEndpoint,
  pod: PodSpec,
  legs: AmbientLeg[],
): void {
  const dst = gateway.address;
  const enrolled = a.aw.isEnrolled(pod);
  const port = enrolled ? AMBIENT.hboneInboundPort : chosen.port;
  const upSport = ephemeralPort(nextStepId(hop));
  const target = hostPort(chosen.address, chosen.port);
  const text = enrolled
    ? say('ambient.gateway-hbone', {
        pod: pod.name,
        upstream: hostPort(chosen.address, port),
        target,
      })
    : say('ambient.envoy-connect', { pod: gateway.name, src: hostPort(dst, upSport), dst: target });
  pushStep(hop, {
    kind: 'connect',
    ...text,
    pod: gateway.name,
    actor: 'envoy',
    uid: gateway.uid,
    gid: gateway.gid,
    src: dst,
    sport: upSport,
    dst: chosen.address,
    dport: port,
  });
  const out = traverseAmbient(hop, gateway.net, {
    direction: 'outbound',
    src: dst,
    sport: upSport,
    dst: chosen.address,
    dport: port,
    uid: gateway.uid,
    gid: gateway.gid,
  });
  if (out.delivered.kind !== 'sent') {
    failDelivery(a, hop, gateway.net, out, 503, port);
    return;
  }
  const sender = {
    name: gateway.name,
    net: gateway.net,
    src: dst,
    sport: upSport,
    source: dst,
    failStatus: 503,
  };
  if (enrolled) arriveHbone(a, hop, sender, pod, legs);
  else arrivePlain(a, hop, sender, pod, legs);
}
