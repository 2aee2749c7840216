import type { NftSetElement } from '../../nftables/model.ts';
import type { NftStatement, NftValue } from '../../nftables/rule-model.ts';
import type { IpFamily } from '../../shared/ip.ts';
import { formatAddress, maskOf, parseCidrLoose } from '../../shared/ip.ts';
import type { ConditionSpec, PacketFact } from '../condition.ts';
import type { Condition } from '../matchers/common.ts';
import { parseU32 } from '../matchers/common.ts';
import { packetStates } from '../matchers/conntrack.ts';
import type { SimPacket } from '../state.ts';

type Match = Extract<NftStatement, { kind: 'match' }>;
type Test = (p: SimPacket) => boolean;
/** A selector read from the packet: its value, or undefined when the kernel breaks (no socket…). */
type Reader = (p: SimPacket) => bigint | string | undefined;

const L4 = { tcp: 6, udp: 17 } as const;
const PROTO_NAMES: Readonly<Record<string, number>> = {
  icmp: 1,
  tcp: 6,
  udp: 17,
  'ipv6-icmp': 58,
  icmpv6: 58,
  sctp: 132,
  udplite: 136,
  dccp: 33,
  gre: 47,
  esp: 50,
  ah: 51,
};

/** Named sets and maps of the rule's table: name → elements as written. */
export type NftSetLookup = (name: string) => readonly NftSetElement[] | undefined;

function valueItems(v: NftValue, sets: NftSetLookup): string[] | undefined {
  if (v.kind === 'map') return undefined;
  const items =
    v.kind === 'set' ? v.items : v.kind === 'ref' ? sets(v.name)?.map((e) => e.key) : [v.text];
  return items?.flatMap((i) => i.split(',')).filter((i) => i !== '');
}

function valueText(m: Match): string {
  const v = m.value;
  const text =
    v.kind === 'single'
      ? v.text
      : v.kind === 'ref'
        ? `@${v.name}`
        : v.kind === 'set'
          ? `{ ${v.items.join(', ')} }`
          : `{ ${v.entries.map((e) => `${e.key} : ${e.value}`).join(', ')} }`;
  return m.mask === undefined ? text : `& ${m.mask} ${text}`;
}

/** One item of a value set as an interval [lo, hi] of the selector's numeric domain. */
type Interval = readonly [bigint, bigint];

function numberInterval(item: string, names: Readonly<Record<string, number>>): Interval | string {
  const range = /^([^-]+)-([^-]+)$/.exec(item);
  const one = (t: string): bigint | undefined => {
    const named = names[t];
    if (named !== undefined) return BigInt(named);
    const n = parseU32(t);
    return n === undefined ? undefined : BigInt(n);
  };
  const lo = one(range ? (range[1] ?? '') : item);
  const hi = range ? one(range[2] ?? '') : lo;
  if (lo === undefined || hi === undefined) return `cannot evaluate value '${item}'`;
  return [lo, hi];
}

function addressInterval(item: string, family: IpFamily): Interval | string {
  const range = /^([^-]+)-([^-]+)$/.exec(item);
  if (range) {
    const a = parseCidrLoose(range[1] ?? '');
    const b = parseCidrLoose(range[2] ?? '');
    if (!a || !b || a.family !== family || b.family !== family)
      return `cannot evaluate address range '${item}'`;
    return [a.address, b.address];
  }
  const cidr = parseCidrLoose(item);
  if (!cidr || cidr.family !== family) return `cannot evaluate address '${item}'`;
  const mask = maskOf(family, cidr.bits);
  const net = cidr.address & mask;
  const width = family === 4 ? 32 : 128;
  return [net, net | (~mask & ((1n << BigInt(width)) - 1n))];
}

function inIntervals(intervals: readonly Interval[], x: bigint): boolean {
  return intervals.some(([lo, hi]) => x >= lo && x <= hi);
}

interface Selector {
  /** Protocol the selector needs (`ip daddr` needs IPv4, `tcp dport` TCP); failing it breaks the rule. */
  readonly needs?: Test;
  readonly read: Reader;
  readonly fact: (p: SimPacket) => PacketFact;
  /** Parses one item of the value set. */
  readonly item: (text: string) => Interval | string;
  /** Compared as a bit set (`ct state`): the packet's value matches when it shares a bit. */
  readonly bits?: true;
}

