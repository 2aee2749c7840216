/**
 * IPv4/IPv6 addresses and CIDR prefixes as plain data. Addresses are bigints so that both
 * families share one code path; IPv4 uses the low 32 bits.
 */
export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

export interface Cidr {
  readonly family: IpFamily;
  /** The address as written (host bits NOT cleared: Istio keeps them, iptables clears them). */
  readonly address: bigint;
  readonly bits: number;
}

const V4_MAX = 0xffffffffn;
const V6_MAX = (1n << 128n) - 1n;

export function familyWidth(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

/** Strict dotted quad: four decimal octets 0..255 without leading zeros. */
export function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

/** RFC 4291 text form, including `::` and an embedded dotted quad in the last 32 bits. */
export function parseIPv6(text: string): bigint | undefined {
  if (text.length === 0 || text.length > 45 || text.includes('%')) return undefined;
  let head = text;
  let tail: bigint | undefined;
  let tailGroups = 0;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.indexOf('.', lastColon) > lastColon) {
    tail = parseIPv4(text.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    head = text.slice(0, lastColon + 1);
    if (!head.endsWith('::') && head.endsWith(':')) head = head.slice(0, -1);
    tailGroups = 2;
  }
  const double = head.indexOf('::');
  if (double !== head.lastIndexOf('::')) return undefined;
  const splitGroups = (s: string): string[] | undefined => {
    if (s === '') return [];
    const groups = s.split(':');
    return groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? groups : undefined;
  };
  let groups: string[];
  if (double >= 0) {
    const left = splitGroups(head.slice(0, double));
    const right = splitGroups(head.slice(double + 2));
    if (!left || !right) return undefined;
    const missing = 8 - tailGroups - left.length - right.length;
    if (missing < 1) return undefined;
    groups = [...left, ...Array<string>(missing).fill('0'), ...right];
  } else {
    const all = splitGroups(head);
    if (!all || all.length !== 8 - tailGroups) return undefined;
    groups = all;
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(parseInt(g, 16));
  if (tail !== undefined) value = (value << 32n) | tail;
  return value;
}

/** Parses either family. */
export function parseAddress(text: string): IpAddress | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIPv6(text);
  if (v6 !== undefined) return { family: 6, value: v6 };
  return undefined;
}

export function formatIPv4(value: bigint): string {
  const n = Number(value & V4_MAX);
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** RFC 5952 canonical text (lower case, longest run of 2+ zero groups as `::`). */
export function formatIPv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIPv4(value & V4_MAX)}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function formatAddress(addr: IpAddress): string {
  return addr.family === 4 ? formatIPv4(addr.value) : formatIPv6(addr.value);
}

export function maskOf(family: IpFamily, bits: number): bigint {
  const width = BigInt(familyWidth(family));
  const all = family === 4 ? V4_MAX : V6_MAX;
  return bits <= 0 ? 0n : (all << (width - BigInt(bits))) & all;
}

/** Result of parsing a prefix the way Go's `netip.ParsePrefix` does (slash required). */
export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; error: string };

/** Go `netip.ParsePrefix` semantics and error wording (what the newest istio-iptables uses). */
export function parseCidrStrict(text: string): CidrParse {
  const fail = (why: string): CidrParse => ({
    ok: false,
    error: `netip.ParsePrefix(${JSON.stringify(text)}): ${why}`,
  });
  const slash = text.lastIndexOf('/');
  if (slash < 0) return fail("no '/'");
  const addrText = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  const addr = parseAddress(addrText);
  if (!addr) return fail(`ParseAddr(${JSON.stringify(addrText)}): unable to parse IP`);
  if (!/^(0|[1-9][0-9]*)$/.test(bitsText))
    return fail('bad bits after slash: ' + JSON.stringify(bitsText));
  const bits = Number(bitsText);
  if (bits > familyWidth(addr.family)) return fail('prefix length out of range');
  return { ok: true, cidr: { family: addr.family, address: addr.value, bits } };
}

/** iptables-style address: `A`, `A/len` or `A/mask` (dotted mask for IPv4). Host bits kept. */
export function parseCidrLoose(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const addr = parseAddress(slash < 0 ? text : text.slice(0, slash));
  if (!addr) return undefined;
  const width = familyWidth(addr.family);
  if (slash < 0) return { family: addr.family, address: addr.value, bits: width };
  const rest = text.slice(slash + 1);
  if (/^(0|[1-9][0-9]*)$/.test(rest)) {
    const bits = Number(rest);
    return bits <= width ? { family: addr.family, address: addr.value, bits } : undefined;
  }
  const mask = addr.family === 4 ? parseIPv4(rest) : parseIPv6(rest);
  if (mask === undefined) return undefined;
  const bits = contiguousBits(mask, width);
  return bits === undefined ? undefined : { family: addr.family, address: addr.value, bits };
}

function contiguousBits(mask: bigint, width: number): number | undefined {
  let bits = 0;
  while (bits < width && ((mask >> BigInt(width - 1 - bits)) & 1n) === 1n) bits++;
  return mask === maskOf(width === 32 ? 4 : 6, bits) ? bits : undefined;
}

/** Network address (host bits cleared). */
export function networkOf(cidr: Cidr): bigint {
  return cidr.address & maskOf(cidr.family, cidr.bits);
}

export function cidrContains(cidr: Cidr, addr: IpAddress): boolean {
  if (cidr.family !== addr.family) return false;
  const mask = maskOf(cidr.family, cidr.bits);
  return (addr.value & mask) === (cidr.address & mask);
}

/** `addr/bits` with the address in canonical text, host bits kept (Go `Prefix.String`). */
export function formatCidr(cidr: Cidr): string {
  return `${formatAddress({ family: cidr.family, value: cidr.address })}/${cidr.bits}`;
}

export function isLoopback(addr: IpAddress): boolean {
  return addr.family === 4 ? addr.value >> 24n === 127n : addr.value === 1n;
}
