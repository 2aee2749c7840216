import { isMap, isScalar, stringify } from 'yaml';
import { capDiagnostics } from '../shared/diagnostics.ts';
import { parseYamlDocuments } from '../shared/yaml-documents.ts';
import type { Document, YAMLMap } from 'yaml';
import type { Parsed } from '../shared/result.ts';
import { createBookinfoScenario } from './bookinfo.ts';
import { readDestinationRule, readVirtualService } from './routing-yaml.ts';
import type {
  DestinationRuleSpec,
  GatewaySpec,
  MeshSettings,
  PodSpec,
  Scenario,
  ServiceSpec,
  VirtualServiceSpec,
} from './scenario.ts';
import { checkScenario } from './validate.ts';
import { YamlReader } from './yaml-reader.ts';

/** Nodes by field path (`pods.2.ip`), so semantic problems land on the right characters. */
type NodeMap = Map<string, unknown>;

const TOP = [
  'v',
  'mesh',
  'args',
  'services',
  'pods',
  'gateway',
  'virtualServices',
  'destinationRules',
];
const MAX_ITEMS = 200;

function readMesh(r: YamlReader, node: unknown, base: MeshSettings): MeshSettings {
  const m = r.map(node, 'mesh');
  if (!m) return base;
  r.checkKeys(
    m,
    [
      'namespace',
      'clusterDomain',
      'outboundTrafficPolicy',
      'proxyListenPort',
      'proxyInboundListenPort',
    ],
    'mesh',
  );
  return {
    namespace: r.string(m, 'namespace', 'mesh') ?? base.namespace,
    clusterDomain: r.string(m, 'clusterDomain', 'mesh') ?? base.clusterDomain,
    outboundTrafficPolicy:
      r.oneOf(m, 'outboundTrafficPolicy', 'mesh', ['ALLOW_ANY', 'REGISTRY_ONLY'] as const) ??
      base.outboundTrafficPolicy,
    proxyListenPort: r.int(m, 'proxyListenPort', 'mesh', 1, 65535) ?? base.proxyListenPort,
    proxyInboundListenPort:
      r.int(m, 'proxyInboundListenPort', 'mesh', 1, 65535) ?? base.proxyInboundListenPort,
  };
}

function readService(
  r: YamlReader,
  node: unknown,
  i: number,
  nodes: NodeMap,
): ServiceSpec | undefined {
  const what = `services[${i}]`;
  const m = r.map(node, what);
  if (!m) return undefined;
  r.checkKeys(
    m,
    ['name', 'clusterIP', 'port', 'targetPort', 'protocol', 'selector', 'labels'],
    what,
  );
  const name = r.requiredString(m, 'name', what);
  const clusterIP = r.requiredString(m, 'clusterIP', what);
  nodes.set(`services.${i}.name`, r.node(m, 'name'));
  nodes.set(`services.${i}.clusterIP`, r.node(m, 'clusterIP'));
  if (name === undefined || clusterIP === undefined) return undefined;
  const port = r.int(m, 'port', what, 1, 65535) ?? 9080;
  const labels = r.record(m, 'labels', what);
  return {
    name,
    clusterIP,
    port,
    targetPort: r.int(m, 'targetPort', what, 1, 65535) ?? port,
    protocol: r.oneOf(m, 'protocol', what, ['http', 'tcp'] as const) ?? 'http',
    selector: r.record(m, 'selector', what) ?? { app: name },
    ...(labels === undefined ? {} : { labels }),
  };
}

function readCalls(
  r: YamlReader,
  m: YAMLMap,
  what: string,
  i: number,
  nodes: NodeMap,
): PodSpec['calls'] {
  return (r.items(m, 'calls', what) ?? []).flatMap((item, j) => {
    const c = r.map(item, `${what}.calls[${j}]`);
    if (!c) return [];
    r.checkKeys(c, ['service', 'path'], `${what}.calls[${j}]`);
    const service = r.requiredString(c, 'service', `${what}.calls[${j}]`);
    nodes.set(`pods.${i}.calls.${j}.service`, r.node(c, 'service'));
    return service === undefined
      ? []
      : [{ service, path: r.string(c, 'path', `${what}.calls[${j}]`) ?? '/' }];
  });
}

