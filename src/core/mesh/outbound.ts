import type { HopDraft, PathContext, ProxyRef } from './context.ts';
import { ephemeralPort, nextStepId, notePod, pushStep, sidecarOf } from './context.ts';
import {
  flagValue,
  isMissedOwnerReturn,
  missedRuleOf,
  originFlags,
  reportPath,
  ruleText,
} from './diagnose.ts';
import { BLACKHOLE_CLUSTER } from './envoy/build.ts';
import {
  findCluster,
  findRouteConfig,
  handOffListener,
  pickWeightedCluster,
  selectFilterChain,
  selectRoute,
  selectVirtualHost,
} from './envoy/select.ts';
import type { EnvoyCluster, EnvoyListener, LbEndpoint } from './envoy/types.ts';
import { addTraversal, failHop, failTraversal, tuple } from './hop-steps.ts';
import type { Sent, Target } from './inbound.ts';
import { acceptAt, arrive, connmarkOf, failNoListener } from './inbound.ts';
import type { NetfilterStep } from './path-types.ts';
import type { PodSpec, ServiceSpec } from './scenario.ts';
import { hostOf } from './world.ts';
import { cidrContains, parseAddress, parseCidrLoose } from '../shared/ip.ts';

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

/** Picks the endpoint `choose` names (pod or subset), else the first one (EDS order). */
function pickEndpoint(
  ctx: PathContext,
  service: string,
  endpoints: readonly LbEndpoint[],
): LbEndpoint | undefined {
  const wanted = ctx.request.choose?.[service];
  return endpoints.find((e) => e.pod === wanted) ?? endpoints[0];
}

function chooseEndpoint(ctx: PathContext, service: ServiceSpec): string | undefined {
  const pods = ctx.world.endpointsOf(service);
  const wanted = ctx.request.choose?.[service.name];
  const pod = pods.find((p) => p.name === wanted) ?? pods[0];
  return pod ? hostOf(pod.ip) : undefined;
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

/** Envoy's outbound side: accepting listener → original-destination hand-off → route → cluster → endpoint → connect. */
export function proxyOutbound(
  ctx: PathContext,
  hop: HopDraft,
  proxy: ProxyRef,
  accepting: EnvoyListener,
  orig: Target,
): void {
  let listener = accepting;
  if (accepting.useOriginalDst) {
    const handOff = handOffListener(proxy.envoy, orig.ip, orig.port);
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
      status: 0,
      net: proxy.net,
      message: `${listener.name} has no filter chain for :${orig.port}`,
    });
    return;
  }
  if (chain.filter.kind === 'tcp') {
    const cluster = findCluster(proxy.envoy, chain.filter.cluster);
    if (cluster) useCluster(ctx, hop, proxy, cluster, orig, 0);
    return;
  }
  routeHttp(ctx, hop, proxy, chain.filter.routeConfigName, orig);
}

