/** Who sends the followed request: a browser through the ingress gateway, or productpage's app. */
export type PathOrigin = 'ingress' | 'productpage';

export const PATH_ORIGINS: readonly PathOrigin[] = ['ingress', 'productpage'];

/**
 * The editable parts of the Bookinfo path (persisted in the permalink): the routing YAML
 * (VirtualService/DestinationRule documents), the request headers as `name: value` lines, and
 * which request is followed. The scenario itself is Bookinfo; the istio-init args are the editor's.
 */
export interface PathSpec {
  readonly routing: string;
  readonly headers: string;
  readonly origin: PathOrigin;
  /** Ambient: the Bookinfo Services given a waypoint (absent = none; older links). */
  readonly waypoints?: readonly string[];
}

/** No routing rules (round robin over the reviews versions), no headers, from the ingress. */
export const DEFAULT_PATH_SPEC: PathSpec = { routing: '', headers: '', origin: 'ingress' };

/**
 * Reads a persisted path spec back from untrusted JSON (a permalink); undefined when absent or
 * not an object, so older links simply get the defaults.
 *
 * @example
 * readPathSpec({ routing: 'kind: VirtualService', origin: 'nope' }); // { routing: 'kind: VirtualService', headers: '', origin: 'ingress' }
 */
export function readPathSpec(raw: unknown): PathSpec | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const text = (k: string): string => {
    const v = r[k];
    return typeof v === 'string' ? v : '';
  };
  return {
    routing: text('routing'),
    headers: text('headers'),
    origin: r['origin'] === 'productpage' ? 'productpage' : 'ingress',
    ...readWaypoints(r['waypoints']),
  };
}

function readWaypoints(raw: unknown): { waypoints?: readonly string[] } {
  if (!Array.isArray(raw)) return {};
  const names = raw.filter(
    (x): x is string => typeof x === 'string' && /^[a-z0-9-]{1,63}$/.test(x),
  );
  return { waypoints: names };
}
