import type { IstioVersion } from '../generator/config.ts';
import type { MeshEra } from './era.ts';
import { MESH_ERAS } from './era.ts';
import type { PodNetwork, RuleBackend } from './sidecar.ts';
import { buildBareNetwork, buildPodNetwork } from './sidecar.ts';
import type { PodSpec, Scenario, ServiceSpec } from './scenario.ts';

/** `172.33.78.10/24` → `172.33.78.10` */
export function hostOf(ip: string): string {
  const slash = ip.indexOf('/');
  return slash < 0 ? ip : ip.slice(0, slash);
}

/**
 * A scenario resolved for one profile: lookups by name, address and host, and each pod's network
 * (built once, on first use).
 *
 * @example
 * const world: World = createWorld(createBookinfoScenario(), '1.0');
 * world.era.capture; // 'single-port'
 */
export interface World {
  readonly scenario: Scenario;
  readonly version: IstioVersion;
  readonly era: MeshEra;
  readonly namespace: string;
  fqdn(service: ServiceSpec): string;
  /** A host as written in a VirtualService, DestinationRule or Host header → the Service. */
  findService(host: string): ServiceSpec | undefined;
  findServiceByIp(ip: string): ServiceSpec | undefined;
  findPod(name: string): PodSpec | undefined;
  findPodByIp(ip: string): PodSpec | undefined;
  /** Pods the Service selects, in scenario order (the EDS order). */
  endpointsOf(service: ServiceSpec): readonly PodSpec[];
  /** Services selecting the pod. */
  servicesOf(pod: PodSpec): readonly ServiceSpec[];
  network(pod: PodSpec): PodNetwork;
  gatewayNetwork(): PodNetwork;
}

function selects(service: ServiceSpec, pod: PodSpec): boolean {
  const entries = Object.entries(service.selector);
  return entries.length > 0 && entries.every(([k, v]) => pod.labels[k] === v);
}

/** Host forms Kubernetes DNS resolves for a Service: short, `.ns`, `.ns.svc`, `.ns.svc.cluster`, FQDN. */
export function hostForms(service: ServiceSpec, namespace: string, domain: string): string[] {
  const base = `${service.name}.${namespace}`;
  const parts = domain.split('.');
  const forms = [service.name, base, `${base}.svc`];
  for (let i = 1; i <= parts.length; i++) forms.push(`${base}.svc.${parts.slice(0, i).join('.')}`);
  return [...new Set(forms)];
}

/**
 * Resolves a scenario for a profile; `args` (the CLI's `--` flags, the editor's text) replaces
 * the scenario's default istio-init args.
 *
 * @example
 * const world = createWorld(createBookinfoScenario(), 'latest');
 * world.fqdn(world.findService('reviews')!); // 'reviews.default.svc.cluster.local'
 */
export function createWorld(
  scenario: Scenario,
  version: IstioVersion,
  args?: string,
  backend: RuleBackend = 'iptables',
): World {
  const { namespace, clusterDomain } = scenario.mesh;
  const defaultArgs = args ?? scenario.args;
  const byHost = new Map<string, ServiceSpec>();
  for (const s of scenario.services) {
    for (const form of hostForms(s, namespace, clusterDomain))
      if (!byHost.has(form)) byHost.set(form, s);
  }
  const networks = new Map<string, PodNetwork>();
  let gateway: PodNetwork | undefined;
  const world: World = {
    scenario,
    version,
    era: MESH_ERAS[version],
    namespace,
    fqdn: (service) => `${service.name}.${namespace}.svc.${clusterDomain}`,
    findService: (host) => byHost.get(host.toLowerCase()),
    findServiceByIp: (ip) => scenario.services.find((s) => s.clusterIP === ip),
    findPod: (name) => scenario.pods.find((p) => p.name === name),
    findPodByIp: (ip) => scenario.pods.find((p) => hostOf(p.ip) === ip),
    endpointsOf: (service) => scenario.pods.filter((p) => selects(service, p)),
    servicesOf: (pod) => scenario.services.filter((s) => selects(s, pod)),
    network: (pod) => {
      let net = networks.get(pod.name);
      if (!net) {
        net = buildPodNetwork(pod, defaultArgs, version, backend);
        networks.set(pod.name, net);
      }
      return net;
    },
    gatewayNetwork: () => (gateway ??= buildBareNetwork(scenario.gateway.pod, scenario.gateway.ip)),
  };
  return world;
}
