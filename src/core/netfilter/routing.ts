import type { IpAddress } from '../shared/ip.ts';
import { formatAddress, maskOf } from '../shared/ip.ts';
import type { FwmarkRoute, PodContext } from './pod.ts';
import type { RouteCaveat, RouteRefusal } from './route-verdict.ts';
import { isConfiguredAddress, isLocalAddress, isOnLink, primaryAddress } from './pod.ts';

/** Where the routing decision sends a packet. */
export interface RouteDecision {
  /** `local`: delivered to this host (output through `lo`); `unicast`: sent out `oif`. */
  readonly kind: 'local' | 'unicast' | 'unreachable';
  readonly oif: string;
  /** Preferred source address (used when the socket has not chosen one). */
  readonly src?: IpAddress;
  /** Gateway, when the destination is not on-link. */
  readonly via?: IpAddress;
  /** One sentence: which routing table entry decided. */
  readonly reason: string;
}

function matchesFwmark(route: FwmarkRoute, mark: number): boolean {
  return (mark & route.mask) >>> 0 === (route.mark & route.mask) >>> 0;
}

/**
 * Policy routing lookup, in `ip rule` priority order: the local table (priority 0) first, then the
 * fwmark rules (istio-iptables' `fwmark <mark> lookup 133`, whose table holds only
 * `local default dev lo`), then the main table (on-link subnet, default via the gateway).
 */
export function routeOutput(
  pod: PodContext,
  fwmarks: readonly FwmarkRoute[],
  dst: IpAddress,
  mark: number,
): RouteDecision {
  if (isLocalAddress(pod, dst)) {
    const src = isConfiguredAddress(pod, dst) ? dst : primaryAddress(pod, 'lo', dst.family);
    return withSrc(
      { kind: 'local', oif: 'lo', reason: `local ${formatAddress(dst)} dev lo (local table)` },
      src,
    );
  }
  const fw = fwmarks.find((r) => matchesFwmark(r, mark));
  if (fw) {
    return withSrc(
      {
        kind: 'local',
        oif: 'lo',
        reason: `fwmark 0x${fw.mark.toString(16)} lookup ${fw.table}: local default dev lo`,
      },
      primaryAddress(pod, 'lo', dst.family),
    );
  }
  const itf = pod.interfaces.find(
    (i) => i.name !== 'lo' && i.addresses.some((a) => a.family === dst.family),
  );
  if (!itf) return { kind: 'unreachable', oif: '', reason: `no IPv${dst.family} route` };
  const src = primaryAddress(pod, itf.name, dst.family);
  if (isOnLink(itf, dst)) {
    return withSrc(
      { kind: 'unicast', oif: itf.name, reason: `${formatAddress(dst)} dev ${itf.name} (on-link)` },
      src,
    );
  }
  const gateway = dst.family === 4 ? pod.gateway4 : pod.gateway6;
  if (!gateway)
    return { kind: 'unreachable', oif: '', reason: `no IPv${dst.family} default route` };
  const decision: RouteDecision = {
    kind: 'unicast',
    oif: itf.name,
    via: gateway,
    reason: `default via ${formatAddress(gateway)} dev ${itf.name}`,
  };
  return withSrc(decision, src);
}

function withSrc(decision: RouteDecision, src: IpAddress | undefined): RouteDecision {
  return src ? { ...decision, src } : decision;
}

function isIpv4Loopback(a: IpAddress): boolean {
  return a.family === 4 && a.value >> 24n === 127n;
}

/**
 * Whether output routing refuses a locally generated packet from `src` on `decision`, and with
 * which errno. Checked by experiment in a pod namespace: a 127/8 source on a route through eth0
 * fails with EINVAL (`__mkroute_output`), whether the route is on-link, via the gateway or the
 * subnet broadcast; through lo (local destinations, the TPROXY fwmark table) it is allowed. An
 * IPv4 multicast or limited-broadcast destination takes the source's device instead (not
 * modelled: never refused here). IPv6 has no such check (see {@link routeCaveat}).
 */
