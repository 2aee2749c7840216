import type { IstioVersion } from '../generator/config.ts';
import type { RuleRef } from '../iptables/model.ts';
import type { Diagnostic, DiagnosticCode } from '../shared/diagnostics.ts';
import type { Message } from '../shared/messages.ts';
import type {
  EnvoyCluster,
  EnvoyListener,
  LbEndpoint,
  RouteEntry,
  VirtualHost,
  WeightedCluster,
} from './envoy/types.ts';
import type { AnnotationOverride, ArgsOrigin } from './injector.ts';
import type { NetfilterTraversal } from './netfilter-step.ts';
import type { RequestSpec } from './scenario.ts';

/**
 * Who opens a socket: the application, a proxy (sidecar, gateway or waypoint Envoy), a client
 * outside the mesh, the kubelet, or ztunnel (ambient: the node's ztunnel, from a socket it opened
 * inside the pod's network namespace, marked 0x539).
 *
 * @example
 * const who: Actor = 'ztunnel';
 */
export type Actor = 'app' | 'envoy' | 'client' | 'kubelet' | 'ztunnel';

/**
 * The data plane a path is computed for: sidecars (istio-init rules, Envoy in every pod) or
 * ambient (istio-cni's in-pod rules, the node's ztunnel, optional waypoints).
 *
 * @example
 * const plane: Dataplane = 'ambient';
 */
export type Dataplane = 'sidecar' | 'ambient';

interface StepBase {
  /** Stable: `<hop id>.<n>` (`h2.5`), or `<hop id>.r<n>` on the response path. */
  readonly id: string;
  /** One line saying what happens (English). */
  readonly label: string;
  readonly pod?: string;
  /**
   * The label as a message id with typed parameters, for the UI to render in the reader's
   * language (`label` is its English text). Set on the steps of an ambient path (except
   * `netfilter` steps, whose label is rule data).
   */
  readonly message?: Message;
}

/**
 * A process calls connect(): the 4-tuple and the socket owner the kernel's owner match sees.
 *
 * @example
 * const c = path.hops[1]?.steps[0]; // { kind: 'connect', actor: 'app', uid: 0, dst: '10.254.40.23', dport: 9080, … }
 */
export interface ConnectStep extends StepBase {
  readonly kind: 'connect';
  readonly actor: Actor;
  readonly uid?: number;
  readonly gid?: number;
  readonly src: string;
  readonly sport: number;
  readonly dst: string;
  readonly dport: number;
}

/**
 * A packet through the pod's netfilter hooks (simulator output, replayable with `intercept trace`).
 *
 * @example
 * path.hops[1]?.steps[1]; // { kind: 'netfilter', hook: 'OUTPUT', final: 'REDIRECT:15001', matched: ['nat/OUTPUT#1', …], … }
 */
export interface NetfilterStep extends NetfilterTraversal {
  readonly kind: 'netfilter';
  readonly id: string;
  readonly label: string;
  /** Which way the packet crosses the pod's netfilter. */
  readonly hook: 'OUTPUT' | 'PREROUTING';
}

/**
 * A socket accepted the connection (or `socket` is absent: nobody listens there).
 *
 * @example
 * path.hops[0]?.steps.find((s) => s.kind === 'accept')?.socket; // 'envoy 0.0.0.0_8080 (0.0.0.0:8080)'
 */
export interface AcceptStep extends StepBase {
  readonly kind: 'accept';
  readonly address: string;
  readonly port: number;
  readonly socket?: string;
  /** The destination before NAT (what SO_ORIGINAL_DST returns to Envoy). */
  readonly originalDst: string;
}

/**
 * A listener handled the connection (and maybe handed it to the original destination's listener).
 *
 * @example
 * step.kind === 'envoy-listener' && step.listener.name; // 'virtualOutbound'
 */
export interface EnvoyListenerStep extends StepBase {
  readonly kind: 'envoy-listener';
  readonly listener: EnvoyListener;
  readonly filterChain?: string;
  /** The useOriginalDst listener that handed the connection over. */
  readonly handedOffFrom?: string;
}

