/**
 * The mesh scenario: a small Kubernetes + Istio world (Services, pods with their sidecar settings,
 * the ingress gateway, VirtualServices and DestinationRules) as plain, versioned, serialisable
 * data. `*Spec` field names follow the Kubernetes / Istio APIs they mirror.
 */

/**
 * Where the outbound listener sends traffic no Service claims. upstream: meshconfig OutboundTrafficPolicy.
 *
 * @example
 * const policy: OutboundTrafficPolicy = 'REGISTRY_ONLY';
 */
export type OutboundTrafficPolicy = 'ALLOW_ANY' | 'REGISTRY_ONLY';

/**
 * What istio-proxy's Envoy is configured with (mesh config), independent of istio-init's args.
 *
 * @example
 * createBookinfoScenario().mesh.outboundTrafficPolicy; // 'ALLOW_ANY'
 */
export interface MeshSettings {
  readonly namespace: string;
  readonly clusterDomain: string;
  readonly outboundTrafficPolicy: OutboundTrafficPolicy;
  /** meshConfig.proxyListenPort: where Envoy's outbound virtual listener really listens. */
  readonly proxyListenPort: number;
  /** meshConfig.proxyInboundListenPort: where Envoy's inbound virtual listener listens (15006). */
  readonly proxyInboundListenPort: number;
}

/**
 * A Kubernetes Service (one TCP port, selector on labels). `clusterIP: 'None'` = headless.
 *
 * @example
 * createBookinfoScenario().services[3]; // { name: 'ratings', clusterIP: '10.254.234.130', port: 9080, … }
 */
