import type {
  EnvoyCluster,
  EnvoyConfig,
  EnvoyListener,
  FilterChain,
  RouteConfiguration,
  RouteEntry,
  StringMatcher,
  VirtualHost,
  WeightedCluster,
} from './types.ts';

/** The listener that owns a bound socket on `port` (what accept() hands the connection to). */
export function findBoundListener(config: EnvoyConfig, port: number): EnvoyListener | undefined {
  return config.listeners.find((l) => l.bindToPort && l.port === port);
}

/**
 * useOriginalDst hand-off: the listener whose address is the original destination, else the
 * wildcard one on its port; undefined = the accepting listener handles it itself.
 * upstream: envoy source/server/connection_handler_impl.cc — getBalancedHandlerByAddress.
 */
export function handOffListener(
  config: EnvoyConfig,
  ip: string,
  port: number,
): EnvoyListener | undefined {
  const candidates = config.listeners.filter((l) => !l.bindToPort && l.port === port);
  return (
    candidates.find((l) => l.address === ip) ?? candidates.find((l) => l.address === '0.0.0.0')
  );
}

/** Filter chain by destination port (most specific first), else the catch-all one. */
export function selectFilterChain(
  listener: EnvoyListener,
  dstPort: number,
): FilterChain | undefined {
  return (
    listener.filterChains.find((c) => c.filterChainMatch?.destinationPort === dstPort) ??
    listener.filterChains.find((c) => c.filterChainMatch?.destinationPort === undefined)
  );
}

export function findRouteConfig(config: EnvoyConfig, name: string): RouteConfiguration | undefined {
  return config.routes.find((r) => r.name === name);
}

export function findCluster(config: EnvoyConfig, name: string): EnvoyCluster | undefined {
  return config.clusters.find((c) => c.name === name);
}

/** Virtual host by Host header: an exact domain, else `*`. upstream: Envoy route config — domain search order. */
export function selectVirtualHost(
  route: RouteConfiguration,
  host: string,
): VirtualHost | undefined {
  const wanted = host.toLowerCase();
  return (
    route.virtualHosts.find((vh) => vh.domains.some((d) => d.toLowerCase() === wanted)) ??
    route.virtualHosts.find((vh) => vh.domains.includes('*'))
  );
}

/** `matched`, or `unsupported` when the matcher kind is not evaluated (regex: RE2 semantics). */
export type MatchResult = 'matched' | 'not-matched' | 'unsupported';

export function matchString(m: StringMatcher, value: string | undefined): MatchResult {
  if (m.regex !== undefined) return 'unsupported';
  if (value === undefined) return 'not-matched';
  if (m.exact !== undefined) return value === m.exact ? 'matched' : 'not-matched';
  if (m.prefix !== undefined) return value.startsWith(m.prefix) ? 'matched' : 'not-matched';
  return 'matched';
}

export interface HttpRequestView {
  readonly method: string;
  readonly path: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
}

function matchRoute(route: RouteEntry, req: HttpRequestView): MatchResult {
  const path = route.match.path;
  if (path !== undefined && req.path.split('?')[0] !== path) return 'not-matched';
  if (route.match.prefix !== undefined && !req.path.startsWith(route.match.prefix))
    return 'not-matched';
  let result: MatchResult = 'matched';
  for (const h of route.match.headers) {
    const value = h.name === ':method' ? req.method : req.headers[h.name];
    const r = matchString(h.stringMatch, value);
    if (r === 'not-matched') return r;
    if (r === 'unsupported') result = r;
  }
  return result;
}

/** The first route whose match holds; routes with unevaluated matchers are reported and skipped. */
export function selectRoute(
  vhost: VirtualHost,
  req: HttpRequestView,
): { route?: RouteEntry; skipped: readonly RouteEntry[] } {
  const skipped: RouteEntry[] = [];
  for (const route of vhost.routes) {
    const r = matchRoute(route, req);
    if (r === 'matched') return { route, skipped };
    if (r === 'unsupported') skipped.push(route);
  }
  return { skipped };
}

/**
 * Which weighted cluster the path follows: one named by `choose` (a subset name), else the
 * heaviest, first on ties. Deterministic; the full split is reported next to it.
 */
export function pickWeightedCluster(
  clusters: readonly WeightedCluster[],
  choose: string | undefined,
): WeightedCluster | undefined {
  const chosen =
    choose === undefined
      ? undefined
      : clusters.find((c) => c.weight > 0 && c.name.split('|')[2] === choose);
  if (chosen) return chosen;
  let best: WeightedCluster | undefined;
  for (const c of clusters) if (best === undefined || c.weight > best.weight) best = c;
  return best;
}