const family4: Test = (p) => p.family === 4;
const family6: Test = (p) => p.family === 6;
const numberItem =
  (names: Readonly<Record<string, number>> = {}) =>
  (t: string) =>
    numberInterval(t, names);

function addressSelector(family: IpFamily, which: 'src' | 'dst'): Selector {
  return {
    needs: family === 4 ? family4 : family6,
    read: (p) => (which === 'src' ? p.src : p.dst),
    fact: (p) => ({
      field: which,
      value: formatAddress({ family: p.family, value: which === 'src' ? p.src : p.dst }),
    }),
    item: (t) => addressInterval(t, family),
  };
}

function portSelector(proto: 'tcp' | 'udp' | 'th', which: 'sport' | 'dport'): Selector {
  return {
    ...(proto === 'th' ? {} : { needs: (p: SimPacket) => p.proto === proto }),
    read: (p) => BigInt(which === 'sport' ? p.sport : p.dport),
    fact: (p) => ({ field: which, value: String(which === 'sport' ? p.sport : p.dport) }),
    item: numberItem(),
  };
}

const STATE_BITS: Readonly<Record<string, number>> = {
  invalid: 1,
  established: 2,
  related: 4,
  new: 8,
  untracked: 64,
};

function stateBits(p: SimPacket): bigint {
  let bits = 0;
  for (const s of packetStates(p)) bits |= STATE_BITS[s.toLowerCase()] ?? 0;
  return BigInt(bits);
}

const tracked: Test = (p) => p.ct.attached && !p.ct.untracked;

function selectorOf(key: string): Selector | undefined {
  switch (key) {
    case 'ip saddr':
    case 'ip daddr':
      return addressSelector(4, key === 'ip saddr' ? 'src' : 'dst');
    case 'ip6 saddr':
    case 'ip6 daddr':
      return addressSelector(6, key === 'ip6 saddr' ? 'src' : 'dst');
    case 'tcp sport':
    case 'tcp dport':
    case 'udp sport':
    case 'udp dport':
    case 'th sport':
    case 'th dport': {
      const [proto = 'th', which = 'dport'] = key.split(' ');
      return portSelector(proto as 'tcp', which as 'dport');
    }
    case 'meta l4proto':
    case 'ip protocol':
    case 'ip6 nexthdr':
      return {
        ...(key === 'ip protocol'
          ? { needs: family4 }
          : key === 'ip6 nexthdr'
            ? { needs: family6 }
            : {}),
        read: (p) => BigInt(L4[p.proto]),
        fact: (p) => ({ field: 'protocol', value: p.proto }),
        item: numberItem(PROTO_NAMES),
      };
    case 'meta nfproto':
      return {
        read: (p) => BigInt(p.family === 4 ? 2 : 10),
        fact: (p) => ({ field: 'nfproto', value: p.family === 4 ? 'ipv4' : 'ipv6' }),
        item: numberItem({ ipv4: 2, ipv6: 10 }),
      };
    case 'meta mark':
      return {
        read: (p) => BigInt(p.mark),
        fact: (p) => ({ field: 'mark', value: `0x${p.mark.toString(16)}` }),
        item: numberItem(),
      };
    case 'meta skuid':
    case 'meta skgid': {
      const uid = key === 'meta skuid';
      return {
        // No socket (a received packet): the kernel breaks, for `==` and `!=` alike.
        read: (p) => {
          const id = uid ? p.uid : p.gid;
          return id === undefined ? undefined : BigInt(id);
        },
        fact: (p) => ({ field: uid ? 'uid' : 'gid', value: String((uid ? p.uid : p.gid) ?? '') }),
        item: numberItem(),
      };
    }
    case 'iifname':
    case 'oifname': {
      const which = key === 'iifname' ? 'iif' : 'oif';
      return {
        read: (p) => (which === 'iif' ? p.iif : p.oif),
        fact: (p) => ({ field: which, value: which === 'iif' ? p.iif : p.oif }),
        item: () => 'interface',
      };
    }
    case 'ct state':
      return {
        read: stateBits,
        fact: (p) => ({ field: 'ctstate', value: [...packetStates(p)].join(',') }),
        item: numberItem(STATE_BITS),
        bits: true,
      };
    case 'ct mark':
    case 'ct zone': {
      const mark = key === 'ct mark';
      return {
        // No connection (raw, untracked): the kernel breaks.
        read: (p) => (tracked(p) ? BigInt(mark ? p.ct.mark : p.ct.zone) : undefined),
        fact: (p) =>
          mark
            ? { field: 'ctmark', value: `0x${p.ct.mark.toString(16)}` }
            : { field: 'ctzone', value: String(p.ct.zone) },
        item: numberItem(),
      };
    }
    case 'ct direction':
      return {
        // Every simulated packet is in its connection's original direction.
        read: (p) => (tracked(p) ? 0n : undefined),
        fact: (p) => ({ field: 'ctstate', value: [...packetStates(p)].join(',') }),
        item: numberItem({ original: 0, reply: 1 }),
      };
    default:
      return undefined;
  }
}

