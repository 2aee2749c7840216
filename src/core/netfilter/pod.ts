import type { Diagnostic } from '../shared/diagnostics.ts';
import { diagnostic } from '../shared/diagnostics.ts';
import type { Cidr, IpAddress, IpFamily } from '../shared/ip.ts';
import { familyWidth, formatAddress, maskOf, parseAddress, parseCidrLoose } from '../shared/ip.ts';
import type { Parsed } from '../shared/result.ts';
import { EMPTY_RANGE } from '../shared/source-range.ts';

/**
 * One network interface of the pod and the addresses configured on it (host bits = address).
 *
 * @example
 * DEFAULT_POD.interfaces.map((i: PodInterface) => i.name); // ['eth0', 'lo']
 */
export interface PodInterface {
  readonly name: string;
  readonly addresses: readonly Cidr[];
}

/**
 * `ip rule add fwmark <mark>/<mask> lookup <table>` where the table holds only
 * `local default dev lo`: what istio-iptables sets up for TPROXY (table 133).
 *
 * @example
 * createPod({ fwmarkRoutes: [{ mark: 1337, mask: 0xffffffff, table: 133 }] });
 */
export interface FwmarkRoute {
  readonly mark: number;
  readonly mask: number;
  readonly table: number;
}

/**
 * The pod's network stack as far as netfilter and routing care.
 *
 * @example
 * simulatePacket({ v4 }, packet, createPod({ podIp: '10.1.2.3/16' }).value);
 */
export interface PodContext {
  /** `eth0` first, then `lo`. The first address of a family on an interface is its primary one. */
  readonly interfaces: readonly PodInterface[];
  readonly gateway4?: IpAddress;
  readonly gateway6?: IpAddress;
  /**
   * Policy routes for marked packets. `'auto'`: one per distinct `TPROXY --tproxy-mark` found in
   * the rules, to table 133, as istio-iptables configures it next to its TPROXY rules.
   */
  readonly fwmarkRoutes: 'auto' | readonly FwmarkRoute[];
  /** `net.ipv4.ip_forward`; 0 in a fresh pod network namespace. */
  readonly ipForward: boolean;
  /** ipsets `-m set` reads: name → members (`hash:ip` addresses or `hash:net` prefixes). */
  readonly ipsets?: Readonly<Record<string, readonly Cidr[]>>;
}

/**
 * Options of {@link createPod}; addresses may carry a prefix length (`10.44.0.5/24`).
 *
 * @example
 * const spec: PodSpec = { podIp: '10.1.2.3/16', podIp6: 'fd00:1::3', fwmarkRoutes: [] };
 */
