import type { HopDraft, PathContext } from './context.ts';
import { ephemeralPort, gatewayOf, nextStepId, notePod, pushStep } from './context.ts';
import { addTraversal, failHop, failTraversal, tuple } from './hop-steps.ts';
import { acceptAt, connmarkOf, failNoListener, nodeAddressOf } from './inbound.ts';
import { routeHttp } from './envoy-outbound.ts';
import { hostOf } from './world.ts';

/**
 * A request from outside: the client's connection reaches the gateway pod through the load
 * balancer / NodePort (the node's kube-proxy, not simulated), enters the gateway pod (which has
 * no istio-init rules), and the gateway's Envoy routes it by its Gateway-bound VirtualServices.
 */
export function ingressCall(ctx: PathContext, hop: HopDraft): void {
  const gateway = gatewayOf(ctx);
  const gw = ctx.world.scenario.gateway;
  notePod(ctx, gateway.name);
  const src = nodeAddressOf(gateway.net);
  const dst = hostOf(gw.ip);
  const sport = ephemeralPort(nextStepId(hop));
  pushStep(hop, {
    kind: 'wire',
    label: `client → load balancer → node: kube-proxy forwards port ${gw.serverPort} to the gateway pod ${tuple(src, sport, dst, gw.port)} (node rules, not simulated)`,
    from: 'client',
    to: gateway.name,
    src,
    sport,
    dst,
    dport: gw.port,
  });
  const step = addTraversal(
    hop,
    gateway.net,
    { direction: 'inbound', src, dst, sport, dport: gw.port },
    false,
    'the gateway pod has no istio-init: no rules',
  );
  if (step.delivered.kind !== 'local') {
    failTraversal(ctx, hop, gateway.net, step, 0);
    return;
  }
  const socket = acceptAt(hop, gateway, step, { ip: dst, port: gw.port });
  if (socket?.kind !== 'envoy-listener') {
    if (socket)
      failHop(ctx, hop, {
        code: 'no-listener',
        status: 0,
        pod: gateway.name,
        message: `port ${gw.port} of the gateway pod is not Envoy's listener`,
      });
    else failNoListener(ctx, hop, gateway, step, 0);
    return;
  }
  hop.legs.push({
    initiator: 'outside',
    acceptor: gateway.net,
    src,
    sport,
    dst,
    dport: gw.port,
    acceptedAddress: step.delivered.packet.dst,
    acceptedPort: step.delivered.port,
    acceptorActor: 'envoy',
    acceptorUid: gateway.uid,
    acceptorGid: gateway.gid,
    connmark: connmarkOf(step),
  });
  const listener = socket.listener;
  const chain = listener.filterChains[0];
  pushStep(hop, {
    kind: 'envoy-listener',
    label: `gateway envoy ${listener.name}: filter chain ${chain?.name ?? '(none)'}`,
    pod: gateway.name,
    listener,
    ...(chain ? { filterChain: chain.name } : {}),
  });
  if (chain?.filter.kind !== 'http') {
    failHop(ctx, hop, {
      code: 'route-not-found',
      status: 404,
      responseFlag: 'NR',
      pod: gateway.name,
      message: `the gateway listener ${listener.name} has no HTTP route`,
    });
    return;
  }
  routeHttp(ctx, hop, gateway, chain.filter.routeConfigName, { ip: dst, port: gw.port });
}
