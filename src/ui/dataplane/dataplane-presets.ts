import type { PresetInput } from '../store/store.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { DEFAULT_AMBIENT_TEXT, DEFAULT_CNI_TEXT } from './dataplane-spec.ts';

/** A preset of the ambient / CNI-plugin editor (the presets menu shows them in their own groups). */
export interface DataplanePreset {
  readonly id: string;
  readonly group: 'ambient' | 'cni';
  readonly label: MessageKey;
  readonly input: PresetInput;
}

const ambient = (id: string, label: MessageKey, text: string): DataplanePreset => ({
  id,
  group: 'ambient',
  label,
  input: { text, version: 'latest', dataplane: 'ambient' },
});

const cni = (id: string, label: MessageKey, text: string): DataplanePreset => ({
  id,
  group: 'cni',
  label,
  input: { text, version: 'latest', dataplane: 'cni' },
});

/**
 * The annotations (and node-agent / istio-proxy settings) people set, one preset each.
 * upstream: cni/pkg/nodeagent/options.go, cni/pkg/plugin/sidecar_redirect.go.
 */
export const DATAPLANE_PRESETS: readonly DataplanePreset[] = [
  ambient('ambient-default', 'presets.ambientDefault', DEFAULT_AMBIENT_TEXT),
  ambient(
    'ambient-dns',
    'presets.ambientDns',
    `# istio-cni node agent (istio-cni-node DaemonSet env)
AMBIENT_DNS_CAPTURE: "true"
# the pod's annotations (ambient.istio.io/dns-capture: "false" opts one pod out)
`,
  ),
  ambient(
    'ambient-ingress',
    'presets.ambientIngress',
    `# the pod's annotations: a gateway takes its own inbound traffic
ambient.istio.io/bypass-inbound-capture: "true"
`,
  ),
  ambient(
    'ambient-virtual',
    'presets.ambientVirtual',
    `# the pod's annotations: KubeVirt VM interfaces
istio.io/reroute-virtual-interfaces: "tap0,tap1"
`,
  ),
  cni('cni-default', 'presets.cniDefault', DEFAULT_CNI_TEXT),
  cni(
    'cni-tproxy',
    'presets.cniTproxy',
    `# the pod's annotations
sidecar.istio.io/interceptionMode: TPROXY
`,
  ),
  cni(
    'cni-exclusions',
    'presets.cniExclusions',
    `# the pod's annotations
traffic.sidecar.istio.io/excludeInboundPorts: "8081"
traffic.sidecar.istio.io/excludeOutboundPorts: "3306,6379"
traffic.sidecar.istio.io/excludeOutboundIPRanges: "169.254.169.254/32"
`,
  ),
  cni(
    'cni-dns',
    'presets.cniDns',
    `# the istio-proxy container's env
ISTIO_META_DNS_CAPTURE: "true"
`,
  ),
];
