import { formatIPv4, maskOf, parseCidrLoose, parseIPv4, parseIPv6 } from '../shared/ip.ts';
import type { NftSetDecl, NftSetElement } from './model.ts';
import { formatIPv6Glibc, formatMark } from './format.ts';

/** What a `typeof` expression stores, as nft names the datatype. */
const TYPEOF: Readonly<Record<string, string>> = {
  'ip saddr': 'ipv4_addr',
  'ip daddr': 'ipv4_addr',
  'ip6 saddr': 'ipv6_addr',
  'ip6 daddr': 'ipv6_addr',
  'tcp dport': 'inet_service',
  'tcp sport': 'inet_service',
  'udp dport': 'inet_service',
  'udp sport': 'inet_service',
  'th dport': 'inet_service',
  'th sport': 'inet_service',
  'meta mark': 'mark',
  'ct mark': 'mark',
  iifname: 'ifname',
  oifname: 'ifname',
  'meta iifname': 'ifname',
  'meta oifname': 'ifname',
  'meta l4proto': 'inet_proto',
  'ip protocol': 'inet_proto',
  'ct state': 'ct_state',
  'meta skuid': 'uid',
  'meta skgid': 'gid',
};

const PROTOCOLS: Readonly<Record<string, number>> = {
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  dccp: 33,
  gre: 47,
  esp: 50,
  ah: 51,
  icmpv6: 58,
  sctp: 132,
  udplite: 136,
};
const CT_STATE_BITS: Readonly<Record<string, number>> = {
  invalid: 1,
  established: 2,
  related: 4,
  new: 8,
  untracked: 64,
};

/**
 * The datatype of each part of a set's key (`ipv4_addr . inet_service` → two parts).
 *
 * @example
 * nftKeyTypes({ name: 's', kind: 'set', type: 'ip daddr . tcp dport', typeof: true }); // ['ipv4_addr', 'inet_service']
 */
export function nftKeyTypes(set: NftSetDecl): string[] {
  if (set.typeof === true) {
    return set.type.split(' . ').map((expr) => TYPEOF[expr.trim()] ?? expr.trim());
  }
  return set.type.split(' . ').map((t) => t.trim());
}

/** A value of one datatype: how nft prints it, and its numeric value for nft's sort. */
export interface NftTypedValue {
  readonly text: string;
  readonly sort: bigint;
  /** Interval sets: the last value the element covers. */
  readonly end?: bigint;
}

function littleEndian(text: string): bigint {
  let v = 0n;
  for (let i = text.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(text.charCodeAt(i) & 0xff);
  return v;
}

function formatInterval(family: 4 | 6, start: bigint, end: bigint): string {
  const fmt = family === 4 ? formatIPv4 : formatIPv6Glibc;
  if (start === end) return fmt(start);
  const size = end - start + 1n;
  if ((size & (size - 1n)) === 0n && start % size === 0n) {
    let hostBits = 0;
    while (1n << BigInt(hostBits) < size) hostBits++;
    return `${fmt(start)}/${(family === 4 ? 32 : 128) - hostBits}`;
  }
  return `${fmt(start)}-${fmt(end)}`;
}

/** An address element: single, prefix or range; prefixes and ranges only in interval sets. */
function readAddress(family: 4 | 6, text: string, interval: boolean): NftTypedValue | string {
  const parse = family === 4 ? parseIPv4 : parseIPv6;
  const dash = text.indexOf('-');
  let start: bigint | undefined;
  let end: bigint | undefined;
  if (dash > 0) {
    start = parse(text.slice(0, dash));
    end = parse(text.slice(dash + 1));
  } else if (text.includes('/')) {
    const cidr = parseCidrLoose(text);
    if (cidr?.family === family) {
      start = cidr.address & maskOf(family, cidr.bits);
      end = start + ((1n << BigInt((family === 4 ? 32 : 128) - cidr.bits)) - 1n);
    }
  } else {
    start = parse(text);
    end = start;
  }
  if (start === undefined || end === undefined || end < start)
    return `Could not parse ${family === 4 ? 'IPv4' : 'IPv6'} address: ${text}`;
  if (start !== end && !interval)
    return 'Set member cannot be prefix, missing interval flag on declaration';
  return { text: formatInterval(family, start, end), sort: start, end };
}

function readNumber(text: string, format: (n: bigint) => string): NftTypedValue | string {
  if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(text)) return `Could not parse number: ${text}`;
  const n = BigInt(text);
  return { text: format(n), sort: n };
}

/**
 * One key part as nft prints and sorts it; a string is the kernel's refusal.
 *
 * @example
 * readNftTypedValue('ipv4_addr', '10.0.0.0-10.0.0.255', true); // { text: '10.0.0.0/24', sort: 167772160n, end: 167772415n }
 */
export function readNftTypedValue(
  type: string,
  text: string,
  interval: boolean,
): NftTypedValue | string {
  switch (type) {
    case 'ipv4_addr':
      return readAddress(4, text, interval);
    case 'ipv6_addr':
      return readAddress(6, text, interval);
    case 'inet_service':
    case 'uid':
    case 'gid':
    case 'integer':
      return readNumber(text, String);
    case 'mark':
      return readNumber(text, (n) => formatMark(String(n)));
    case 'inet_proto': {
      const n = PROTOCOLS[text] ?? (/^[0-9]+$/.test(text) ? Number(text) : undefined);
      if (n === undefined) return `Could not parse protocol: ${text}`;
      const name = Object.keys(PROTOCOLS).find((k) => PROTOCOLS[k] === n);
      return { text: name ?? String(n), sort: BigInt(n) };
    }
    case 'ct_state': {
      const bit = CT_STATE_BITS[text];
      return bit === undefined ? `Could not parse ct state: ${text}` : { text, sort: BigInt(bit) };
    }
    case 'ifname': {
      const name = text.startsWith('"') ? text.slice(1, -1) : text;
      return { text: `"${name}"`, sort: littleEndian(name) };
    }
    default:
      return { text, sort: littleEndian(text) };
  }
}

