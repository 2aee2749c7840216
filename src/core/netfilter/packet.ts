import type { Diagnostic } from '../shared/diagnostics.ts';
import { diagnostic } from '../shared/diagnostics.ts';
import type { IpAddress, IpFamily } from '../shared/ip.ts';
import { formatAddress, parseAddress } from '../shared/ip.ts';
import type { Parsed } from '../shared/result.ts';
import { EMPTY_RANGE } from '../shared/source-range.ts';
import type { PodContext } from './pod.ts';
import { isLocalAddress, podAddress } from './pod.ts';
import { routeOutput } from './routing.ts';

/**
 * `outbound`: sent by a process in the pod; `inbound`: arrives on the pod's `eth0`.
 *
 * @example
 * const d: Direction = 'inbound';
 */
export type Direction = 'outbound' | 'inbound';

/**
 * The transport protocols a packet can carry.
 *
 * @example
 * const proto: L4Protocol = 'udp';
 */
export type L4Protocol = 'tcp' | 'udp';

/**
 * Conntrack states `-m conntrack --ctstate` knows (SNAT/DNAT are derived from the NAT binding).
 *
 * @example
 * normalizePacket({ direction: 'inbound', dport: 9080, ctstate: 'ESTABLISHED' }, DEFAULT_POD);
 */
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

const CT_STATES: readonly CtState[] = ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED'];

/**
 * A packet as the user describes it (a JSON line of `intercept trace`, a UI form); any field may
 * be missing or wrong, {@link normalizePacket} validates it.
 *
 * @example
 * const spec: PacketSpec = { id: 'app-out', direction: 'outbound', uid: 1000, dst: '10.44.0.9', dport: 9080 };
 */
export interface PacketSpec {
  readonly id?: unknown;
  readonly direction?: unknown;
  readonly proto?: unknown;
  readonly src?: unknown;
  readonly dst?: unknown;
  readonly sport?: unknown;
  readonly dport?: unknown;
  readonly uid?: unknown;
  readonly gid?: unknown;
  readonly oif?: unknown;
  readonly mark?: unknown;
  readonly connmark?: unknown;
  readonly ctstate?: unknown;
}

/**
 * A validated packet: every field resolved, addresses parsed.
 *
 * @example
 * const packet: Packet | undefined = normalizePacket(spec, DEFAULT_POD).value;
 */
export interface Packet {
  readonly id: string;
  readonly direction: Direction;
  readonly proto: L4Protocol;
  readonly family: IpFamily;
  readonly src: IpAddress;
  readonly dst: IpAddress;
  readonly sport: number;
  readonly dport: number;
  /** Owner of the sending socket (outbound only). */
  readonly uid?: number;
  readonly gid?: number;
  /** The user's guess of the output interface; routing decides, a mismatch is reported. */
  readonly oifHint?: string;
  readonly mark: number;
  readonly connmark: number;
  /** State of the packet's connection once conntrack has seen it (`NEW` for a first packet). */
  readonly ctstate: CtState;
  /** IP datagram length, for byte counters: a Linux SYN (60/80 bytes) or a 1-byte datagram. */
  readonly length: number;
}

/**
 * Default source port: 40000 + a hash of the id, so a packet keeps its port wherever it is.
 *
 * @example
 * defaultSourcePort('app-out') === defaultSourcePort('app-out'); // true, in 40000..59999
 */
export function defaultSourcePort(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return 40000 + (h % 20000);
}

interface FieldReader {
  readonly spec: PacketSpec;
  readonly diagnostics: Diagnostic[];
}

function fail(
  r: FieldReader,
  field: string,
  message: string,
  severity: 'error' | 'warning' = 'error',
): undefined {
  r.diagnostics.push(
    diagnostic('bad-packet', severity, `${field}: ${message}`, EMPTY_RANGE, field),
  );
  return undefined;
}

