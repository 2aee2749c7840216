import { isMap, isScalar } from 'yaml';
import { capDiagnostics } from '../shared/diagnostics.ts';
import { parseYamlDocuments } from '../shared/yaml-documents.ts';
import type { YAMLMap } from 'yaml';
import type { Parsed } from '../shared/result.ts';
import type {
  DestinationRuleSpec,
  HttpMatchSpec,
  HttpRouteSpec,
  RouteDestinationSpec,
  StringMatchSpec,
  SubsetSpec,
  VirtualServiceSpec,
} from './scenario.ts';
import { YamlReader } from './yaml-reader.ts';

type NodeMap = Map<string, unknown>;

/**
 * `{ apiVersion, kind, metadata: { name }, spec: {…} }` (an Istio resource) or the flat form
 * `{ name, …spec fields }`: returns the map holding the spec fields and the name.
 */
function specOf(
  r: YamlReader,
  node: unknown,
  what: string,
): { spec: YAMLMap; name: string | undefined } | undefined {
  const m = r.map(node, what);
  if (!m) return undefined;
  if (!r.has(m, 'spec')) return { spec: m, name: r.string(m, 'name', what) };
  r.checkKeys(m, ['apiVersion', 'kind', 'metadata', 'spec'], what);
  const meta = r.node(m, 'metadata');
  const metaMap = meta === undefined ? undefined : r.map(meta, `${what}.metadata`);
  const spec = r.map(r.node(m, 'spec'), `${what}.spec`);
  return spec
    ? { spec, name: metaMap ? r.string(metaMap, 'name', `${what}.metadata`) : undefined }
    : undefined;
}

function readStringMatch(r: YamlReader, node: unknown, what: string): StringMatchSpec | undefined {
  const m = r.map(node, what);
  if (!m) return undefined;
  r.checkKeys(m, ['exact', 'prefix', 'regex'], what);
  const exact = r.string(m, 'exact', what);
  const prefix = r.string(m, 'prefix', what);
  const regex = r.string(m, 'regex', what);
  return {
    ...(exact === undefined ? {} : { exact }),
    ...(prefix === undefined ? {} : { prefix }),
    ...(regex === undefined ? {} : { regex }),
  };
}

function readMatch(r: YamlReader, node: unknown, what: string): HttpMatchSpec | undefined {
  const m = r.map(node, what);
  if (!m) return undefined;
  r.checkKeys(m, ['uri', 'headers', 'method', 'name'], what);
  const uriNode = r.node(m, 'uri');
  const uri = uriNode === undefined ? undefined : readStringMatch(r, uriNode, `${what}.uri`);
  const methodNode = r.node(m, 'method');
  const method =
    methodNode === undefined ? undefined : readStringMatch(r, methodNode, `${what}.method`);
  const headersNode = r.node(m, 'headers');
  let headers: Record<string, StringMatchSpec> | undefined;
  const hm = headersNode === undefined ? undefined : r.map(headersNode, `${what}.headers`);
  if (hm) {
    headers = {};
    for (const pair of hm.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = readStringMatch(r, pair.value, `${what}.headers.${key}`);
      if (value) headers[key] = value;
    }
  }
  return {
    ...(uri ? { uri } : {}),
    ...(headers ? { headers } : {}),
    ...(method ? { method } : {}),
  };
}

function readDestination(
  r: YamlReader,
  node: unknown,
  what: string,
  path: string,
  nodes: NodeMap,
): RouteDestinationSpec | undefined {
  const m = r.map(node, what);
  if (!m) return undefined;
  r.checkKeys(m, ['destination', 'weight', 'headers'], what);
  const d = r.map(r.node(m, 'destination'), `${what}.destination`);
  if (!d) return undefined;
  r.checkKeys(d, ['host', 'subset', 'port'], `${what}.destination`);
  const host = r.requiredString(d, 'host', `${what}.destination`);
  nodes.set(`${path}.destination.host`, r.node(d, 'host'));
  nodes.set(`${path}.destination.subset`, r.node(d, 'subset'));
  if (host === undefined) return undefined;
  const subset = r.string(d, 'subset', `${what}.destination`);
  const portNode = r.node(d, 'port');
  const portMap = isMap(portNode) ? portNode : undefined;
  const port = portMap
    ? r.int(portMap, 'number', `${what}.destination.port`, 1, 65535)
    : r.int(d, 'port', `${what}.destination`, 1, 65535);
  const weight = r.int(m, 'weight', what, 0, 100);
  return {
    destination: {
      host,
      ...(subset === undefined ? {} : { subset }),
      ...(port === undefined ? {} : { port }),
    },
    ...(weight === undefined ? {} : { weight }),
  };
}

