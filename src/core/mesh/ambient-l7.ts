import type { AmbientContext } from './ambient-steps.ts';
import { say, sayRef } from './ambient-steps.ts';
import type { HopDraft } from './context.ts';
import { pushStep } from './context.ts';
import { reportPath } from './diagnose.ts';
import {
  findCluster,
  findRouteConfig,
  pickWeightedCluster,
  selectRoute,
  selectVirtualHost,
} from './envoy/select.ts';
import type { EnvoyCluster, EnvoyConfig, LbEndpoint } from './envoy/types.ts';
import { failHop } from './hop-steps.ts';

/** An Envoy on an ambient path that routes at L7: a waypoint, or the ingress gateway. */
export interface L7Proxy {
  /** Its pod (steps are placed there). */
  readonly pod: string;
  readonly envoy: EnvoyConfig;
  /** Its route configuration for this request. */
  readonly routeConfig: string;
}

/**
 * HTTP routing: virtual host by Host header, first matching route, weighted clusters (the one
 * `choose` names by subset, else the heaviest); the cluster, or a failure (404 NR, 503 NC).
 */
export function routeL7(
  a: AmbientContext,
  hop: HopDraft,
  proxy: L7Proxy,
): EnvoyCluster | undefined {
  const { ctx } = a;
  const rc = findRouteConfig(proxy.envoy, proxy.routeConfig);
  const vh = rc ? selectVirtualHost(rc, hop.host) : undefined;
  const headers = { ...ctx.headers, host: hop.host };
  const selected = vh
    ? selectRoute(vh, { method: hop.method, path: hop.path, headers })
    : { skipped: [] };
  for (const r of selected.skipped)
    reportPath(ctx, {
      code: 'cannot-evaluate',
      severity: 'warning',
      pod: proxy.pod,
      hop: hop.id,
      ...sayRef('ambient.regex-route', { route: r.name, source: r.source ?? proxy.routeConfig }),
    });
  const route = selected.route;
  const split = route?.action.kind === 'route' ? route.action.clusters : [];
  const picked = pickWeightedCluster(split, ctx.request.choose?.[hop.service]);
  pushStep(hop, {
    kind: 'envoy-route',
    ...say('ambient.envoy-route', {
      pod: proxy.pod,
      host: hop.host,
      route: route ? `${route.name}${route.source ? ` (${route.source})` : ''}` : '-',
      cluster: picked?.name ?? '-',
    }),
    pod: proxy.pod,
    routeConfig: rc?.name ?? '',
    host: hop.host,
    ...(vh ? { virtualHost: vh } : {}),
    ...(route ? { route } : {}),
    split,
    ...(picked ? { chosen: picked.name } : {}),
  });
  if (!route || route.action.kind !== 'route') {
    failHop(ctx, hop, {
      code: 'route-not-found',
      status: 404,
      responseFlag: 'NR',
      pod: proxy.pod,
      ...sayRef('ambient.route-not-found', {
        proxy: proxy.pod,
        method: hop.method,
        target: `${hop.host}${hop.path}`,
      }),
    });
    return undefined;
  }
  const cluster = picked ? findCluster(proxy.envoy, picked.name) : undefined;
  if (!cluster) {
    failHop(ctx, hop, {
      code: 'missing-subset',
      status: 503,
      responseFlag: 'NC',
      pod: proxy.pod,
      key: `cluster|${proxy.pod}|${picked?.name ?? ''}`,
      ...sayRef('ambient.missing-cluster', {
        proxy: proxy.pod,
        source: route.source ?? route.name,
        cluster: picked?.name ?? '-',
      }),
    });
    return undefined;
  }
  if (hop.service === '' && cluster.service !== undefined) hop.service = cluster.service;
  pushStep(hop, {
    kind: 'envoy-cluster',
    ...say('ambient.envoy-cluster', {
      pod: proxy.pod,
      cluster: cluster.name,
      type: cluster.type,
    }),
    pod: proxy.pod,
    cluster,
  });
  return cluster;
}

/** The endpoint `choose` names (by pod), else the first in EDS order; none: 503 UH. */
export function pickEndpoint(
  a: AmbientContext,
  hop: HopDraft,
  proxy: L7Proxy,
  cluster: EnvoyCluster,
): LbEndpoint | undefined {
  const endpoints = cluster.endpoints ?? [];
  const wanted = a.ctx.request.choose?.[hop.service];
  const chosen = endpoints.find((e) => e.pod === wanted) ?? endpoints[0];
  pushStep(hop, {
    kind: 'envoy-endpoint',
    ...say('ambient.envoy-endpoint', {
      pod: proxy.pod,
      cluster: cluster.name,
      endpoints: endpoints.map((e) => `${e.pod}@${e.address}:${e.port}`).join(', ') || '-',
      chosen: chosen?.pod ?? '-',
    }),
    pod: proxy.pod,
    cluster: cluster.name,
    endpoints,
    ...(chosen ? { chosen } : {}),
    tls: true,
  });
  if (!chosen)
    failHop(a.ctx, hop, {
      code: cluster.subset ? 'missing-subset' : 'no-healthy-upstream',
      status: 503,
      responseFlag: 'UH',
      pod: proxy.pod,
      ...sayRef('ambient.no-healthy-upstream', { cluster: cluster.name }),
    });
  return chosen;
}