function readInteger(
  r: FieldReader,
  field: keyof PacketSpec,
  min: number,
  max: number,
): number | undefined {
  const raw = r.spec[field];
  if (raw === undefined || raw === null) return undefined;
  const value =
    typeof raw === 'string' && /^(0x[0-9a-f]+|[0-9]+)$/i.test(raw.trim())
      ? Number(raw.trim())
      : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return fail(r, field, `expected an integer ${min}..${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function readChoice<T extends string>(
  r: FieldReader,
  field: keyof PacketSpec,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = r.spec[field];
  if (raw === undefined || raw === null) return fallback;
  const found = choices.find(
    (c) => typeof raw === 'string' && c.toLowerCase() === raw.toLowerCase(),
  );
  if (found) return found;
  fail(r, field, `expected one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`);
  return fallback;
}

function readAddress(r: FieldReader, field: 'src' | 'dst'): IpAddress | undefined {
  const raw = r.spec[field];
  if (raw === undefined || raw === null) return undefined;
  const addr = typeof raw === 'string' ? parseAddress(raw.trim()) : undefined;
  return addr ?? fail(r, field, `not an IP address: ${JSON.stringify(raw)}`);
}

function readId(r: FieldReader, fallback: string): string {
  const raw = r.spec.id;
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return String(raw);
  fail(r, 'id', `expected a string, got ${JSON.stringify(raw)}`);
  return fallback;
}

/**
 * Validates a packet description against the pod and fills in the defaults of CONTRACTS.md §3.
 * Never throws: problems are `bad-packet` diagnostics, and `value` is undefined when the packet
 * cannot be simulated at all.
 *
 * @example
 * const { value } = normalizePacket({ id: 'a', direction: 'outbound', dst: '10.44.0.9', dport: 9080 }, DEFAULT_POD);
 */
export function normalizePacket(
  input: unknown,
  pod: PodContext,
  fallbackId = 'packet',
): Parsed<Packet | undefined> {
  const diagnostics: Diagnostic[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    diagnostics.push(
      diagnostic('bad-packet', 'error', 'a packet must be a JSON object', EMPTY_RANGE),
    );
    return { value: undefined, diagnostics };
  }
  const r: FieldReader = { spec: input, diagnostics };
  const known = new Set([
    'id',
    'direction',
    'proto',
    'src',
    'dst',
    'sport',
    'dport',
    'uid',
    'gid',
    'oif',
    'mark',
    'connmark',
    'ctstate',
  ]);
  for (const key of Object.keys(input)) {
    if (!known.has(key)) fail(r, key, 'unknown packet field (ignored)', 'warning');
  }
  const id = readId(r, fallbackId);
  const direction = readChoice<Direction>(r, 'direction', ['outbound', 'inbound'], 'outbound');
  const proto = readChoice<L4Protocol>(r, 'proto', ['tcp', 'udp'], 'tcp');
  const ctstate = readChoice<CtState>(r, 'ctstate', CT_STATES, 'NEW');
  const fields = {
    sport: readInteger(r, 'sport', 1, 65535),
    dport: readInteger(r, 'dport', 1, 65535),
    uid: readInteger(r, 'uid', 0, 0xfffffffe),
    gid: readInteger(r, 'gid', 0, 0xfffffffe),
    mark: readInteger(r, 'mark', 0, 0xffffffff) ?? 0,
    connmark: readInteger(r, 'connmark', 0, 0xffffffff) ?? 0,
  };
  const oif = r.spec.oif;
  if (oif !== undefined && oif !== null && typeof oif !== 'string')
    fail(r, 'oif', 'expected an interface name');
  const addresses = resolveAddresses(r, direction, pod);
  if (diagnostics.some((d) => d.severity === 'error') || !addresses)
    return { value: undefined, diagnostics };
  if (fields.dport === undefined) fail(r, 'dport', 'missing destination port');
  if (direction === 'inbound' && (fields.uid !== undefined || fields.gid !== undefined)) {
    fail(r, 'uid', 'inbound packets have no local owner; uid/gid ignored', 'warning');
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { value: undefined, diagnostics };
  const outbound = direction === 'outbound';
  const uid = outbound ? (fields.uid ?? 0) : undefined;
  const headers = addresses.family === 4 ? 20 : 40;
  const packet: Packet = {
    id,
    direction,
    proto,
    family: addresses.family,
    src: addresses.src,
    dst: addresses.dst,
    sport: fields.sport ?? defaultSourcePort(id),
    dport: fields.dport ?? 0,
    ...(uid === undefined ? {} : { uid, gid: fields.gid ?? uid }),
    ...(typeof oif === 'string' ? { oifHint: oif } : {}),
    mark: fields.mark,
    connmark: fields.connmark,
    ctstate,
    length: headers + (proto === 'tcp' ? 40 : 9),
  };
  return { value: packet, diagnostics };
}

function resolveAddresses(
  r: FieldReader,
  direction: Direction,
  pod: PodContext,
): { family: IpFamily; src: IpAddress; dst: IpAddress } | undefined {
  const src = readAddress(r, 'src');
  let dst = readAddress(r, 'dst');
  if (r.diagnostics.some((d) => d.severity === 'error')) return undefined;
  if (src && dst && src.family !== dst.family) {
    return fail(r, 'src', `IPv${src.family} source with an IPv${dst.family} destination`);
  }
  if (direction === 'outbound') {
    if (!dst) return fail(r, 'dst', 'missing destination address');
    const chosen = src ?? routeOutput(pod, [], dst, 0).src;
    if (!chosen)
      return fail(r, 'dst', `the pod has no IPv${dst.family} route to ${formatAddress(dst)}`);
    if (src && !isLocalAddress(pod, src)) {
      fail(
        r,
        'src',
        `${formatAddress(src)} is not an address of the pod; a socket cannot send from it`,
        'warning',
      );
    }
    return { family: dst.family, src: chosen, dst };
  }
  const family = dst?.family ?? src?.family ?? 4;
  dst ??= podAddress(pod, family);
  if (!dst || !isPodInterfaceAddress(pod, dst)) {
    return fail(
      r,
      'dst',
      `inbound packets must be addressed to the pod, not ${dst ? formatAddress(dst) : '(none)'}`,
    );
  }
  const gateway = family === 4 ? pod.gateway4 : pod.gateway6;
  const from = src ?? gateway;
  if (!from) return fail(r, 'src', 'missing source address');
  if (isLocalAddress(pod, from)) {
    fail(
      r,
      'src',
      `${formatAddress(from)} is an address of the pod: the kernel drops it as a martian`,
      'warning',
    );
  }
  return { family, src: from, dst };
}

/**
 * The packet's 5-tuple as text.
 *
 * @example
 * formatEndpoints(packet); // 'tcp 10.44.0.5:40000 -> 10.44.0.9:9080'
 */
export function formatEndpoints(p: {
  readonly proto: L4Protocol;
  readonly src: IpAddress;
  readonly dst: IpAddress;
  readonly sport: number;
  readonly dport: number;
}): string {
  const hostPort = (a: IpAddress, port: number) =>
    a.family === 6 ? `[${formatAddress(a)}]:${port}` : `${formatAddress(a)}:${port}`;
  return `${p.proto} ${hostPort(p.src, p.sport)} -> ${hostPort(p.dst, p.dport)}`;
}

function isPodInterfaceAddress(pod: PodContext, addr: IpAddress): boolean {
  return pod.interfaces.some(
    (i) =>
      i.name !== 'lo' &&
      i.addresses.some((a) => a.family === addr.family && a.address === addr.value),
  );
}