function readPod(r: YamlReader, node: unknown, i: number, nodes: NodeMap): PodSpec | undefined {
  const what = `pods[${i}]`;
  const m = r.map(node, what);
  if (!m) return undefined;
  r.checkKeys(
    m,
    [
      'name',
      'ip',
      'labels',
      'annotations',
      'sidecar',
      'args',
      'appUid',
      'appGid',
      'appPort',
      'appBind',
      'proxy',
      'calls',
      'tproxyRouting',
    ],
    what,
  );
  const name = r.requiredString(m, 'name', what);
  const ip = r.requiredString(m, 'ip', what);
  nodes.set(`pods.${i}.name`, r.node(m, 'name'));
  nodes.set(`pods.${i}.ip`, r.node(m, 'ip'));
  if (name === undefined || ip === undefined) return undefined;
  const proxyNode = r.node(m, 'proxy');
  const proxyMap = proxyNode === undefined ? undefined : r.map(proxyNode, `${what}.proxy`);
  if (proxyMap) r.checkKeys(proxyMap, ['runAsUser', 'runAsGroup'], `${what}.proxy`);
  const runAsUser = proxyMap
    ? r.int(proxyMap, 'runAsUser', `${what}.proxy`, 0, 0xfffffffe)
    : undefined;
  const runAsGroup = proxyMap
    ? r.int(proxyMap, 'runAsGroup', `${what}.proxy`, 0, 0xfffffffe)
    : undefined;
  const args = r.string(m, 'args', what);
  const appGid = r.int(m, 'appGid', what, 0, 0xfffffffe);
  return {
    name,
    ip,
    labels: r.record(m, 'labels', what) ?? {},
    annotations: r.record(m, 'annotations', what) ?? {},
    sidecar: r.bool(m, 'sidecar', what) ?? true,
    ...(args === undefined ? {} : { args }),
    appUid: r.int(m, 'appUid', what, 0, 0xfffffffe) ?? 0,
    ...(appGid === undefined ? {} : { appGid }),
    appPort: r.int(m, 'appPort', what, 1, 65535) ?? 9080,
    appBind: r.oneOf(m, 'appBind', what, ['any', 'localhost'] as const) ?? 'any',
    proxy: {
      ...(runAsUser === undefined ? {} : { runAsUser }),
      ...(runAsGroup === undefined ? {} : { runAsGroup }),
    },
    calls: readCalls(r, m, what, i, nodes),
    tproxyRouting: r.bool(m, 'tproxyRouting', what) ?? true,
  };
}

function readGateway(r: YamlReader, node: unknown, base: GatewaySpec, nodes: NodeMap): GatewaySpec {
  const m = r.map(node, 'gateway');
  if (!m) return base;
  r.checkKeys(m, ['name', 'pod', 'ip', 'port', 'serverPort', 'hosts', 'runAsUser'], 'gateway');
  nodes.set('gateway.ip', r.node(m, 'ip'));
  return {
    name: r.string(m, 'name', 'gateway') ?? base.name,
    pod: r.string(m, 'pod', 'gateway') ?? base.pod,
    ip: r.string(m, 'ip', 'gateway') ?? base.ip,
    port: r.int(m, 'port', 'gateway', 1, 65535) ?? base.port,
    serverPort: r.int(m, 'serverPort', 'gateway', 1, 65535) ?? base.serverPort,
    hosts: r.strings(m, 'hosts', 'gateway') ?? base.hosts,
    runAsUser: r.int(m, 'runAsUser', 'gateway', 0, 0xfffffffe) ?? base.runAsUser,
  };
}

function list<T>(
  r: YamlReader,
  m: YAMLMap,
  key: string,
  read: (node: unknown, i: number) => T | undefined,
): T[] | undefined {
  const items = r.items(m, key, 'scenario');
  if (items === undefined) return undefined;
  if (items.length > MAX_ITEMS)
    r.report(
      'input-too-large',
      'error',
      `${key}: more than ${MAX_ITEMS} items; the rest are ignored`,
      r.node(m, key),
    );
  return items.slice(0, MAX_ITEMS).flatMap((item, i) => {
    const v = read(item, i);
    return v === undefined ? [] : [v];
  });
}

