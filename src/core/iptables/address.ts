/**
 * Addresses the way iptables reads and prints them — which is not quite RFC text:
 * IPv4 numbers go through xtables' own dotted parser (`10.1` is 10.1.0.0, `010` is octal 8),
 * masks may be non-contiguous, host bits are cleared, and IPv6 is printed by glibc's
 * `inet_ntop` (an IPv4-compatible address prints as `::1.2.3.4`).
 */
import { parseIPv6 } from '../shared/ip.ts';
import { parseUint } from './numbers.ts';

export type Family = 4 | 6;

/** One address with its mask, host bits already cleared. */
export interface MaskedAddress {
  readonly family: Family;
  readonly address: bigint;
  readonly mask: bigint;
}

const ALL4 = 0xffffffffn;
const ALL6 = (1n << 128n) - 1n;

export function allOnes(family: Family): bigint {
  return family === 4 ? ALL4 : ALL6;
}

function computePrefixMask(family: Family, bits: number): bigint {
  const width = family === 4 ? 32 : 128;
  return bits <= 0 ? 0n : (allOnes(family) << BigInt(width - bits)) & allOnes(family);
}

const MASKS: Record<Family, readonly bigint[]> = {
  4: Array.from({ length: 33 }, (_, bits) => computePrefixMask(4, bits)),
  6: Array.from({ length: 129 }, (_, bits) => computePrefixMask(6, bits)),
};
const BITS: Record<Family, ReadonlyMap<bigint, number>> = {
  4: new Map(MASKS[4].map((m, bits) => [m, bits])),
  6: new Map(MASKS[6].map((m, bits) => [m, bits])),
};

function prefixMask(family: Family, bits: number): bigint {
  return MASKS[family][Math.max(0, bits)] ?? allOnes(family);
}

/** Prefix length of a contiguous mask, undefined when the mask has holes. */
export function maskBits(family: Family, mask: bigint): number | undefined {
  return BITS[family].get(mask);
}

/** xtables `__numeric_to_ipaddr`: up to four base-0 bytes; a short form fills with zeros. */
export function parseIptablesIPv4(text: string, isMask = false): bigint | undefined {
  const parts = text.split('.');
  if (parts.length > 4 || (isMask && parts.length !== 4)) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    const b = parseUint(part, 255);
    if (b === undefined) return undefined;
    bytes.push(b);
  }
  while (bytes.length < 4) bytes.push(0);
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

/**
 * glibc inet_aton, which getaddrinfo uses for numeric IPv4 hosts when xtables' own parser gave
 * up: `a`, `a.b`, `a.b.c`, `a.b.c.d` with base-0 parts, the last part filling the rest.
 */
export function parseInetAton(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const values: number[] = [];
  for (const p of parts) {
    const v = parseUint(p, 0xffffffff);
    if (v === undefined) return undefined;
    values.push(v);
  }
  const last = values.pop() ?? 0;
  if (values.some((v) => v > 255)) return undefined;
  const restBits = 8 * (4 - values.length);
  if (restBits < 32 && last >= 2 ** restBits) return undefined;
  const head = values.reduce((acc, v, i) => acc | (BigInt(v) << BigInt(24 - 8 * i)), 0n);
  return head | BigInt(last);
}

/** Names iptables would resolve through /etc/hosts; we only know the standard ones. */
function resolveHost(name: string, family: Family): bigint | undefined {
  if (family === 4) {
    const aton = parseInetAton(name);
    if (aton !== undefined) return aton;
  }
  if (name !== 'localhost') return undefined;
  return family === 4 ? 0x7f000001n : 1n;
}

function parseHost(text: string, family: Family): bigint | undefined {
  const numeric = family === 4 ? parseIptablesIPv4(text) : parseIPv6(text);
  return numeric ?? resolveHost(text, family);
}

function parseMask(text: string, family: Family): bigint | undefined {
  const width = family === 4 ? 32 : 128;
  if (family === 4 && text.includes('.')) return parseIptablesIPv4(text, true);
  if (family === 6 && text.includes(':')) return parseIPv6(text);
  const bits = parseUint(text, width);
  return bits === undefined ? undefined : prefixMask(family, bits);
}

/**
 * `-s`/`-d` argument: a comma-separated list of `host[/mask]`. Undefined when any item is bad.
 *
 * @example
 * parseAddressList('10.1.2.3/8', 4); // [{ family: 4, address: 0x0a000000n, mask: 0xff000000n }]
 */
export function parseAddressList(text: string, family: Family): MaskedAddress[] | undefined {
  const out: MaskedAddress[] = [];
  for (const item of text.split(',')) {
    const slash = item.indexOf('/');
    const host = parseHost(slash < 0 ? item : item.slice(0, slash), family);
    const mask = slash < 0 ? allOnes(family) : parseMask(item.slice(slash + 1), family);
    if (host === undefined || mask === undefined) return undefined;
    out.push({ family, address: host & mask, mask });
  }
  return out;
}

