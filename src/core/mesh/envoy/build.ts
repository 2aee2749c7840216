import type { DestinationRuleSpec, PodSpec, ServiceSpec } from '../scenario.ts';
import type { World } from '../world.ts';
import { hostOf } from '../world.ts';
import {
  buildGatewayRouteConfig,
  buildOutboundRouteConfig,
  outboundClusterName,
} from './routes.ts';
import type {
  EnvoyCluster,
  EnvoyConfig,
  EnvoyListener,
  FilterChain,
  LbEndpoint,
  RouteConfiguration,
} from './types.ts';

export const PASSTHROUGH_CLUSTER = 'PassthroughCluster';
export const BLACKHOLE_CLUSTER = 'BlackHoleCluster';
export const INBOUND_PASSTHROUGH_CLUSTER = 'InboundPassthroughClusterIpv4';

function lbEndpoint(pod: PodSpec, service: ServiceSpec): LbEndpoint {
  return {
    address: hostOf(pod.ip),
    port: service.targetPort,
    pod: pod.name,
    tlsMode: pod.sidecar ? 'istio' : 'disabled',
  };
}

function destinationRuleFor(world: World, service: ServiceSpec): DestinationRuleSpec | undefined {
  return world.scenario.destinationRules.find(
    (dr) => world.findService(dr.host) === service || dr.host === world.fqdn(service),
  );
}

/** Outbound clusters of one Service: the plain one and one per DestinationRule subset. upstream: cluster_builder.go — buildOutboundClusters. */
function outboundClusters(world: World, service: ServiceSpec): EnvoyCluster[] {
  const fqdn = world.fqdn(service);
  const pods = world.endpointsOf(service);
  const headless = service.clusterIP === 'None';
  const base: EnvoyCluster = {
    name: outboundClusterName(service.port, '', fqdn),
    type: headless ? 'ORIGINAL_DST' : 'EDS',
    ...(headless ? {} : { endpoints: pods.map((p) => lbEndpoint(p, service)) }),
    service: service.name,
    description: headless
      ? 'headless Service: connect to the original destination'
      : `EDS: the pods Service ${service.name} selects`,
  };
  const dr = destinationRuleFor(world, service);
  const subsets = (dr?.subsets ?? []).map((subset): EnvoyCluster => {
    const selected = pods.filter((p) =>
      Object.entries(subset.labels).every(([k, v]) => p.labels[k] === v),
    );
    return {
      name: outboundClusterName(service.port, subset.name, fqdn),
      type: 'EDS',
      endpoints: selected.map((p) => lbEndpoint(p, service)),
      service: service.name,
      subset: subset.name,
      description: `DestinationRule/${dr?.name ?? ''} subset ${subset.name} (${Object.entries(
        subset.labels,
      )
        .map(([k, v]) => `${k}=${v}`)
        .join(',')})`,
    };
  });
  return [base, ...subsets];
}

function specialClusters(world: World): EnvoyCluster[] {
  const out: EnvoyCluster[] = [
    {
      name: BLACKHOLE_CLUSTER,
      type: 'STATIC',
      hosts: [],
      description: 'no hosts: the connection is closed',
    },
  ];
  if (world.era.passthrough)
    out.push({
      name: PASSTHROUGH_CLUSTER,
      type: 'ORIGINAL_DST',
      description: 'connect to the original destination',
    });
  return out;
}

/** Inbound cluster name: `inbound|9080||` (1.10+) or `inbound|9080||reviews.default.svc.cluster.local`. */
export function inboundClusterName(world: World, service: ServiceSpec): string {
  return world.era.inboundClusterWithHost
    ? `inbound|${service.port}||${world.fqdn(service)}`
    : `inbound|${service.targetPort}||`;
}

function inboundCluster(world: World, service: ServiceSpec): EnvoyCluster {
  const name = inboundClusterName(world, service);
  if (world.era.inboundUpstream === 'localhost') {
    return {
      name,
      type: 'STATIC',
      hosts: [`127.0.0.1:${service.targetPort}`],
      service: service.name,
      description: 'the app on localhost',
    };
  }
  return {
    name,
    type: 'ORIGINAL_DST',
    ...(world.era.inboundBind === undefined ? {} : { upstreamBindAddress: world.era.inboundBind }),
    service: service.name,
    description: 'the app on the original destination (the pod IP), from the bind address',
  };
}

