/**
 * Who writes the pod's rules: `istio-init` (sidecar), the istio-cni node agent (ambient) or the
 * istio-cni plugin for a sidecar pod (cni). See docs/ambient.md.
 */
export type Dataplane = 'sidecar' | 'ambient' | 'cni';

export const DATAPLANES: readonly Dataplane[] = ['sidecar', 'ambient', 'cni'];

/**
 * The data plane and the editor text of each non-sidecar plane (the sidecar's text is the
 * store's `input`), so switching back and forth loses nothing. Persisted as the optional
 * `dataplane` of v2 links: links without it are sidecar links.
 */
export interface DataplaneSpec {
  readonly plane: Dataplane;
  /** Ambient: the node agent's settings and the pod's annotations (`key: value` lines). */
  readonly ambient: string;
  /** CNI plugin: the pod's annotations, istio-proxy env and securityContext ids. */
  readonly cni: string;
  /** Ambient: show the node's host-probe rules instead of the pod's in-pod rules. */
  readonly node: boolean;
}

/** The ambient editor's first text: every setting the node agent reads, at its default. */
export const DEFAULT_AMBIENT_TEXT = `# istio-cni node agent (istio-cni-node DaemonSet env)
AMBIENT_DNS_CAPTURE: "false"
HOST_PROBE_SNAT_IP: 169.254.7.127
# the pod's annotations
ambient.istio.io/bypass-inbound-capture: "false"
`;

/** The CNI plugin editor's first text: an injected pod with no traffic annotations. */
export const DEFAULT_CNI_TEXT = `# the pod's annotations
sidecar.istio.io/interceptionMode: REDIRECT
# the istio-proxy container: env and securityContext
ISTIO_META_DNS_CAPTURE: "false"
runAsUser: 1337
`;

export const DEFAULT_DATAPLANE: DataplaneSpec = {
  plane: 'sidecar',
  ambient: DEFAULT_AMBIENT_TEXT,
  cni: DEFAULT_CNI_TEXT,
  node: false,
};

export function isDataplane(x: unknown): x is Dataplane {
  return x === 'sidecar' || x === 'ambient' || x === 'cni';
}

/**
 * A permalink's `dataplane` field; anything malformed is read as absent (a sidecar link).
 *
 * @example
 * readDataplaneSpec({ plane: 'ambient', ambient: 'AMBIENT_DNS_CAPTURE: "true"' })?.cni; // DEFAULT_CNI_TEXT
 */
export function readDataplaneSpec(raw: unknown): DataplaneSpec | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  if (!isDataplane(r['plane'])) return undefined;
  const text = (key: 'ambient' | 'cni'): string => {
    const v = r[key];
    return typeof v === 'string' ? v : DEFAULT_DATAPLANE[key];
  };
  return {
    plane: r['plane'],
    ambient: text('ambient'),
    cni: text('cni'),
    node: r['node'] === true,
  };
}