function readScenarioMap(r: YamlReader, m: YAMLMap, nodes: NodeMap): Scenario {
  const base = createBookinfoScenario();
  r.checkKeys(m, TOP, 'scenario');
  const v = r.int(m, 'v', 'scenario', 0, 1000);
  if (v !== undefined && v !== 1)
    r.report(
      'bad-scenario',
      'error',
      `scenario version ${v} is not supported (expected v: 1)`,
      r.node(m, 'v'),
    );
  const args = r.string(m, 'args', 'scenario');
  nodes.set('virtualServices', r.node(m, 'virtualServices'));
  return {
    v: 1,
    mesh: r.has(m, 'mesh') ? readMesh(r, r.node(m, 'mesh'), base.mesh) : base.mesh,
    ...(args === undefined ? {} : { args }),
    services: list(r, m, 'services', (n, i) => readService(r, n, i, nodes)) ?? base.services,
    pods: list(r, m, 'pods', (n, i) => readPod(r, n, i, nodes)) ?? base.pods,
    gateway: r.has(m, 'gateway')
      ? readGateway(r, r.node(m, 'gateway'), base.gateway, nodes)
      : base.gateway,
    virtualServices:
      list(r, m, 'virtualServices', (n, i) =>
        readVirtualService(r, n, `virtualServices.${i}`, nodes),
      ) ?? base.virtualServices,
    destinationRules:
      list(r, m, 'destinationRules', (n, i) =>
        readDestinationRule(r, n, `destinationRules.${i}`, nodes),
      ) ?? base.destinationRules,
  };
}

function kindOf(doc: Document.Parsed): string | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const kind = root.items.find((p) => isScalar(p.key) && p.key.value === 'kind')?.value;
  return isScalar(kind) ? String(kind.value) : undefined;
}

/**
 * Parses a scenario from YAML: a mapping with the fields of {@link Scenario} (sections left out
 * take the Bookinfo defaults), optionally followed by Istio `VirtualService` / `DestinationRule`
 * documents, which are appended. Never throws; problems are located diagnostics.
 *
 * @example
 * const { value, diagnostics } = parseScenarioYaml('args: "-p 15001 -z 15006 -u 1000 -m REDIRECT -i * -b *"');
 * value.pods.length; // 6 (Bookinfo)
 */
export function parseScenarioYaml(text: string): Parsed<Scenario> {
  const r = new YamlReader(text);
  const nodes: NodeMap = new Map();
  const { docs: all, problems } = parseYamlDocuments(text);
  r.yamlProblems(problems);
  const scenarioDoc = all.find((doc) => doc.contents !== null && kindOf(doc) === undefined);
  r.doc = scenarioDoc;
  const scenarioMap =
    scenarioDoc === undefined ? undefined : r.map(scenarioDoc.contents, 'scenario');
  const base = scenarioMap ? readScenarioMap(r, scenarioMap, nodes) : createBookinfoScenario();
  const extraVs: VirtualServiceSpec[] = [];
  const extraDr: DestinationRuleSpec[] = [];
  for (const doc of all) {
    const kind = kindOf(doc);
    r.doc = doc;
    if (kind === 'VirtualService') {
      const vs = readVirtualService(
        r,
        doc.contents,
        `virtualServices.${base.virtualServices.length + extraVs.length}`,
        nodes,
      );
      if (vs) extraVs.push(vs);
    } else if (kind === 'DestinationRule') {
      const dr = readDestinationRule(
        r,
        doc.contents,
        `destinationRules.${base.destinationRules.length + extraDr.length}`,
        nodes,
      );
      if (dr) extraDr.push(dr);
    } else if (kind !== undefined) {
      r.report(
        'bad-scenario',
        'warning',
        `a ${kind} document is not part of a scenario (ignored)`,
        doc.contents,
      );
    }
  }
  const value: Scenario =
    extraVs.length + extraDr.length === 0
      ? base
      : {
          ...base,
          virtualServices: [...base.virtualServices, ...extraVs],
          destinationRules: [...base.destinationRules, ...extraDr],
        };
  for (const p of checkScenario(value))
    r.report(p.code, p.severity, p.message, nodes.get(p.path), p.path);
  return { value, diagnostics: capDiagnostics(r.diagnostics) };
}

/**
 * The scenario as YAML, in field order; `parseScenarioYaml(renderScenarioYaml(s)).value` equals `s`.
 *
 * @example
 * renderScenarioYaml(createBookinfoScenario()).startsWith('v: 1'); // true
 */
export function renderScenarioYaml(scenario: Scenario): string {
  return stringify(scenario, { lineWidth: 0, aliasDuplicateObjects: false });
}
