/**
 * What output routing says about a locally generated packet besides where it goes: a refusal
 * (with the errno the kernel returns) or a caveat. A leaf: result.ts and routing.ts both use it.
 */

/**
 * Why output routing refused a locally generated packet, and the errno the kernel returns.
 * `loopback-source`: an IPv4 source in 127.0.0.0/8 on a route that leaves through a
 * non-loopback device (`__mkroute_output`: EINVAL); `no-route`: no route (ENETUNREACH).
 *
 * @example
 * const r: RouteRefusal = { cause: 'loopback-source', errno: 'EINVAL', src: '127.0.0.6', oif: 'eth0' };
 */
export type RouteRefusal =
  | {
      readonly cause: 'loopback-source';
      readonly errno: 'EINVAL';
      readonly src: string;
      readonly oif: string;
    }
  | { readonly cause: 'no-route'; readonly errno: 'ENETUNREACH'; readonly dst: string };

/**
 * A route the kernel takes although the packet will not arrive: the IPv6 loopback source `::1`
 * leaving through a non-loopback device is sent, and the receiver drops it (RFC 4291 §2.5.3).
 *
 * @example
 * const c: RouteCaveat = { cause: 'loopback-source-leaves-node', src: '::1', oif: 'eth0' };
 */
export interface RouteCaveat {
  readonly cause: 'loopback-source-leaves-node';
  readonly src: string;
  readonly oif: string;
}