function outboundPortListeners(world: World): EnvoyListener[] {
  const out: EnvoyListener[] = [];
  const httpPorts = [
    ...new Set(world.scenario.services.filter((s) => s.protocol === 'http').map((s) => s.port)),
  ];
  for (const port of httpPorts) {
    out.push(
      virtualListener(`0.0.0.0_${port}`, '0.0.0.0', port, [
        {
          name: `0.0.0.0_${port}`,
          filter: { kind: 'http', routeConfigName: String(port), rds: true },
        },
      ]),
    );
  }
  for (const s of world.scenario.services.filter(
    (x) => x.protocol === 'tcp' && x.clusterIP !== 'None',
  )) {
    const cluster = outboundClusterName(s.port, '', world.fqdn(s));
    out.push(
      virtualListener(`${s.clusterIP}_${s.port}`, s.clusterIP, s.port, [
        { name: cluster, filter: { kind: 'tcp', cluster } },
      ]),
    );
  }
  return out;
}

/** A listener only reached by hand-off from the `useOriginalDst` listener (bindToPort false). */
function virtualListener(
  name: string,
  address: string,
  port: number,
  filterChains: FilterChain[],
  direction: EnvoyListener['trafficDirection'] = 'OUTBOUND',
): EnvoyListener {
  return {
    name,
    address,
    port,
    bindToPort: false,
    useOriginalDst: false,
    transparent: false,
    trafficDirection: direction,
    listenerFilters: [],
    filterChains,
  };
}

function inboundRouteConfig(name: string, cluster: string, port: number): RouteConfiguration {
  return {
    name,
    virtualHosts: [
      {
        name: `inbound|http|${port}`,
        domains: ['*'],
        routes: [
          {
            name: 'default',
            match: { prefix: '/', headers: [] },
            action: { kind: 'route', clusters: [{ name: cluster, weight: 100 }] },
          },
        ],
      },
    ],
  };
}

interface Parts {
  listeners: EnvoyListener[];
  routes: RouteConfiguration[];
}

/** Istio ≥1.3: virtualOutbound on -p's port and virtualInbound on -z's, inbound chains per port. */
function splitListeners(world: World, pod: PodSpec, transparent: boolean, parts: Parts): void {
  const mesh = world.scenario.mesh;
  const fallback =
    world.era.passthrough && mesh.outboundTrafficPolicy === 'ALLOW_ANY'
      ? PASSTHROUGH_CLUSTER
      : BLACKHOLE_CLUSTER;
  parts.listeners.push({
    name: 'virtualOutbound',
    address: '0.0.0.0',
    port: mesh.proxyListenPort,
    bindToPort: true,
    useOriginalDst: true,
    transparent,
    trafficDirection: 'OUTBOUND',
    listenerFilters: [],
    filterChains: [
      { name: 'virtualOutbound-catchall-tcp', filter: { kind: 'tcp', cluster: fallback } },
    ],
  });
  const chains: FilterChain[] = [];
  for (const service of world.servicesOf(pod)) {
    const name = inboundClusterName(world, service);
    chains.push({
      name,
      filterChainMatch: { destinationPort: service.targetPort },
      filter: { kind: 'http', routeConfigName: name, rds: false },
    });
    parts.routes.push(inboundRouteConfig(name, name, service.targetPort));
  }
  chains.push({
    name: 'PassthroughFilterChain',
    filter: { kind: 'tcp', cluster: INBOUND_PASSTHROUGH_CLUSTER },
  });
  const listenerFilters = [
    'envoy.filters.listener.original_dst',
    'envoy.filters.listener.tls_inspector',
    'envoy.filters.listener.http_inspector',
  ];
  parts.listeners.push({
    name: 'virtualInbound',
    address: '0.0.0.0',
    port: mesh.proxyInboundListenPort,
    bindToPort: true,
    useOriginalDst: false,
    transparent,
    trafficDirection: 'INBOUND',
    listenerFilters: transparent
      ? [...listenerFilters, 'envoy.filters.listener.original_src']
      : listenerFilters,
    filterChains: chains,
  });
}

