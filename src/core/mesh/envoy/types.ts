/**
 * The slice of Envoy's xDS configuration the request path needs, shaped like `istioctl
 * proxy-config … -o json` prints it (camelCase field names), as plain data the UI can show.
 */

/**
 * What a filter chain does with a connection: HTTP routing (RDS or inline) or plain TCP proxying.
 *
 * @example
 * const f: ChainFilter = { kind: 'http', routeConfigName: '9080', rds: true };
 */
export type ChainFilter =
  | { readonly kind: 'http'; readonly routeConfigName: string; readonly rds: boolean }
  | { readonly kind: 'tcp'; readonly cluster: string };

export interface FilterChainMatch {
  readonly destinationPort?: number;
  readonly transportProtocol?: 'tls' | 'raw_buffer';
}

/**
 * A listener's filter chain: what it matches and what it does.
 *
 * @example
 * const chain: FilterChain = { name: 'inbound|9080||', filterChainMatch: { destinationPort: 9080 }, filter: { kind: 'http', routeConfigName: 'inbound|9080||', rds: false } };
 */
export interface FilterChain {
  readonly name: string;
  readonly filterChainMatch?: FilterChainMatch;
  readonly filter: ChainFilter;
}

/**
 * An Envoy listener.
 *
 * @example
 * buildSidecarEnvoy(world, pod, 'REDIRECT').listeners[0]; // { name: 'virtualOutbound', port: 15001, useOriginalDst: true, … }
 */
export interface EnvoyListener {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  /** False: never bound; only reached by hand-off from a `useOriginalDst` listener. */
  readonly bindToPort: boolean;
  readonly useOriginalDst: boolean;
  /** IP_TRANSPARENT: the socket TPROXY needs. */
  readonly transparent: boolean;
  readonly trafficDirection: 'OUTBOUND' | 'INBOUND' | 'UNSPECIFIED';
  readonly listenerFilters: readonly string[];
  readonly filterChains: readonly FilterChain[];
}

export interface StringMatcher {
  readonly exact?: string;
  readonly prefix?: string;
  readonly regex?: string;
}

export interface HeaderMatcher {
  readonly name: string;
  readonly stringMatch: StringMatcher;
}

export interface RouteMatch {
  readonly prefix?: string;
  readonly path?: string;
  readonly headers: readonly HeaderMatcher[];
}

/**
 * A cluster of a route and its share of the traffic.
 *
 * @example
 * const w: WeightedCluster = { name: 'outbound|9080|v3|reviews.default.svc.cluster.local', weight: 50 };
 */
export interface WeightedCluster {
  readonly name: string;
  readonly weight: number;
}

/**
 * What a route does: send to weighted clusters, or answer directly (`block_all`: 502).
 *
 * @example
 * const a: RouteAction = { kind: 'route', clusters: [{ name: 'outbound|9080|v1|reviews.default.svc.cluster.local', weight: 100 }] };
 */
export type RouteAction =
  | { readonly kind: 'route'; readonly clusters: readonly WeightedCluster[] }
  | { readonly kind: 'direct-response'; readonly status: number };

/**
 * One Envoy route: its match, its action, and the VirtualService it came from.
 *
 * @example
 * const r: RouteEntry = { name: 'default', match: { prefix: '/', headers: [] }, action: { kind: 'direct-response', status: 502 } };
 */
export interface RouteEntry {
  readonly name: string;
  readonly match: RouteMatch;
  readonly action: RouteAction;
  /** The Istio resource this route was generated from, e.g. `VirtualService/reviews`. */
  readonly source?: string;
}

/**
 * A virtual host: the Host header values (domains) it answers and its routes, in order.
 *
 * @example
 * const vh: VirtualHost = { name: 'allow_any', domains: ['*'], routes: [] };
 */
export interface VirtualHost {
  readonly name: string;
  readonly domains: readonly string[];
  readonly routes: readonly RouteEntry[];
}

/**
 * A route configuration (`9080`, `http.8080`, `inbound|9080||`) and its virtual hosts.
 *
 * @example
 * buildSidecarEnvoy(world, pod, 'REDIRECT').routes.find((r) => r.name === '9080')?.virtualHosts.map((v) => v.name);
 */
export interface RouteConfiguration {
  readonly name: string;
  readonly virtualHosts: readonly VirtualHost[];
}

/**
 * An endpoint of an EDS cluster (a pod), with the label auto-mTLS keys on.
 *
 * @example
 * const e: LbEndpoint = { address: '172.33.3.3', port: 9080, pod: 'reviews-v1', tlsMode: 'istio' };
 */
export interface LbEndpoint {
  readonly address: string;
  readonly port: number;
  readonly pod: string;
  /** `istio` when the pod has a sidecar (security.istio.io/tlsMode). */
  readonly tlsMode: 'istio' | 'disabled';
}

/**
 * An Envoy cluster.
 *
 * @example
 * buildSidecarEnvoy(world, pod, 'REDIRECT').clusters.find((c) => c.name === 'inbound|9080||')?.upstreamBindAddress; // '127.0.0.6'
 */
export interface EnvoyCluster {
  readonly name: string;
  readonly type: 'EDS' | 'ORIGINAL_DST' | 'STATIC';
  /** upstreamBindConfig.sourceAddress */
  readonly upstreamBindAddress?: string;
  /** STATIC clusters: their hosts (`127.0.0.1:9080`). */
  readonly hosts?: readonly string[];
  /** EDS clusters: the ClusterLoadAssignment. */
  readonly endpoints?: readonly LbEndpoint[];
  /** The Service and DestinationRule subset behind an outbound cluster. */
  readonly service?: string;
  readonly subset?: string;
  readonly description: string;
}

/**
 * One proxy's configuration: a sidecar's or the ingress gateway's.
 *
 * @example
 * const config: EnvoyConfig = buildSidecarEnvoy(world, pod);
 * config.listeners.map((l) => l.name); // ['virtualOutbound', 'virtualInbound', '0.0.0.0_9080']
 */
export interface EnvoyConfig {
  readonly listeners: readonly EnvoyListener[];
  readonly routes: readonly RouteConfiguration[];
  readonly clusters: readonly EnvoyCluster[];
}