/**
 * HTTP routing: the virtual host the Host header selected, the route that matched, the split and the cluster followed.
 *
 * @example
 * step.kind === 'envoy-route' && step.split; // [{ name: 'outbound|9080|v1|…', weight: 50 }, { name: 'outbound|9080|v3|…', weight: 50 }]
 */
export interface EnvoyRouteStep extends StepBase {
  readonly kind: 'envoy-route';
  readonly routeConfig: string;
  readonly host: string;
  readonly virtualHost?: VirtualHost;
  readonly route?: RouteEntry;
  /** Every weighted cluster of the route (the traffic split) … */
  readonly split: readonly WeightedCluster[];
  /** … and the one this path follows. */
  readonly chosen?: string;
}

/**
 * Envoy picked a cluster; the step carries the cluster's configuration.
 *
 * @example
 * step.kind === 'envoy-cluster' && step.cluster.type; // 'EDS'
 */
export interface EnvoyClusterStep extends StepBase {
  readonly kind: 'envoy-cluster';
  readonly cluster: EnvoyCluster;
}

/**
 * Envoy picked an endpoint of an EDS cluster (all endpoints listed), with or without auto mTLS.
 *
 * @example
 * step.kind === 'envoy-endpoint' && step.chosen?.pod; // 'reviews-v2'
 */
export interface EnvoyEndpointStep extends StepBase {
  readonly kind: 'envoy-endpoint';
  readonly cluster: string;
  readonly endpoints: readonly LbEndpoint[];
  readonly chosen?: LbEndpoint;
  /** Envoy originates (auto) mutual TLS to this endpoint. */
  readonly tls: boolean;
}

/**
 * Between pods: the packet as it travels, and what happens off the pods (kube-proxy, the load balancer).
 *
 * @example
 * step.kind === 'wire' && `${step.from} → ${step.to}`; // 'productpage-v1 → reviews-v2'
 */
export interface WireStep extends StepBase {
  readonly kind: 'wire';
  readonly from: string;
  readonly to: string;
  readonly src: string;
  readonly sport: number;
  readonly dst: string;
  readonly dport: number;
}

/**
 * The application serves the request.
 *
 * @example
 * path.hops[0]?.steps.at(-1); // { kind: 'app', port: 9080, … }
 */
export interface AppStep extends StepBase {
  readonly kind: 'app';
  readonly port: number;
  /**
   * The source address the app sees on the connection (ambient: ztunnel keeps the caller's pod
   * IP; unset on sidecar paths).
   */
  readonly peer?: string;
}

/**
 * What ztunnel does at a `ztunnel` step (ambient).
 * - `outbound`: accepts the app's connection redirected to 15001 in the caller pod's network
 *   namespace and reads its original destination (SO_ORIGINAL_DST);
 * - `dns`: ztunnel's DNS proxy (15053 in the caller's namespace) answers the app's lookup of the
 *   Service with its ClusterIP;
 * - `pick`: chooses the upstream: one endpoint of the Service at L4 (no waypoint), or the
 *   Service's waypoint;
 * - `hbone`: opens HBONE: mutual TLS and an HTTP/2 CONNECT to the upstream's IP:15008, the target
 *   `ip:port` in `:authority`;
 * - `plaintext`: connects to a destination outside ambient over plain TCP (no HBONE);
 * - `inbound`: accepts HBONE on 15008 in the destination pod's network namespace, terminates
 *   mTLS as that pod, checks that the CONNECT target is the pod, applies L4 policy;
 * - `inbound-plaintext`: accepts a plaintext connection (from a caller outside ambient)
 *   redirected to 15006 in the destination pod's network namespace;
 * - `deliver`: connects to the app from a transparent socket (mark 0x539) whose source is the
 *   original caller's IP;
 * - `return`: carries a response back (the app's reply reached ztunnel's socket over `lo` through
 *   the fwmark 0x111 → table 100 route, or arrived through the tunnel).
 *
 * @example
 * const a: ZtunnelAction = 'hbone';
 */
export type ZtunnelAction =
  | 'dns'
  | 'outbound'
  | 'pick'
  | 'hbone'
  | 'plaintext'
  | 'inbound'
  | 'inbound-plaintext'
  | 'deliver'
  | 'return';