/** Istio 1.0/1.1 (seed 003): `virtual` on 15001 for both directions, `<podIP>_<port>` inbound listeners. */
function legacyListeners(world: World, pod: PodSpec, transparent: boolean, parts: Parts): void {
  parts.listeners.push({
    name: 'virtual',
    address: '0.0.0.0',
    port: world.scenario.mesh.proxyListenPort,
    bindToPort: true,
    useOriginalDst: true,
    transparent,
    trafficDirection: 'UNSPECIFIED',
    listenerFilters: [],
    filterChains: [{ name: 'virtual', filter: { kind: 'tcp', cluster: BLACKHOLE_CLUSTER } }],
  });
  for (const service of world.servicesOf(pod)) {
    const name = inboundClusterName(world, service);
    const ip = hostOf(pod.ip);
    parts.listeners.push(
      virtualListener(
        `${ip}_${service.targetPort}`,
        ip,
        service.targetPort,
        [{ name, filter: { kind: 'http', routeConfigName: name, rds: false } }],
        'INBOUND',
      ),
    );
    parts.routes.push(inboundRouteConfig(name, name, service.port));
  }
}

/**
 * The Envoy configuration pilot would push to a pod's sidecar in this profile's era, computed from
 * the scenario (Services, pods, VirtualServices, DestinationRules, mesh settings).
 *
 * @example
 * buildSidecarEnvoy(world, world.findPod('reviews-v1')!, 'REDIRECT').listeners[0]?.name; // 'virtualOutbound'
 */
export function buildSidecarEnvoy(
  world: World,
  pod: PodSpec,
  mode: 'REDIRECT' | 'TPROXY',
): EnvoyConfig {
  const transparent = mode === 'TPROXY';
  const parts: Parts = { listeners: [], routes: [] };
  if (world.era.capture === 'split') splitListeners(world, pod, transparent, parts);
  else legacyListeners(world, pod, transparent, parts);
  parts.listeners.push(...outboundPortListeners(world));
  const ports = [
    ...new Set(world.scenario.services.filter((s) => s.protocol === 'http').map((s) => s.port)),
  ];
  parts.routes.push(...ports.map((p) => buildOutboundRouteConfig(world, p)));
  const clusters = [
    ...world.scenario.services.flatMap((s) => outboundClusters(world, s)),
    ...specialClusters(world),
  ];
  if (world.era.capture === 'split') {
    const bind = world.era.inboundBind;
    clusters.push({
      name: INBOUND_PASSTHROUGH_CLUSTER,
      type: 'ORIGINAL_DST',
      ...(bind === undefined ? {} : { upstreamBindAddress: bind }),
      description: 'inbound traffic to ports no Service declares',
    });
  }
  clusters.push(...world.servicesOf(pod).map((s) => inboundCluster(world, s)));
  return { listeners: parts.listeners, routes: parts.routes, clusters };
}

/**
 * The ingress gateway's Envoy: a bound listener on the gateway port with route `http.<port>`,
 * and the outbound clusters of every Service.
 *
 * @example
 * buildGatewayEnvoy(world).listeners[0]?.name; // '0.0.0.0_8080'
 */
export function buildGatewayEnvoy(world: World): EnvoyConfig {
  const gw = world.scenario.gateway;
  const route = buildGatewayRouteConfig(world);
  const listener: EnvoyListener = {
    name: `0.0.0.0_${gw.port}`,
    address: '0.0.0.0',
    port: gw.port,
    bindToPort: true,
    useOriginalDst: false,
    transparent: false,
    trafficDirection: 'OUTBOUND',
    listenerFilters: [],
    filterChains: [
      {
        name: `0.0.0.0_${gw.port}`,
        filter: { kind: 'http', routeConfigName: route.name, rds: true },
      },
    ],
  };
  const clusters = [
    ...world.scenario.services.flatMap((s) => outboundClusters(world, s)),
    ...specialClusters(world),
  ];
  return { listeners: [listener], routes: [route], clusters };
}

/**
 * A waypoint's Envoy for one Service it fronts: the Service's virtual host (its VirtualService
 * routes, else a default route) and the Service's outbound clusters (one per DestinationRule
 * subset). Names follow the sidecar's outbound ones: the waypoint's own listener and route
 * naming (listener_waypoint.go) is not modelled.
 *
 * @example
 * buildWaypointEnvoy(world, world.findService('reviews')!).routes[0]?.virtualHosts.length; // 1
 */
export function buildWaypointEnvoy(world: World, service: ServiceSpec): EnvoyConfig {
  const rc = buildOutboundRouteConfig(world, service.port);
  const own = `${world.fqdn(service)}:${service.port}`;
  return {
    listeners: [],
    routes: [{ ...rc, virtualHosts: rc.virtualHosts.filter((vh) => vh.name === own) }],
    clusters: [...outboundClusters(world, service), ...specialClusters(world)],
  };
}