/** xtables' dotted IPv4 with plain numbers (the hot path: no BigInt allocations). */
function parseIPv4Number(text: string, isMask: boolean): number | undefined {
  let value = 0;
  let parts = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) !== 46) continue;
    const b = parseUint(text.slice(start, i), 255);
    if (b === undefined || parts === 4) return undefined;
    value = value * 256 + b;
    parts++;
    start = i + 1;
  }
  if (isMask && parts !== 4) return undefined;
  for (; parts < 4; parts++) value *= 256;
  return value;
}

function ipv4SaveText(item: string): string | null | undefined {
  const slash = item.indexOf('/');
  const hostText = slash < 0 ? item : item.slice(0, slash);
  const host =
    parseIPv4Number(hostText, false) ??
    (resolveHost(hostText, 4) === undefined ? undefined : Number(resolveHost(hostText, 4)));
  if (host === undefined) return undefined;
  let mask = 0xffffffff;
  if (slash >= 0) {
    const m = item.slice(slash + 1);
    const bits = m.includes('.') ? undefined : parseUint(m, 32);
    const dotted = m.includes('.') ? parseIPv4Number(m, true) : undefined;
    if (bits === undefined && dotted === undefined) return undefined;
    mask =
      bits !== undefined ? (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0) : (dotted ?? 0);
  }
  if (mask === 0) return null;
  const net = (host & mask) >>> 0;
  const inv = ~mask >>> 0;
  const contiguous = (inv & (inv + 1)) === 0;
  const dottedNet = `${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.${net & 255}`;
  if (contiguous) return `${dottedNet}/${32 - Math.log2(inv + 1)}`;
  return `${dottedNet}/${mask >>> 24}.${(mask >>> 16) & 255}.${(mask >>> 8) & 255}.${mask & 255}`;
}

/**
 * `-s`/`-d` list in iptables-save form, one entry per address; `null` for a /0 (matches all,
 * iptables prints nothing); undefined when any item is bad.
 *
 * @example
 * saveAddressTexts('10.1.2.3/8,0/0', 4); // ['10.0.0.0/8', null]
 */
export function saveAddressTexts(text: string, family: Family): (string | null)[] | undefined {
  if (family === 6) {
    const list = parseAddressList(text, 6);
    return list?.map((a) => (a.mask === 0n ? null : formatSaveAddress(a)));
  }
  if (!text.includes(',')) {
    const t = ipv4SaveText(text);
    return t === undefined ? undefined : [t];
  }
  const out: (string | null)[] = [];
  for (const item of text.split(',')) {
    const t = ipv4SaveText(item);
    if (t === undefined) return undefined;
    out.push(t);
  }
  return out;
}

export function formatIPv4Dotted(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 255n).toString()).join('.');
}

/** glibc `inet_ntop(AF_INET6)`: longest zero run (first on ties, ≥2) as `::`, embedded IPv4. */
export function formatIPv6Glibc(value: bigint): string {
  const words: number[] = [];
  for (let i = 7; i >= 0; i--) words.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      return out + formatIPv4Dotted(value & ALL4);
    }
    out += (words[i] ?? 0).toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ':';
  return out;
}

export function formatHost(family: Family, value: bigint): string {
  return family === 4 ? formatIPv4Dotted(value) : formatIPv6Glibc(value);
}

/** iptables-save form: `10.0.0.0/8`, `1.2.3.4/32`, `10.0.0.0/255.255.0.255`, `::1/128`. */
export function formatSaveAddress(a: MaskedAddress): string {
  const bits = maskBits(a.family, a.mask);
  const mask = bits === undefined ? formatHost(a.family, a.mask) : String(bits);
  return `${formatHost(a.family, a.address)}/${mask}`;
}

/** `iptables -n -L` form: like save, but a host mask (/32, /128) is not printed. */
export function formatListAddress(a: MaskedAddress): string {
  if (a.mask === allOnes(a.family)) return formatHost(a.family, a.address);
  return formatSaveAddress(a);
}

/** Parses one host (no mask) for target options such as `--on-ip` or `--to-destination`. */
export function parseHostAddress(text: string, family: Family): bigint | undefined {
  return family === 4 ? parseIptablesIPv4(text) : parseIPv6(text);
}

/** A port number or service name we know (see services table), 0..65535. */
export function parsePortNumber(
  text: string,
  services: ReadonlyMap<string, number>,
): number | undefined {
  return parseUint(text, 65535) ?? services.get(text);
}