/**
 * ztunnel acts: one process per node (`node`), with its sockets inside the pod's network
 * namespace (`pod`): 15001 outbound, 15006 plaintext inbound, 15008 HBONE, 15053 DNS.
 *
 * @example
 * step.kind === 'ztunnel' && step.action === 'hbone' && step.upstream; // '172.33.78.5:15008'
 */
export interface ZtunnelStep extends StepBase {
  readonly kind: 'ztunnel';
  readonly action: ZtunnelAction;
  readonly pod: string;
  /** The node whose ztunnel acts (pods are placed by their /24, e.g. `node-172.33.78.0`). */
  readonly node: string;
  /** ztunnel's port in the pod's namespace for this action (15001, 15008, …; `deliver`: the app's). */
  readonly port: number;
  /** The Service the original destination belongs to. */
  readonly service?: string;
  /** Where the app connected (`outbound`), or the CONNECT target (`hbone`, `inbound`, `deliver`). */
  readonly target?: string;
  /** `pick`: the candidate pods (L4: every endpoint of the Service, whatever its version). */
  readonly endpoints?: readonly string[];
  /** `pick`: the pod (or, with a waypoint, the waypoint) chosen. */
  readonly chosen?: string;
  /** `pick` / `hbone`: the waypoint the Service uses (`istio.io/use-waypoint`). */
  readonly waypoint?: string;
  /** `hbone`: the address:port the tunnel is opened to (a pod or waypoint IP, port 15008). */
  readonly upstream?: string;
  /** `deliver`: the source address the app sees (the caller's, not ztunnel's). */
  readonly source?: string;
}

/**
 * What a waypoint does at a `waypoint` step: `accept` terminates HBONE (its own Envoy, port
 * 15008) and reads the Service from `:authority`; `connect` opens HBONE to the endpoint chosen by
 * its L7 routing (the `envoy-route` / `envoy-cluster` / `envoy-endpoint` steps in between).
 *
 * @example
 * const a: WaypointAction = 'accept';
 */
export type WaypointAction = 'accept' | 'connect';

/**
 * A waypoint proxy acts (ambient, a Service labelled `istio.io/use-waypoint`): an Envoy pod of the
 * Gateway class `istio-waypoint`, itself not captured (`istio.io/dataplane-mode: none`).
 *
 * @example
 * step.kind === 'waypoint' && step.waypoint; // 'waypoint'
 */
export interface WaypointStep extends StepBase {
  readonly kind: 'waypoint';
  readonly action: WaypointAction;
  readonly pod: string;
  /** The waypoint's name (the Gateway the label names). */
  readonly waypoint: string;
  /** The Service it fronts on this hop. */
  readonly service: string;
  /** `:authority` of the CONNECT: the Service's ClusterIP:port (`accept`), the endpoint (`connect`). */
  readonly target: string;
  /** `connect`: the endpoint's address:15008. */
  readonly upstream?: string;
}

/**
 * Where the hop ends badly: the status the caller sees and why.
 *
 * @example
 * path.hops[0]?.steps.at(-1); // { kind: 'failure', code: 'sidecar-bypass', status: 503, responseFlag: 'UF', … }
 */
export interface FailureStep extends StepBase {
  readonly kind: 'failure';
  readonly code: DiagnosticCode;
  readonly status: number;
  readonly responseFlag?: string;
}

/**
 * Every kind of step a hop has, discriminated by `kind`.
 *
 * @example
 * for (const s of path.hops[0]?.steps ?? []) if (s.kind === 'netfilter') s.final;
 */
export type PathStep =
  | ConnectStep
  | NetfilterStep
  | AcceptStep
  | EnvoyListenerStep
  | EnvoyRouteStep
  | EnvoyClusterStep
  | EnvoyEndpointStep
  | WireStep
  | AppStep
  | ZtunnelStep
  | WaypointStep
  | FailureStep;

/**
 * Who makes the call of a hop: a client outside the mesh, or a pod's app.
 *
 * @example
 * path.hops[1]?.caller; // { kind: 'pod', pod: 'productpage-v1' }
 */
export type HopCaller =
  { readonly kind: 'client' } | { readonly kind: 'pod'; readonly pod: string };

/**
 * One HTTP call: from the caller's socket to the callee app (or the failure), and back.
 *
 * @example
 * path.hops[2]?.label; // 'productpage-v1 → reviews (reviews-v2)'
 */