export function routeRefusal(
  decision: RouteDecision,
  src: IpAddress,
  dst: IpAddress,
): RouteRefusal | undefined {
  if (decision.kind === 'unreachable')
    return { cause: 'no-route', errno: 'ENETUNREACH', dst: formatAddress(dst) };
  const groupcast = dst.value >> 28n === 0xen || dst.value === 0xffffffffn;
  if (decision.kind !== 'unicast' || decision.oif === 'lo' || dst.family !== 4 || groupcast)
    return undefined;
  if (!isIpv4Loopback(src)) return undefined;
  return { cause: 'loopback-source', errno: 'EINVAL', src: formatAddress(src), oif: decision.oif };
}

/**
 * The IPv6 twin of {@link routeRefusal}, which is no refusal: a `::1` source on a route through
 * eth0 is sent (OUTPUT and POSTROUTING see it), and the receiving host drops it before its
 * PREROUTING (`ip6_rcv_core`, RFC 4291 §2.5.3). `::6`, Istio's inbound-passthrough source, is an
 * ordinary address to the kernel and arrives.
 */
export function routeCaveat(decision: RouteDecision, src: IpAddress): RouteCaveat | undefined {
  if (decision.kind !== 'unicast' || decision.oif === 'lo') return undefined;
  if (src.family !== 6 || src.value !== 1n) return undefined;
  return { cause: 'loopback-source-leaves-node', src: formatAddress(src), oif: decision.oif };
}

/** Input routing of a packet that arrived on `iif`: local delivery, forwarding, or a drop. */
export function routeInput(
  pod: PodContext,
  fwmarks: readonly FwmarkRoute[],
  dst: IpAddress,
  mark: number,
  iif: string,
): { readonly kind: 'local' | 'forward' | 'drop'; readonly reason: string } {
  // 127/8 arriving on a non-loopback interface is a martian (route_localnet=0).
  if (iif !== 'lo' && dst.family === 4 && dst.value >> 24n === 127n) {
    return { kind: 'drop', reason: `martian destination ${formatAddress(dst)} on ${iif}` };
  }
  const out = routeOutput(pod, fwmarks, dst, mark);
  if (out.kind === 'local') {
    const why = isLocalAddress(pod, dst)
      ? `${formatAddress(dst)} is local (local table)`
      : out.reason;
    return { kind: 'local', reason: `deliver to this host: ${why}` };
  }
  if (!pod.ipForward)
    return { kind: 'drop', reason: `not local and forwarding is off (${out.reason})` };
  return { kind: 'forward', reason: out.reason };
}

/** Kernel address types, as `-m addrtype` names them. */
export type AddrType = 'UNSPEC' | 'UNICAST' | 'LOCAL' | 'BROADCAST' | 'MULTICAST';

/** What `-m addrtype` sees for an address in this pod (`inet_addr_type` / IPv6 route lookup). */
export function classifyAddress(pod: PodContext, addr: IpAddress): AddrType {
  if (addr.family === 4) {
    if (addr.value === 0n || addr.value === 0xffffffffn) return 'BROADCAST';
    if (addr.value >> 28n === 0xen) return 'MULTICAST';
    if (addr.value === 0x7fffffffn) return 'BROADCAST';
    if (isLocalAddress(pod, addr)) return 'LOCAL';
    const subnetBroadcast = pod.interfaces.some(
      (i) =>
        i.name !== 'lo' &&
        i.addresses.some(
          (a) =>
            a.family === 4 &&
            a.bits < 31 &&
            (a.address | (~maskOf(4, a.bits) & 0xffffffffn)) === addr.value,
        ),
    );
    return subnetBroadcast ? 'BROADCAST' : 'UNICAST';
  }
  if (addr.value === 0n) return 'UNSPEC';
  if (addr.value >> 120n === 0xffn) return 'MULTICAST';
  return isLocalAddress(pod, addr) ? 'LOCAL' : 'UNICAST';
}
