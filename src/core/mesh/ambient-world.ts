import { AMBIENT, DEFAULT_AMBIENT_CONFIG, type AmbientConfig } from '../ambient/config.ts';
import { generateHostProbeRules, generateInpodRules } from '../ambient/inpod.ts';
import type { GeneratedRules } from '../generator/generate.ts';
import { loadGeneratedRules } from '../generator/load-rules.ts';
import { createPod, type PodSpec as NetfilterPodSpec } from '../netfilter/pod.ts';
import type { Diagnostic } from '../shared/diagnostics.ts';
import { diagnostic } from '../shared/diagnostics.ts';
import { formatAddress, maskOf, parseCidrLoose } from '../shared/ip.ts';
import { EMPTY_RANGE } from '../shared/source-range.ts';
import type { PodSpec, ServiceSpec } from './scenario.ts';
import type { PodNetwork } from './sidecar.ts';
import { buildBareNetwork } from './sidecar.ts';
import type { World } from './world.ts';
import { hostOf } from './world.ts';

/** The label that binds a Service to a waypoint. upstream: istio/api label/labels.gen.go. */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';
/**
 * The cluster DNS Service (kube-dns) the pods' resolv.conf names: the scenario has none, so the
 * conventional `.10` of the Bookinfo Service range (10.254.0.0/16) stands for it.
 */
export const KUBE_DNS = '10.254.0.10';
/** The name `istioctl waypoint apply` gives a namespace's waypoint when none is asked for. */
export const DEFAULT_WAYPOINT = 'waypoint';

/**
 * The istio-cni node agent's settings the path uses: the chart defaults (DNS capture on since
 * 1.25, IPv4 only here). upstream: manifests/charts/istio-cni/values.yaml — cni.ambient.dnsCapture.
 */
const NODE_AGENT: AmbientConfig = { ...DEFAULT_AMBIENT_CONFIG, redirectDns: true };

/** A waypoint proxy: the Envoy pod of a Gateway of class istio-waypoint. */
export interface Waypoint {
  readonly name: string;
  readonly pod: string;
  /** Pod address with prefix. */
  readonly ip: string;
}

/** A node: its name, its address (the pods' gateway), its pods' /24 and the host probe rules. */
export interface NodeView {
  readonly name: string;
  readonly address: string;
  readonly net: PodNetwork;
}

/**
 * The ambient view of a scenario: which pods are enrolled, each enrolled pod's network with
 * istio-cni's in-pod rules, each node's host probe rules, and the waypoints.
 */
export interface AmbientWorld {
  readonly world: World;
  isEnrolled(pod: PodSpec): boolean;
  network(pod: PodSpec): PodNetwork;
  nodeOf(pod: PodSpec): NodeView;
  /** The waypoint a Service uses, if any (`--waypoint` or its `istio.io/use-waypoint` label). */
  waypointOf(service: ServiceSpec): Waypoint | undefined;
  waypointByPod(pod: string): Waypoint | undefined;
  /** The Services with a waypoint, in scenario order. */
  readonly waypointServices: readonly string[];
  readonly config: AmbientConfig;
}

