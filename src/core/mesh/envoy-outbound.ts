import type { HopDraft, PathContext, ProxyRef } from './context.ts';
import { pushStep } from './context.ts';
import { reportPath } from './diagnose.ts';
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
import { failHop } from './hop-steps.ts';
import type { Target } from './inbound.ts';
import { connectUpstream } from './upstream.ts';

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

/** Picks the endpoint `choose` names (pod or subset), else the first one (EDS order). */
function pickEndpoint(
  ctx: PathContext,
  service: string,
  endpoints: readonly LbEndpoint[],
): LbEndpoint | undefined {
  const wanted = ctx.request.choose?.[service];
  return endpoints.find((e) => e.pod === wanted) ?? endpoints[0];
}