export interface PodSpec {
  readonly podIp?: string;
  readonly podIp6?: string;
  readonly fwmarkRoutes?: 'auto' | readonly FwmarkRoute[];
  readonly ipForward?: boolean;
  /** ipset name → members (`10.44.0.9`, `10.44.0.0/24`); unparsable members are reported. */
  readonly ipsets?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The pod's IPv4 address unless `--pod-ip` says otherwise (CONTRACTS.md §3).
 *
 * @example
 * createPod({ podIp: DEFAULT_POD_IP });
 */
export const DEFAULT_POD_IP = '10.44.0.5/24';

/**
 * The pod's IPv6 address unless `--pod-ip6` says otherwise.
 *
 * @example
 * createPod({ podIp6: DEFAULT_POD_IP6 });
 */
export const DEFAULT_POD_IP6 = 'fd00:44::5/64';

/**
 * The routing table istio-iptables fills with `local default dev lo` for TPROXY (`-r`, default 133).
 *
 * @example
 * createPod({ fwmarkRoutes: [{ mark: 1337, mask: 0xffffffff, table: ISTIO_TPROXY_ROUTE_TABLE }] });
 */
export const ISTIO_TPROXY_ROUTE_TABLE = 133;

function parseInterfaceAddress(
  text: string,
  family: IpFamily,
  defaultBits: number,
  field: string,
  diagnostics: Diagnostic[],
): Cidr | undefined {
  const cidr = text.includes('/') ? parseCidrLoose(text) : parseCidrLoose(`${text}/${defaultBits}`);
  if (cidr?.family !== family) {
    diagnostics.push(
      diagnostic(
        'bad-packet',
        'error',
        `${field}: '${text}' is not an IPv${family} address`,
        EMPTY_RANGE,
        field,
      ),
    );
    return undefined;
  }
  return cidr;
}

/** First host of the subnet (`.1`), the gateway convention the pod model uses. */
function firstHost(cidr: Cidr): IpAddress {
  const net = cidr.address & maskOf(cidr.family, cidr.bits);
  return { family: cidr.family, value: net + 1n };
}

const DEFAULT_V4: Cidr = { family: 4, address: 0x0a2c0005n, bits: 24 };
const DEFAULT_V6: Cidr = { family: 6, address: (0xfd00n << 112n) | (0x44n << 96n) | 5n, bits: 64 };
const LO4: Cidr = { family: 4, address: 0x7f000001n, bits: 8 };
const LO6: Cidr = { family: 6, address: 1n, bits: 128 };

/** istio-iptables adds `::6/128` to lo when IPv6 is on: the IPv6 twin of 127.0.0.6. */
const LO6_INBOUND_PASSTHROUGH: Cidr = { family: 6, address: 6n, bits: 128 };

/**
 * Builds the pod context: `eth0` with the pod's IPv4 and IPv6 addresses (gateway `.1` / `::1` of
 * the subnet), `lo` with 127.0.0.1/8, ::1 and ::6.
 *
 * @example
 * const pod = createPod({ podIp: '10.1.2.3/16' }).value;
 */
export function createPod(spec: PodSpec = {}): Parsed<PodContext> {
  const diagnostics: Diagnostic[] = [];
  const v4 =
    parseInterfaceAddress(spec.podIp ?? DEFAULT_POD_IP, 4, 24, 'pod-ip', diagnostics) ?? DEFAULT_V4;
  const v6 =
    parseInterfaceAddress(spec.podIp6 ?? DEFAULT_POD_IP6, 6, 64, 'pod-ip6', diagnostics) ??
    DEFAULT_V6;
  const pod: PodContext = {
    interfaces: [
      { name: 'eth0', addresses: [v4, v6] },
      { name: 'lo', addresses: [LO4, LO6, LO6_INBOUND_PASSTHROUGH] },
    ],
    gateway4: firstHost(v4),
    gateway6: firstHost(v6),
    fwmarkRoutes: spec.fwmarkRoutes ?? 'auto',
    ipForward: spec.ipForward ?? false,
    ...(spec.ipsets === undefined ? {} : { ipsets: parseIpsets(spec.ipsets, diagnostics) }),
  };
  return { value: pod, diagnostics };
}

/**
 * The default pod of CONTRACTS.md §3: 10.44.0.5/24 and fd00:44::5/64 on eth0, automatic TPROXY routes.
 *
 * @example
 * simulatePacket({ v4 }, packet, DEFAULT_POD);
 */
export const DEFAULT_POD: PodContext = createPod().value;

/** The primary (first) address of `family` on interface `name`. */
export function primaryAddress(
  pod: PodContext,
  name: string,
  family: IpFamily,
): IpAddress | undefined {
  const itf = pod.interfaces.find((i) => i.name === name);
  const cidr = itf?.addresses.find((a) => a.family === family);
  return cidr ? { family, value: cidr.address } : undefined;
}

/** The pod's own address of `family` on its first non-loopback interface. */
export function podAddress(pod: PodContext, family: IpFamily): IpAddress | undefined {
  const itf = pod.interfaces.find((i) => i.name !== 'lo');
  return itf ? primaryAddress(pod, itf.name, family) : undefined;
}

/** Whether `addr` is configured on any interface of the pod. */
export function isConfiguredAddress(pod: PodContext, addr: IpAddress): boolean {
  return pod.interfaces.some((i) =>
    i.addresses.some((a) => a.family === addr.family && a.address === addr.value),
  );
}

/** Whether `addr` belongs to the pod (local routing table): its addresses, plus 127/8 in IPv4. */
export function isLocalAddress(pod: PodContext, addr: IpAddress): boolean {
  if (addr.family === 4 && addr.value >> 24n === 127n) return true;
  return isConfiguredAddress(pod, addr);
}

/** Parses an address given for the pod context (gateway overrides in tests). */
export function parseHostAddress(text: string): IpAddress | undefined {
  return parseAddress(text);
}

/** `10.44.0.5/24` */
export function formatInterfaceAddress(cidr: Cidr): string {
  return `${formatAddress({ family: cidr.family, value: cidr.address })}/${cidr.bits}`;
}

/** Whether `addr` is on the subnet of one of `itf`'s addresses (an on-link neighbour). */
export function isOnLink(itf: PodInterface, addr: IpAddress): boolean {
  return itf.addresses.some((a) => {
    if (a.family !== addr.family || a.bits === familyWidth(a.family)) return false;
    const mask = maskOf(a.family, a.bits);
    return (a.address & mask) === (addr.value & mask);
  });
}

function parseIpsets(
  sets: Readonly<Record<string, readonly string[]>>,
  diagnostics: Diagnostic[],
): Record<string, Cidr[]> {
  const out: Record<string, Cidr[]> = {};
  for (const [name, members] of Object.entries(sets)) {
    out[name] = members.flatMap((m) => {
      const cidr = parseCidrLoose(m);
      if (cidr) return [cidr];
      diagnostics.push(
        diagnostic(
          'bad-packet',
          'error',
          `ipset ${name}: '${m}' is not an address`,
          EMPTY_RANGE,
          'ipsets',
        ),
      );
      return [];
    });
  }
  return out;
}