/** A stored element as nft lists it: printed key, value and its sort key. */
export interface NftListedElement {
  readonly key: string;
  readonly value?: string;
  readonly comment?: string;
  readonly sort: readonly bigint[];
}

function formatData(data: string, value: string): string {
  if (data === 'mark') return formatMark(value);
  if (data === 'ipv4_addr' || data === 'ipv6_addr') {
    const v = readNftTypedValue(data, value, true);
    return typeof v === 'string' ? value : v.text;
  }
  return value;
}

/**
 * An element checked against its set's type: printed form and sort key, or the kernel's
 * refusal as text.
 *
 * @example
 * readNftElement({ name: 's', kind: 'set', type: 'mark' }, { key: '1337' }); // { key: '0x00000539', sort: [1337n] }
 */
export function readNftElement(set: NftSetDecl, e: NftSetElement): NftListedElement | string {
  const types = nftKeyTypes(set);
  const parts = e.key.split(' . ');
  if (parts.length !== types.length)
    return `Element ${e.key} does not match the set's type ${set.type}`;
  const interval = set.flags?.includes('interval') ?? false;
  const read = parts.map((p, i) => readNftTypedValue(types[i] ?? '', p.trim(), interval));
  const bad = read.find((r) => typeof r === 'string');
  if (typeof bad === 'string') return bad;
  const values = read as NftTypedValue[];
  const value =
    e.value === undefined || set.data === undefined ? undefined : formatData(set.data, e.value);
  return {
    key: values.map((v) => v.text).join(' . '),
    ...(value === undefined ? {} : { value }),
    ...(e.comment === undefined ? {} : { comment: e.comment }),
    sort: values.length === 1 ? values.map((v) => v.sort) : [concatSortKey(types, values)],
  };
}

/** Bytes of one key part in the kernel's element data, and whether the type is host-endian. */
const PART_LAYOUT: Readonly<Record<string, { bytes: number; host: boolean }>> = {
  ipv4_addr: { bytes: 4, host: false },
  ipv6_addr: { bytes: 16, host: false },
  inet_service: { bytes: 2, host: false },
  inet_proto: { bytes: 1, host: false },
  mark: { bytes: 4, host: true },
  uid: { bytes: 4, host: true },
  gid: { bytes: 4, host: true },
  ct_state: { bytes: 4, host: true },
  ifname: { bytes: 16, host: true },
};

/**
 * nft sorts a concatenated key by its raw data (each part padded to 4 bytes) read as one
 * host-endian (little-endian) number — so the last part's low bytes weigh most.
 */
function concatSortKey(types: readonly string[], values: readonly NftTypedValue[]): bigint {
  const raw: number[] = [];
  values.forEach((v, i) => {
    const layout = PART_LAYOUT[types[i] ?? ''] ?? { bytes: 4, host: false };
    const bytes: number[] = [];
    for (let b = 0; b < layout.bytes; b++) bytes.push(Number((v.sort >> BigInt(8 * b)) & 0xffn));
    raw.push(...(layout.host ? bytes : bytes.reverse()));
    while (raw.length % 4 !== 0) raw.push(0);
  });
  return raw.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

/**
 * nft's element order: by key value (`list_expr_sort`); concatenations by their raw data.
 *
 * @example
 * listed.sort(compareNftElements);
 */
export function compareNftElements(a: NftListedElement, b: NftListedElement): number {
  for (let i = 0; i < Math.max(a.sort.length, b.sort.length); i++) {
    const x = a.sort[i] ?? 0n;
    const y = b.sort[i] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The datatype a selector (`ip daddr`, `tcp dport`, `meta mark`) compares with. */
export function nftSelectorType(key: string): string | undefined {
  return TYPEOF[key];
}

/**
 * An anonymous set's items as nft lists them: sorted by value; with a prefix or range among
 * address items (nft then makes an interval set with auto-merge) overlapping and adjacent
 * intervals merged (`merge`: always, as for a named auto-merge set). Undefined when the key's type is unknown or an item does not parse.
 */
export function formatNftAnonymousSet(
  key: string,
  items: readonly string[],
  merge = false,
): string[] | undefined {
  const type = nftSelectorType(key);
  if (type === undefined) return undefined;
  const address = type === 'ipv4_addr' || type === 'ipv6_addr';
  const interval = address && (merge || items.some((i) => i.includes('/') || i.includes('-')));
  const values: NftTypedValue[] = [];
  for (const item of items) {
    const v = readNftTypedValue(type, item, interval);
    if (typeof v === 'string') return undefined;
    values.push(v);
  }
  values.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
  if (!interval) return values.map((v) => v.text);
  const merged: { start: bigint; end: bigint }[] = [];
  for (const v of values) {
    const last = merged.at(-1);
    const end = v.end ?? v.sort;
    if (last !== undefined && v.sort <= last.end + 1n) last.end = end > last.end ? end : last.end;
    else merged.push({ start: v.sort, end });
  }
  return merged.map((m) => formatInterval(type === 'ipv4_addr' ? 4 : 6, m.start, m.end));
}