function interfaceTest(items: readonly string[]): (name: string) => boolean {
  const tests = items.map((pattern) =>
    pattern.endsWith('*')
      ? (n: string) => n.startsWith(pattern.slice(0, -1))
      : (n: string) => n === pattern,
  );
  return (n) => tests.some((t) => t(n));
}

/**
 * A test of a selector's value against items (`{ 53, 15008 }`, `10.0.0.0/8`, `"eth*"`) under an
 * optional mask, or the reason it cannot be evaluated.
 */
export function compileItems(
  key: string,
  items: readonly string[],
  maskText: string | undefined,
): ((x: bigint | string) => boolean) | string {
  const sel = selectorOf(key);
  if (!sel) return `cannot evaluate '${key}' (not simulated)`;
  if (key === 'iifname' || key === 'oifname') {
    const t = interfaceTest(items.map((i) => i.replace(/^"|"$/g, '')));
    return (x) => t(String(x));
  }
  const intervals: Interval[] = [];
  for (const i of items) {
    if (i.includes(' . ')) return `cannot evaluate concatenation '${i}'`;
    const iv = sel.item(i);
    if (typeof iv === 'string') return iv;
    intervals.push(iv);
  }
  const mask = maskText === undefined ? undefined : parseU32(maskText);
  if (maskText !== undefined && mask === undefined) return `cannot evaluate mask '${maskText}'`;
  return (x) => {
    const v = typeof x === 'bigint' ? x : 0n;
    const masked = mask === undefined ? v : v & BigInt(mask);
    if (sel.bits) return intervals.some(([lo]) => (masked & lo) !== 0n);
    return inIntervals(intervals, masked);
  };
}

/**
 * The selector's value of a packet, or undefined when the kernel breaks the rule there: the
 * protocol it needs is not the packet's (`ip daddr` on IPv6), or it has none (`meta skuid`
 * without a socket).
 */
export function compileRead(key: string): ((p: SimPacket) => bigint | string | undefined) | string {
  const sel = selectorOf(key);
  if (!sel) return `cannot evaluate '${key}' (not simulated)`;
  const needs = sel.needs;
  return needs ? (p) => (needs(p) ? sel.read(p) : undefined) : sel.read;
}

/**
 * A match statement (`ip daddr != 127.0.0.1`, `tcp dport { 53, 15008 }`, `meta mark & 0xff 1`,
 * `ip daddr @set`) as a condition, or the reason it cannot be evaluated. As in the kernel, a
 * selector the packet lacks (an IPv6 packet and `ip daddr`, no socket and `meta skuid`) fails
 * `==` and `!=` alike.
 */
export function compileNftMatch(m: Match, sets: NftSetLookup): Condition | string {
  const sel = selectorOf(m.key);
  if (!sel) return `cannot evaluate '${m.key}' (not simulated)`;
  const items = valueItems(m.value, sets);
  if (!items) return `cannot evaluate '${m.key} ${valueText(m)}' (no such set)`;
  const holds = compileItems(m.key, items, m.mask);
  if (typeof holds === 'string') return holds;
  const read = compileRead(m.key) as (p: SimPacket) => bigint | string | undefined;
  const negated = m.op === '!=';
  const spec: ConditionSpec = { match: 'nft', option: m.key, negated, expected: valueText(m) };
  const test = (p: SimPacket): boolean => {
    const x = read(p);
    return x !== undefined && holds(x) !== negated;
  };
  // A protocol dependency that failed is the fact to show (`ip daddr` on an IPv6 packet).
  const actual = (p: SimPacket): PacketFact =>
    !sel.needs || sel.needs(p)
      ? sel.fact(p)
      : m.key.startsWith('ip')
        ? { field: 'nfproto', value: p.family === 4 ? 'ipv4' : 'ipv6' }
        : { field: 'protocol', value: p.proto };
  return { spec, test, actual };
}
