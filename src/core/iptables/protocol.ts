/** `-p` values: what iptables accepts and the name iptables-save prints for each number. */
import { protocolNameOf, protocolNumberOf } from './netdb.ts';
import { parseUint } from './numbers.ts';

/** libxtables xtables_chain_protos: names known even without /etc/protocols. */
const CHAIN_PROTOS: readonly (readonly [string, number])[] = [
  ['tcp', 6],
  ['sctp', 132],
  ['udp', 17],
  ['udplite', 136],
  ['icmp', 1],
  ['icmpv6', 58],
  ['ipv6-icmp', 58],
  ['esp', 50],
  ['ah', 51],
  ['ipv6-mh', 135],
  ['mh', 135],
  ['all', 0],
];

/** xtables_parse_protocol after iptables lower-cases the argument; undefined if unknown. */
export function parseProtocol(text: string): number | undefined {
  const lower = text.toLowerCase();
  const n = parseUint(lower, 255);
  if (n !== undefined) return n;
  if (lower === 'all') return 0;
  return protocolNumberOf(lower) ?? CHAIN_PROTOS.find(([name]) => name === lower)?.[1];
}

/** libxtables' built-in name of a protocol number (`all` for 0), if it has one. */
export function chainProtocolName(n: number): string | undefined {
  return CHAIN_PROTOS.find(([, num]) => num === n)?.[0];
}

/** proto_to_name: getprotobynumber first, then the built-in names; undefined for 0. */
export function protocolName(n: number): string {
  return protocolNameOf(n) ?? CHAIN_PROTOS.find(([, num]) => num === n)?.[0] ?? String(n);
}

/** Canonical `-p` text (what iptables-save prints), or undefined when it matches everything. */
export function canonicalProtocol(text: string): string | undefined {
  const n = parseProtocol(text);
  if (n === undefined) return text;
  return n === 0 ? undefined : protocolName(n);
}

/** The protocol number of a rule's `-p` text (canonical or as written). */
export function protocolNumber(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseProtocol(text);
}