/** HTTP routing: virtual host by Host header, first matching route, weighted clusters. */
export function routeHttp(
  ctx: PathContext,
  hop: HopDraft,
  proxy: ProxyRef,
  routeName: string,
  orig: Target,
): void {
  const rc = findRouteConfig(proxy.envoy, routeName);
  const vh = rc ? selectVirtualHost(rc, hop.host) : undefined;
  const headers = { ...ctx.headers, host: hop.host };
  const selected = vh
    ? selectRoute(vh, { method: hop.method, path: hop.path, headers })
    : { skipped: [] };
  for (const r of selected.skipped) {
    reportPath(ctx, {
      code: 'cannot-evaluate',
      severity: 'warning',
      pod: proxy.name,
      hop: hop.id,
      message: `route ${r.name} of ${r.source ?? routeName} uses a regex match, which is not evaluated here; it is treated as not matching`,
    });
  }
  const route = selected.route;
  const split = route?.action.kind === 'route' ? route.action.clusters : [];
  const picked = pickWeightedCluster(split, ctx.request.choose?.[hop.service]);
  const splitText =
    split.length > 1
      ? ` (split ${split.map((c) => `${c.name.split('|')[2] || '-'}:${c.weight}`).join(' ')})`
      : '';
  pushStep(hop, {
    kind: 'envoy-route',
    label: `route ${routeName}: Host ${hop.host} → virtual host ${vh?.name ?? '(none)'} → ${route ? `route ${route.name}${route.source ? ` (${route.source})` : ''} → ${picked?.name ?? `direct response ${route.action.kind === 'direct-response' ? route.action.status : ''}`}${splitText}` : 'no route'}`,
    pod: proxy.name,
    routeConfig: routeName,
    host: hop.host,
    ...(vh ? { virtualHost: vh } : {}),
    ...(route ? { route } : {}),
    split,
    ...(picked ? { chosen: picked.name } : {}),
  });
  if (!route) {
    failHop(ctx, hop, {
      code: 'route-not-found',
      status: 404,
      responseFlag: 'NR',
      pod: proxy.name,
      message: `no route in ${routeName} matches ${hop.method} ${hop.host}${hop.path}${vh ? ` (virtual host ${vh.name})` : ''}: Envoy answers 404`,
    });
    return;
  }
  if (route.action.kind === 'direct-response') {
    failHop(ctx, hop, {
      code: 'route-not-found',
      status: route.action.status,
      pod: proxy.name,
      message: `${hop.host} is not a known Service and outboundTrafficPolicy is REGISTRY_ONLY: virtual host ${vh?.name ?? ''} answers ${route.action.status}`,
    });
    return;
  }
  const cluster = picked ? findCluster(proxy.envoy, picked.name) : undefined;
  if (!cluster) {
    const subset = picked?.name.split('|')[2] ?? '';
    const flag = ctx.world.era.clusterNotFoundFlag;
    failHop(ctx, hop, {
      code: subset === '' ? 'route-not-found' : 'missing-subset',
      status: 503,
      ...(flag ? { responseFlag: flag } : {}),
      pod: proxy.name,
      key: `cluster|${proxy.name}|${picked?.name ?? ''}`,
      message:
        subset === ''
          ? `cluster ${picked?.name ?? '(none)'} does not exist in ${proxy.name}'s Envoy: 503`
          : `${route.source ?? 'the route'} sends ${hop.service} to subset ${subset}, but no DestinationRule defines it: cluster ${picked?.name ?? ''} does not exist, Envoy answers 503${flag ? ` ${flag}` : ''}`,
    });
    return;
  }
  useCluster(ctx, hop, proxy, cluster, orig, 503);
}

function useCluster(
  ctx: PathContext,
  hop: HopDraft,
  proxy: ProxyRef,
  cluster: EnvoyCluster,
  orig: Target,
  failStatus: number,
): void {
  pushStep(hop, {
    kind: 'envoy-cluster',
    label: `cluster ${cluster.name} (${cluster.type}): ${cluster.description}`,
    pod: proxy.name,
    cluster,
  });
  if (hop.service === '' && cluster.service !== undefined) hop.service = cluster.service;
  if (cluster.name === BLACKHOLE_CLUSTER) {
    failHop(ctx, hop, {
      code: 'route-not-found',
      status: failStatus === 0 ? 0 : 502,
      pod: proxy.name,
      message: `no listener for ${orig.ip}:${orig.port}: BlackHoleCluster closes the connection`,
    });
    return;
  }
  if (cluster.type === 'ORIGINAL_DST' || cluster.endpoints === undefined) {
    connectUpstream(ctx, hop, proxy, orig, false, failStatus);
    return;
  }
  const service = cluster.service ?? hop.service;
  const chosen = pickEndpoint(ctx, service, cluster.endpoints);
  const tls = ctx.world.era.autoMtls && chosen?.tlsMode === 'istio';
  pushStep(hop, {
    kind: 'envoy-endpoint',
    label: `endpoints of ${cluster.name}: ${cluster.endpoints.map((e) => `${e.pod}@${e.address}:${e.port}`).join(', ') || '(none)'} → ${chosen ? `${chosen.pod}${tls ? ' (auto mTLS)' : ''}` : 'none'}`,
    pod: proxy.name,
    cluster: cluster.name,
    endpoints: cluster.endpoints,
    ...(chosen ? { chosen } : {}),
    tls,
  });
  if (!chosen) {
    const subset = cluster.subset;
    failHop(ctx, hop, {
      code: subset ? 'missing-subset' : 'no-healthy-upstream',
      status: 503,
      responseFlag: 'UH',
      pod: proxy.name,
      message: `${cluster.name} has no endpoints${subset ? ` (no pod of ${service} has the labels of subset ${subset})` : ''}: no healthy upstream, 503 UH`,
    });
    return;
  }
  connectUpstream(ctx, hop, proxy, { ip: chosen.address, port: chosen.port }, tls, failStatus);
}

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