export interface Hop {
  readonly id: string;
  readonly parent?: string;
  readonly depth: number;
  readonly label: string;
  readonly caller: HopCaller;
  readonly service: string;
  readonly method: string;
  readonly path: string;
  readonly host: string;
  readonly steps: readonly PathStep[];
  readonly response: readonly PathStep[];
  readonly ok: boolean;
  readonly status: number;
  readonly responseFlag?: string;
  /** The pod whose app served the call. */
  readonly callee?: string;
}

/**
 * A health port checked the way the kubelet (or Prometheus) reaches it.
 *
 * @example
 * path.probes.filter((p) => p.captured).map((p) => p.id); // ['p.productpage-v1.15021', …] when -d misses them
 */
export interface ProbeCheck {
  readonly id: string;
  readonly pod: string;
  readonly port: number;
  readonly purpose: string;
  readonly captured: boolean;
  readonly step: NetfilterStep;
  /**
   * Ambient: the probe's traversal of the node's own rules first (nat POSTROUTING → ISTIO_POSTRT
   * SNATs kubelet's connection to the probe address, 169.254.7.127 by default). Not replayable
   * with `intercept trace`, which has no ipsets.
   */
  readonly node?: NetfilterStep;
}

/**
 * A pod of the path as the UI shows it: its istio-init command line and loaded rules.
 *
 * @example
 * path.pods[1]?.commandLine; // "istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x '' -b '*' -d 15090,15021,15020"
 */
export interface PodView {
  readonly name: string;
  readonly ip: string;
  readonly sidecar: boolean;
  readonly commandLine?: string;
  readonly argsOrigin?: ArgsOrigin;
  readonly overrides?: readonly AnnotationOverride[];
  readonly proxyMode?: 'REDIRECT' | 'TPROXY';
  readonly proxyUid?: number;
  readonly proxyGid?: number;
  /** IPv4 iptables-restore text (`intercept trace --rules`); '' for a pod without istio-init. */
  readonly rules: string;
  /** Other commands istio-init ran in the pod (TPROXY: `ip rule` / `ip route` for table 133). */
  readonly setup: readonly string[];
  /**
   * Ambient paths only: `pod` = enrolled (rules = istio-cni's in-pod rules, setup = its
   * `ip rule` / `ip route` for table 100); `waypoint` = a waypoint's Envoy pod (not captured, no
   * rules); `node` = a node (rules = the host probe rules, which need the ipset of its pods).
   */
  readonly ambient?: 'pod' | 'waypoint' | 'node';
}

/**
 * A diagnostic found on the path, pointing at where it happens and what causes it.
 *
 * @example
 * path.diagnostics[0]; // { code: 'redirect-loop', pod: 'productpage-v1', rule: 'nat/ISTIO_OUTPUT#4', flag: 'proxy-uid', … }
 */
export interface PathDiagnostic extends Diagnostic {
  readonly pod?: string;
  readonly hop?: string;
  readonly step?: string;
  readonly rule?: RuleRef;
  /** Long flag name (`proxy-uid`). */
  readonly flag?: string;
  /** The message as an id with typed parameters (ambient diagnostics); `message` is its English text. */
  readonly messageRef?: Message;
}

/**
 * The computed request path (JSON shape of `intercept path`, documented in README.md).
 *
 * @example
 * const path: RequestPath = computeRequestPath(createBookinfoScenario(), createBookinfoRequest());
 * path.hops.map((h) => h.label); // ['client → productpage', 'productpage-v1 → details', …]
 */
export interface RequestPath {
  readonly v: 1;
  readonly version: IstioVersion;
  readonly request: RequestSpec;
  /** Absent on sidecar paths (the JSON stays as it was); `ambient` with `--dataplane ambient`. */
  readonly dataplane?: Dataplane;
  /** Ambient: the Services given a waypoint (`--waypoint`, or labelled `istio.io/use-waypoint`). */
  readonly waypoints?: readonly string[];
  /** What the original caller receives. */
  readonly status: number;
  readonly hops: readonly Hop[];
  readonly probes: readonly ProbeCheck[];
  readonly pods: readonly PodView[];
  readonly diagnostics: readonly PathDiagnostic[];
}