function readHttpRoute(
  r: YamlReader,
  node: unknown,
  what: string,
  path: string,
  nodes: NodeMap,
): HttpRouteSpec | undefined {
  const m = r.map(node, what);
  if (!m) return undefined;
  r.checkKeys(
    m,
    ['name', 'match', 'route', 'timeout', 'retries', 'fault', 'headers', 'rewrite'],
    what,
  );
  nodes.set(`${path}.route`, r.node(m, 'route'));
  const match = (r.items(m, 'match', what) ?? []).flatMap((x, k) => {
    nodes.set(`${path}.match.${k}`, x);
    const v = readMatch(r, x, `${what}.match[${k}]`);
    return v ? [v] : [];
  });
  const route = (r.items(m, 'route', what) ?? []).flatMap((x, k) => {
    const v = readDestination(r, x, `${what}.route[${k}]`, `${path}.route.${k}`, nodes);
    return v ? [v] : [];
  });
  if (route.length === 0)
    r.report('bad-scenario', 'error', `${what}: needs at least one route destination`, m);
  const name = r.string(m, 'name', what);
  return { ...(name === undefined ? {} : { name }), ...(match.length > 0 ? { match } : {}), route };
}

/** Reads one VirtualService (flat or as an Istio resource); node paths are recorded under `path`. */
export function readVirtualService(
  r: YamlReader,
  node: unknown,
  path: string,
  nodes: NodeMap,
): VirtualServiceSpec | undefined {
  const what = `VirtualService ${path}`;
  const s = specOf(r, node, what);
  if (!s) return undefined;
  r.checkKeys(s.spec, ['name', 'hosts', 'gateways', 'http', 'tcp', 'tls', 'exportTo'], what);
  const hosts = r.strings(s.spec, 'hosts', what) ?? [];
  if (hosts.length === 0) r.report('bad-scenario', 'error', `${what}: needs hosts`, s.spec);
  const gateways = r.strings(s.spec, 'gateways', what);
  const http = (r.items(s.spec, 'http', what) ?? []).flatMap((x, j) => {
    const v = readHttpRoute(r, x, `${what}.http[${j}]`, `${path}.http.${j}`, nodes);
    return v ? [v] : [];
  });
  return {
    name: s.name ?? `virtualservice-${path}`,
    hosts,
    ...(gateways === undefined ? {} : { gateways }),
    http,
  };
}

/** Reads one DestinationRule (flat or as an Istio resource). */
export function readDestinationRule(
  r: YamlReader,
  node: unknown,
  path: string,
  nodes: NodeMap,
): DestinationRuleSpec | undefined {
  const what = `DestinationRule ${path}`;
  const s = specOf(r, node, what);
  if (!s) return undefined;
  r.checkKeys(s.spec, ['name', 'host', 'subsets', 'trafficPolicy', 'exportTo'], what);
  const host = r.requiredString(s.spec, 'host', what);
  nodes.set(`${path}.host`, r.node(s.spec, 'host'));
  if (host === undefined) return undefined;
  const subsets = (r.items(s.spec, 'subsets', what) ?? []).flatMap((x, k): SubsetSpec[] => {
    const m = r.map(x, `${what}.subsets[${k}]`);
    if (!m) return [];
    r.checkKeys(m, ['name', 'labels', 'trafficPolicy'], `${what}.subsets[${k}]`);
    const name = r.requiredString(m, 'name', `${what}.subsets[${k}]`);
    return name === undefined
      ? []
      : [{ name, labels: r.record(m, 'labels', `${what}.subsets[${k}]`) ?? {} }];
  });
  return { name: s.name ?? `destinationrule-${path}`, host, subsets };
}

/**
 * Istio routing YAML as the UI's VirtualService/DestinationRule editor holds it: any number of
 * `VirtualService` and `DestinationRule` documents (other kinds are reported and skipped).
 *
 * @example
 * parseRoutingYaml('kind: DestinationRule\nmetadata: {name: reviews}\nspec: {host: reviews, subsets: [{name: v1, labels: {version: v1}}]}').value.destinationRules[0]?.subsets.length; // 1
 */
export function parseRoutingYaml(
  text: string,
): Parsed<{ virtualServices: VirtualServiceSpec[]; destinationRules: DestinationRuleSpec[] }> {
  const r = new YamlReader(text);
  const nodes: NodeMap = new Map();
  const virtualServices: VirtualServiceSpec[] = [];
  const destinationRules: DestinationRuleSpec[] = [];
  const { docs, problems } = parseYamlDocuments(text);
  r.yamlProblems(problems);
  for (const doc of docs) {
    const root = doc.contents;
    r.doc = doc;
    if (root === null) continue;
    const kindNode = isMap(root) ? r.node(root, 'kind') : undefined;
    const kind = isScalar(kindNode) ? String(kindNode.value) : undefined;
    if (kind === 'VirtualService') {
      const vs = readVirtualService(r, root, `virtualServices.${virtualServices.length}`, nodes);
      if (vs) virtualServices.push(vs);
    } else if (kind === 'DestinationRule') {
      const dr = readDestinationRule(r, root, `destinationRules.${destinationRules.length}`, nodes);
      if (dr) destinationRules.push(dr);
    } else {
      r.report(
        'bad-scenario',
        'warning',
        `expected kind VirtualService or DestinationRule${kind === undefined ? '' : `, got ${kind}`} (document ignored)`,
        root,
      );
    }
  }
  return {
    value: { virtualServices, destinationRules },
    diagnostics: capDiagnostics(r.diagnostics),
  };
}