/** Go's strconv.ParseBool, as the node agent reads boolean annotations (unparsable: undefined). */
function parseBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** The pod's overrides. upstream: cni/pkg/nodeagent/net.go — getPodLevelTrafficOverrides. */
function podConfig(pod: PodSpec): AmbientConfig {
  const a = pod.annotations;
  const dns = parseBool(a['ambient.istio.io/dns-capture']);
  const ifaces = (a['istio.io/reroute-virtual-interfaces'] ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  return {
    ...NODE_AGENT,
    ingressMode: parseBool(a['ambient.istio.io/bypass-inbound-capture']) === true,
    podDns: dns === undefined ? undefined : dns ? 'on' : 'off',
    virtualInterfaces: ifaces,
  };
}

function load(
  name: string,
  spec: NetfilterPodSpec,
  rules: GeneratedRules,
  diagnostics: Diagnostic[],
): PodNetwork {
  const created = createPod(spec);
  for (const d of created.diagnostics) diagnostics.push({ ...d, message: `${name}: ${d.message}` });
  const loaded = loadGeneratedRules(rules, 4);
  for (const d of loaded.diagnostics) {
    const message = `${name}: generated ambient rules: ${d.message}`;
    diagnostics.push(diagnostic(d.code, d.severity, message, EMPTY_RANGE, d.subject));
  }
  return {
    name,
    ip: spec.podIp ?? '',
    context: created.value,
    restore: loaded.restore,
    setup: rules.setup,
    ruleset: loaded.ruleset,
    diagnostics,
  };
}

/** `172.33.78.10/24` → the node of that /24: `node-172.33.78.0`, address `172.33.78.1`. */
function nodeKey(ip: string): { name: string; address: string; prefix: string } {
  const cidr = parseCidrLoose(ip.includes('/') ? ip : `${ip}/24`);
  if (!cidr) return { name: 'node', address: '0.0.0.0', prefix: '0.0.0.0/24' };
  const net = cidr.address & maskOf(cidr.family, cidr.bits);
  const base = formatAddress({ family: cidr.family, value: net });
  return {
    name: `node-${base}`,
    address: formatAddress({ family: cidr.family, value: net + 1n }),
    prefix: `${base}/${cidr.bits}`,
  };
}

function waypointLabel(service: ServiceSpec): string | undefined {
  const v = service.labels?.[USE_WAYPOINT_LABEL];
  return v === undefined || v === 'none' ? undefined : v;
}

/**
 * Resolves the ambient data plane of a scenario. A pod is enrolled when it is in the mesh
 * (`sidecar: true`) and not labelled `istio.io/dataplane-mode: none`; `waypointFor` lists the
 * Services given the default waypoint on top of those the scenario labels.
 *
 * @example
 * const aw = createAmbientWorld(createWorld(createBookinfoScenario(), 'latest'), ['reviews']);
 * aw.waypointOf(aw.world.findService('reviews')!)?.name; // 'waypoint'
 */
export function createAmbientWorld(world: World, waypointFor: readonly string[]): AmbientWorld {
  const networks = new Map<string, PodNetwork>();
  const nodes = new Map<string, NodeView>();
  const names = new Map<string, string>();
  for (const s of world.scenario.services) {
    const label = waypointLabel(s);
    if (label !== undefined) names.set(s.name, label);
    else if (waypointFor.includes(s.name)) names.set(s.name, DEFAULT_WAYPOINT);
  }
  const waypoints = new Map<string, Waypoint>();
  for (const name of [...new Set(names.values())].sort())
    waypoints.set(name, { name, pod: name, ip: `172.33.90.${10 + waypoints.size}/24` });
  const isEnrolled = (pod: PodSpec): boolean =>
    pod.sidecar && pod.labels['istio.io/dataplane-mode'] !== 'none';
  const aw: AmbientWorld = {
    world,
    config: NODE_AGENT,
    isEnrolled,
    waypointServices: world.scenario.services.filter((s) => names.has(s.name)).map((s) => s.name),
    waypointOf: (service) => {
      const name = names.get(service.name);
      return name === undefined ? undefined : waypoints.get(name);
    },
    waypointByPod: (pod) => [...waypoints.values()].find((w) => w.pod === pod),
    network: (pod) => {
      let net = networks.get(pod.name);
      if (!net) {
        const spec = {
          podIp: pod.ip,
          fwmarkRoutes: [
            { mark: AMBIENT.tproxyMark, mask: AMBIENT.markMask, table: AMBIENT.routeTable },
          ],
        };
        net = isEnrolled(pod)
          ? load(pod.name, spec, generateInpodRules(podConfig(pod)), [])
          : buildBareNetwork(pod.name, pod.ip);
        networks.set(pod.name, net);
      }
      return net;
    },
    nodeOf: (pod) => {
      const key = nodeKey(pod.ip);
      let node = nodes.get(key.name);
      if (!node) {
        const members = world.scenario.pods
          .filter((p) => isEnrolled(p) && nodeKey(p.ip).name === key.name)
          .map((p) => hostOf(p.ip));
        const spec = {
          podIp: `${key.address}/${key.prefix.split('/')[1] ?? '24'}`,
          fwmarkRoutes: [],
          ipsets: { [AMBIENT.probeSetV4]: members },
        };
        const net = load(key.name, spec, generateHostProbeRules(NODE_AGENT), []);
        node = { name: key.name, address: key.address, net };
        nodes.set(key.name, node);
      }
      return node;
    },
  };
  return aw;
}