export interface ServiceSpec {
  readonly name: string;
  readonly clusterIP: string;
  readonly port: number;
  readonly targetPort: number;
  /** HTTP (Envoy routes by Host header) or opaque TCP. */
  readonly protocol: 'http' | 'tcp';
  readonly selector: Readonly<Record<string, string>>;
  /** The Service's own labels; ambient reads `istio.io/use-waypoint: <waypoint name>`. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * An outbound call the app makes while serving a request: to `service`, path as given.
 *
 * @example
 * const call: CallSpec = { service: 'ratings', path: '/ratings/0' };
 */
export interface CallSpec {
  readonly service: string;
  readonly path: string;
}

/**
 * The istio-proxy container's securityContext. Absent fields take the injector's values:
 * runAsUser 1337 (0 in TPROXY mode, which needs NET_ADMIN), runAsGroup 1337.
 *
 * @example
 * const proxy: ProxySpec = { runAsUser: 1337, runAsGroup: 1337 };
 */
export interface ProxySpec {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
}

/**
 * A pod of the mesh. `sidecar: false` = no istio-init and no istio-proxy.
 *
 * @example
 * createBookinfoScenario().pods[3]?.calls; // [{ service: 'ratings', path: '/ratings/0' }] (reviews-v2)
 */
export interface PodSpec {
  readonly name: string;
  /** Pod address with its prefix length (`172.33.78.10/24`). */
  readonly ip: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Pod annotations; the sidecar injector maps the traffic.sidecar.istio.io/* ones to args. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly sidecar: boolean;
  /** istio-init args for this pod; absent = the scenario's (editor's, profile's) args. */
  readonly args?: string;
  /** uid the application process runs as. */
  readonly appUid: number;
  readonly appGid?: number;
  /** The port the application listens on (containerPort). */
  readonly appPort: number;
  /** Where the application binds: all addresses, or loopback only (pre-1.10 sidecars forwarded to 127.0.0.1). */
  readonly appBind: 'any' | 'localhost';
  readonly proxy: ProxySpec;
  /** Outbound calls per request, in order. */
  readonly calls: readonly CallSpec[];
  /**
   * Whether istio-iptables' TPROXY policy routing (`ip rule fwmark … lookup 133`) exists in the
   * pod. It is set up next to the TPROXY rules; false models a pod where that step failed.
   */
  readonly tproxyRouting: boolean;
}

/**
 * An HTTP match of an Istio VirtualService (subset of networking.istio.io/v1 HTTPMatchRequest).
 *
 * @example
 * const exact: StringMatchSpec = { exact: '/productpage' };
 */
export interface StringMatchSpec {
  readonly exact?: string;
  readonly prefix?: string;
  readonly regex?: string;
}

/**
 * One match of an http route: all given conditions must hold.
 *
 * @example
 * const m: HttpMatchSpec = { headers: { 'end-user': { exact: 'jason' } } };
 */
export interface HttpMatchSpec {
  readonly uri?: StringMatchSpec;
  readonly headers?: Readonly<Record<string, StringMatchSpec>>;
  readonly method?: StringMatchSpec;
}

/**
 * Where a route sends traffic: a Service host, optionally a DestinationRule subset and a port.
 *
 * @example
 * const d: DestinationSpec = { host: 'reviews', subset: 'v2' };
 */
export interface DestinationSpec {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
}

/**
 * A destination of an http route with its weight (percent).
 *
 * @example
 * const d: RouteDestinationSpec = { destination: { host: 'reviews', subset: 'v3' }, weight: 50 };
 */
export interface RouteDestinationSpec {
  readonly destination: DestinationSpec;
  readonly weight?: number;
}

/**
 * An http route of a VirtualService: any of its matches (or none = everything) → weighted destinations.
 *
 * @example
 * const r: HttpRouteSpec = { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 50 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 50 }] };
 */
export interface HttpRouteSpec {
  readonly name?: string;
  readonly match?: readonly HttpMatchSpec[];
  readonly route: readonly RouteDestinationSpec[];
}

/**
 * networking.istio.io VirtualService (http routes only).
 *
 * @example
 * createBookinfoScenario({ routing: 'all-v1' }).virtualServices[3]?.http[0]?.route[0]?.destination; // { host: 'reviews', subset: 'v1' }
 */
export interface VirtualServiceSpec {
  readonly name: string;
  readonly hosts: readonly string[];
  /** Absent or containing `mesh` = applies to sidecars; gateway names = applies to that gateway. */
  readonly gateways?: readonly string[];
  readonly http: readonly HttpRouteSpec[];
}

/**
 * A DestinationRule subset: a name and the pod labels it selects.
 *
 * @example
 * const v1: SubsetSpec = { name: 'v1', labels: { version: 'v1' } };
 */
export interface SubsetSpec {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * networking.istio.io DestinationRule (subsets only).
 *
 * @example
 * const dr: DestinationRuleSpec = { name: 'reviews', host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] };
 */
export interface DestinationRuleSpec {
  readonly name: string;
  readonly host: string;
  readonly subsets: readonly SubsetSpec[];
}

/**
 * The ingress gateway: a standalone Envoy pod (no istio-init), and its Gateway resource.
 *
 * @example
 * createBookinfoScenario().gateway.port; // 8080
 */
export interface GatewaySpec {
  /** Name of the Gateway resource VirtualServices bind to. */
  readonly name: string;
  readonly pod: string;
  readonly ip: string;
  /** Container port Envoy listens on (the gateway Service's targetPort). */
  readonly port: number;
  /** The Gateway server's port number (the Service port clients use). */
  readonly serverPort: number;
  readonly hosts: readonly string[];
  readonly runAsUser: number;
}

/**
 * A whole scenario, version 1. Serialisable as JSON and as YAML (`renderScenarioYaml`).
 *
 * @example
 * const scenario: Scenario = createBookinfoScenario();
 * scenario.services.map((s) => s.name); // ['productpage', 'details', 'reviews', 'ratings']
 */
export interface Scenario {
  readonly v: 1;
  readonly mesh: MeshSettings;
  /** istio-init args every sidecar pod gets unless it has its own (editor text: command line or YAML). */
  readonly args?: string;
  readonly services: readonly ServiceSpec[];
  readonly pods: readonly PodSpec[];
  readonly gateway: GatewaySpec;
  readonly virtualServices: readonly VirtualServiceSpec[];
  readonly destinationRules: readonly DestinationRuleSpec[];
}

/**
 * Who sends the request: from outside through the ingress gateway, or a pod's application.
 *
 * @example
 * const from: RequestOrigin = { kind: 'pod', pod: 'productpage-v1' };
 */
export type RequestOrigin =
  { readonly kind: 'ingress' } | { readonly kind: 'pod'; readonly pod: string };

/**
 * The request to follow. `to` (a Service) is needed for a pod origin; from ingress the
 * gateway's VirtualService decides. `choose` picks among equal candidates (`reviews: 'reviews-v3'`
 * or a subset name); otherwise weighted routes follow the heaviest (first on ties) and endpoints
 * the first in EDS order.
 *
 * @example
 * const request: RequestSpec = { from: { kind: 'ingress' }, method: 'GET', path: '/productpage', headers: {} };
 */
export interface RequestSpec {
  readonly from: RequestOrigin;
  readonly to?: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly choose?: Readonly<Record<string, string>>;
  /** Follow the callee's own calls (default true); false = only the first call. */
  readonly nested?: boolean;
}
