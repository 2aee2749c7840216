import type { ProxySocket } from './era.ts';
import type { EnvoyConfig, EnvoyListener } from './envoy/types.ts';
import type { PodSpec } from './scenario.ts';

/** Who owns a listening socket in a pod. */
export type SocketOwner =
  | { readonly kind: 'app'; readonly port: number; readonly bind: 'any' | 'localhost' }
  | { readonly kind: 'envoy-listener'; readonly listener: EnvoyListener }
  | { readonly kind: 'proxy'; readonly socket: ProxySocket };

/** The listening sockets of a pod's network namespace. */
export interface SocketTable {
  readonly sockets: readonly SocketOwner[];
}

function portOf(s: SocketOwner): number {
  switch (s.kind) {
    case 'app':
      return s.port;
    case 'envoy-listener':
      return s.listener.port;
    case 'proxy':
      return s.socket.port;
  }
}

function bindOf(s: SocketOwner): 'any' | 'localhost' {
  switch (s.kind) {
    case 'app':
      return s.bind;
    case 'envoy-listener':
      return s.listener.address === '127.0.0.1' ? 'localhost' : 'any';
    case 'proxy':
      return s.socket.bind;
  }
}

/**
 * Sockets of a pod: the app's, and for a proxy its bound Envoy listeners and side ports. A bound
 * Envoy listener wins over a side socket on the same port (they cannot both bind it).
 *
 * @example
 * createSocketTable(pod, envoy, world.era.proxySockets).sockets.length;
 */
export function createSocketTable(
  pod: PodSpec | undefined,
  envoy: EnvoyConfig | undefined,
  side: readonly ProxySocket[],
): SocketTable {
  const sockets: SocketOwner[] = [];
  for (const l of envoy?.listeners ?? [])
    if (l.bindToPort) sockets.push({ kind: 'envoy-listener', listener: l });
  if (envoy)
    for (const s of side)
      if (!sockets.some((x) => portOf(x) === s.port)) sockets.push({ kind: 'proxy', socket: s });
  if (pod && !sockets.some((x) => portOf(x) === pod.appPort))
    sockets.push({ kind: 'app', port: pod.appPort, bind: pod.appBind });
  return { sockets };
}

/**
 * The socket a packet delivered locally reaches: bound to `port` on the destination address
 * (loopback-only sockets take 127/8 only). TPROXY assigns only to transparent sockets: the
 * kernel's nf_tproxy lookup drops the packet otherwise.
 */
export function findSocket(
  table: SocketTable,
  dst: string,
  port: number,
  tproxy: boolean,
): SocketOwner | undefined {
  const loopback = dst.startsWith('127.');
  return table.sockets.find((s) => {
    if (portOf(s) !== port) return false;
    if (bindOf(s) === 'localhost' && !loopback) return false;
    if (tproxy) return s.kind === 'envoy-listener' && s.listener.transparent;
    return true;
  });
}

/** `envoy virtualInbound (0.0.0.0:15006)`, `app (0.0.0.0:9080)`. */
export function describeSocket(s: SocketOwner): string {
  switch (s.kind) {
    case 'app':
      return `app (${s.bind === 'any' ? '0.0.0.0' : '127.0.0.1'}:${s.port})`;
    case 'envoy-listener':
      return `envoy ${s.listener.name} (${s.listener.address}:${s.listener.port})`;
    case 'proxy':
      return `${s.socket.owner} ${s.socket.purpose} (${s.socket.bind === 'any' ? '0.0.0.0' : '127.0.0.1'}:${s.socket.port})`;
  }
}
