import type {
  HttpMatchSpec,
  HttpRouteSpec,
  ServiceSpec,
  StringMatchSpec,
  VirtualServiceSpec,
} from '../scenario.ts';
import type { World } from '../world.ts';
import { hostForms } from '../world.ts';
import type {
  HeaderMatcher,
  RouteConfiguration,
  RouteEntry,
  RouteMatch,
  StringMatcher,
  VirtualHost,
  WeightedCluster,
} from './types.ts';

/** `outbound|9080|v1|reviews.default.svc.cluster.local` upstream: pilot/pkg/model — BuildSubsetKey. */
export function outboundClusterName(port: number, subset: string, fqdn: string): string {
  return `outbound|${port}|${subset}|${fqdn}`;
}

/** Whether a VirtualService applies to sidecars (`mesh`) or to the named gateway. */
function appliesTo(vs: VirtualServiceSpec, gateway: string | undefined): boolean {
  const gateways = vs.gateways ?? [];
  if (gateway === undefined) return gateways.length === 0 || gateways.includes('mesh');
  return gateways.some((g) => g === gateway || g.endsWith(`/${gateway}`));
}

function toMatcher(m: StringMatchSpec): StringMatcher {
  if (m.exact !== undefined) return { exact: m.exact };
  if (m.prefix !== undefined) return { prefix: m.prefix };
  return m.regex !== undefined ? { regex: m.regex } : {};
}

function toRouteMatch(m: HttpMatchSpec | undefined): RouteMatch {
  const headers: HeaderMatcher[] = Object.entries(m?.headers ?? {}).map(([name, value]) => ({
    name: name.toLowerCase(),
    stringMatch: toMatcher(value),
  }));
  if (m?.method !== undefined) headers.push({ name: ':method', stringMatch: toMatcher(m.method) });
  const uri = m?.uri;
  if (uri?.exact !== undefined) return { path: uri.exact, headers };
  return { prefix: uri?.prefix ?? '/', headers };
}

/** The clusters a VirtualService route sends to. Unknown hosts keep their name (Envoy 503s later). */
function destinationsOf(
  world: World,
  route: HttpRouteSpec,
  defaultPort: number,
): WeightedCluster[] {
  const single = route.route.length === 1;
  return route.route.map((d) => {
    const target = world.findService(d.destination.host);
    const fqdn = target ? world.fqdn(target) : d.destination.host;
    const port = d.destination.port ?? target?.port ?? defaultPort;
    // upstream: a lone destination gets weight 100 when none is given (Istio normalises weights).
    return {
      name: outboundClusterName(port, d.destination.subset ?? '', fqdn),
      weight: d.weight ?? (single ? 100 : 0),
    };
  });
}

/** Each match of an http route becomes its own Envoy route, with the same action. upstream: route.BuildHTTPRoutesForVirtualService. */
function routesOfVirtualService(
  world: World,
  vs: VirtualServiceSpec,
  defaultPort: number,
): RouteEntry[] {
  const out: RouteEntry[] = [];
  vs.http.forEach((http, i) => {
    const clusters = destinationsOf(world, http, defaultPort);
    const matches = http.match && http.match.length > 0 ? http.match : [undefined];
    for (const m of matches) {
      out.push({
        name: http.name ?? `${vs.name}.${i}`,
        match: toRouteMatch(m),
        action: { kind: 'route', clusters },
        source: `VirtualService/${vs.name}`,
      });
    }
  });
  return out;
}

/** The first VirtualService (scenario order) whose hosts name the Service, for sidecars or a gateway. */
export function virtualServiceFor(
  world: World,
  service: ServiceSpec,
  gateway?: string,
): VirtualServiceSpec | undefined {
  const fqdn = world.fqdn(service);
  return world.scenario.virtualServices.find(
    (vs) =>
      appliesTo(vs, gateway) &&
      vs.hosts.some((h) => world.findService(h) === service || h === fqdn),
  );
}

/** The domains Istio lists for a Service port, as seed 003 shows them (host forms with and without port, ClusterIP). */
function domainsOf(world: World, service: ServiceSpec): string[] {
  const forms = hostForms(service, world.namespace, world.scenario.mesh.clusterDomain);
  const fqdn = world.fqdn(service);
  const middle = forms.filter((f) => f !== fqdn && f !== service.name).reverse();
  const ordered = [fqdn, service.name, ...middle];
  if (service.clusterIP !== 'None') ordered.push(service.clusterIP);
  return ordered.flatMap((d) => [d, `${d}:${service.port}`]);
}

function serviceVirtualHost(world: World, service: ServiceSpec): VirtualHost {
  const fqdn = world.fqdn(service);
  const vs = virtualServiceFor(world, service);
  const routes: RouteEntry[] = vs
    ? routesOfVirtualService(world, vs, service.port)
    : [
        {
          name: 'default',
          match: { prefix: '/', headers: [] },
          action: {
            kind: 'route',
            clusters: [{ name: outboundClusterName(service.port, '', fqdn), weight: 100 }],
          },
        },
      ];
  return { name: `${fqdn}:${service.port}`, domains: domainsOf(world, service), routes };
}

/**
 * Route configuration `<port>` of a sidecar: one virtual host per HTTP Service on that port,
 * then `allow_any` (PassthroughCluster) or `block_all` (502) for unknown hosts (1.1+).
 * upstream: pilot/pkg/networking/core/httproute.go — BuildSidecarOutboundVirtualHosts.
 */
export function buildOutboundRouteConfig(world: World, port: number): RouteConfiguration {
  const hosts = world.scenario.services
    .filter((s) => s.protocol === 'http' && s.port === port)
    .map((s) => serviceVirtualHost(world, s));
  if (world.era.passthrough) {
    const allowAny = world.scenario.mesh.outboundTrafficPolicy === 'ALLOW_ANY';
    const action = allowAny
      ? { kind: 'route' as const, clusters: [{ name: 'PassthroughCluster', weight: 100 }] }
      : { kind: 'direct-response' as const, status: 502 };
    hosts.push({
      name: allowAny ? 'allow_any' : 'block_all',
      domains: ['*'],
      routes: [
        { name: allowAny ? 'allow_any' : 'block_all', match: { prefix: '/', headers: [] }, action },
      ],
    });
  }
  return { name: String(port), virtualHosts: hosts };
}

/**
 * Route configuration `http.<port>` of the ingress gateway: one virtual host per Gateway host,
 * routes from the VirtualServices bound to that gateway (none bound: no virtual host, Envoy 404s).
 */
export function buildGatewayRouteConfig(world: World): RouteConfiguration {
  const gw = world.scenario.gateway;
  const bound = world.scenario.virtualServices.filter((vs) => appliesTo(vs, gw.name));
  const virtualHosts: VirtualHost[] = [];
  for (const host of gw.hosts) {
    const routes = bound
      .filter((vs) => vs.hosts.includes(host) || vs.hosts.includes('*') || host === '*')
      .flatMap((vs) => routesOfVirtualService(world, vs, gw.serverPort));
    if (routes.length > 0)
      virtualHosts.push({
        name: `${host}:${gw.serverPort}`,
        domains: [host === '*' ? '*' : host, `${host}:${gw.serverPort}`],
        routes,
      });
  }
  return { name: `http.${gw.port}`, virtualHosts };
}
