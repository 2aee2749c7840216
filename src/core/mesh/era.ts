import type { IstioVersion } from '../generator/config.ts';

/**
 * A socket an Istio container listens on, besides the virtual listeners.
 *
 * @example
 * MESH_ERAS.latest.proxySockets.map((s) => s.port); // [15000, 15090, 15021, 15020]
 */
export interface ProxySocket {
  readonly port: number;
  readonly bind: 'any' | 'localhost';
  readonly owner: 'envoy' | 'pilot-agent';
  readonly purpose: string;
}

/**
 * How the sidecar injector, pilot and Envoy of one Istio era behave, as far as the request path
 * cares. One row per generator profile; the iptables side comes from the generator itself.
 *
 * @example
 * MESH_ERAS['1.0'].capture; // 'single-port'
 */
export interface MeshEra {
  /** `-d` the injector writes: `<prefix>` + excludeInboundPort(statusPort, annotation). */
  readonly excludeInboundPrefix: string;
  readonly statusPort: string;
  /** single-port: one `virtual` listener (15001) for both directions; split: virtualOutbound + virtualInbound. */
  readonly capture: 'single-port' | 'split';
  /** Where inbound clusters send: 127.0.0.1:<port> (before 1.10) or the original destination, the pod IP. */
  readonly inboundUpstream: 'localhost' | 'pod-ip';
  /** Source address the inbound cluster binds to (1.10+: 127.0.0.6, InboundPassthroughBindIpv4). */
  readonly inboundBind?: string;
  /** `inbound|9080||reviews.default.svc.cluster.local` (≤1.9) or `inbound|9080||` (1.10+). */
  readonly inboundClusterWithHost: boolean;
  /** PassthroughCluster / allow_any exist: outboundTrafficPolicy is honoured (1.1+). */
  readonly passthrough: boolean;
  /** Automatic mutual TLS between sidecars (1.5+ default). */
  readonly autoMtls: boolean;
  /** Envoy's response flag for a route to a cluster that does not exist (`cluster_not_found_response_code`). */
  readonly clusterNotFoundFlag?: string;
  /** Sockets of the sidecar besides the virtual listeners. */
  readonly proxySockets: readonly ProxySocket[];
  /** Health ports the kubelet / Prometheus reach on the pod IP (must not be captured). */
  readonly healthPorts: readonly number[];
}

const MODERN_SOCKETS: readonly ProxySocket[] = [
  { port: 15000, bind: 'localhost', owner: 'envoy', purpose: 'Envoy admin' },
  { port: 15090, bind: 'any', owner: 'envoy', purpose: 'Envoy Prometheus telemetry' },
  { port: 15021, bind: 'any', owner: 'envoy', purpose: 'health checks (readiness probe)' },
  {
    port: 15020,
    bind: 'any',
    owner: 'pilot-agent',
    purpose: 'merged Prometheus metrics, agent status',
  },
];

/** upstream: manifests/charts/istio-control/istio-discovery/files/injection-template.yaml (-d line), pilot/pkg/networking/core. */
const MODERN: MeshEra = {
  excludeInboundPrefix: '15090,15021,',
  statusPort: '15020',
  capture: 'split',
  inboundUpstream: 'pod-ip',
  inboundBind: '127.0.0.6',
  inboundClusterWithHost: false,
  passthrough: true,
  autoMtls: true,
  clusterNotFoundFlag: 'NC',
  proxySockets: MODERN_SOCKETS,
  healthPorts: [15021, 15020, 15090],
};

/**
 * Istio 1.0 (seeds 000 and 003): statusPort 0 (`-d ""`), one `virtual` listener on 15001 with
 * useOriginalDst, per-IP inbound listeners with bindToPort false, inbound clusters to 127.0.0.1,
 * unknown destinations to BlackHoleCluster, no automatic mTLS; `lsof` shows Envoy on
 * localhost:15000 and *:15001 only.
 */
const LEGACY: MeshEra = {
  excludeInboundPrefix: '',
  statusPort: '0',
  capture: 'single-port',
  inboundUpstream: 'localhost',
  inboundClusterWithHost: true,
  passthrough: false,
  autoMtls: false,
  proxySockets: [{ port: 15000, bind: 'localhost', owner: 'envoy', purpose: 'Envoy admin' }],
  healthPorts: [],
};

/**
 * The mesh behaviour of each generator profile.
 *
 * @example
 * MESH_ERAS.latest.inboundBind; // '127.0.0.6'
 */
export const MESH_ERAS: Readonly<Record<IstioVersion, MeshEra>> = {
  latest: MODERN,
  '1.30': MODERN,
  '1.27': MODERN,
  '1.26': MODERN,
  '1.25': MODERN,
  '1.24': MODERN,
  '1.20': MODERN,
  '1.11': MODERN,
  '1.0': LEGACY,
};
