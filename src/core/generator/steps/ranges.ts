import { diagnostic, type Diagnostic } from '../../shared/diagnostics.ts';
import { formatCidr, maskOf, parseCidrLoose, parseCidrStrict, type Cidr } from '../../shared/ip.ts';
import { EMPTY_RANGE } from '../../shared/source-range.ts';
import type { EraFeatures } from '../profiles/eras.ts';

/**
 * Splits a comma list the way Istio does: empty items dropped, order and duplicates kept,
 * no trimming. upstream: tools/common/config/types.go — Split.
 */
export function splitList(value: string): string[] {
  return value.split(',').filter((item) => item !== '');
}

/** One family's half of an `-i`/`-x` list. `cidrs` are already in the text the era prints. */
export interface NetworkRange {
  readonly wildcard: boolean;
  readonly cidrs: readonly string[];
  readonly hasLoopback: boolean;
}

export interface SplitRanges {
  readonly v4: NetworkRange;
  readonly v6: NetworkRange;
}

/** `::ffff:a.b.c.d`: the upper 96 bits are 0…0ffff. */
function isV4Mapped(cidr: Cidr): boolean {
  return cidr.family === 6 && cidr.address >> 32n === 0xffffn;
}

/** Go `netip.Addr.IsLoopback` (unmaps v4-in-v6) and `net.IP.IsLoopback` (To4 first) agree on this. */
function isLoopbackCidr(cidr: Cidr): boolean {
  if (cidr.family === 4 || isV4Mapped(cidr)) return (cidr.address & 0xffffffffn) >> 24n === 127n;
  return cidr.address === 1n;
}

/**
 * Go `net.ParseCIDR` + `IPNet.String()`: the network address (host bits cleared), and a
 * v4-mapped IPv6 prefix of /96 or longer prints as plain IPv4 (`To4` succeeds).
 */
function formatNetCidr(cidr: Cidr): { family: 4 | 6; text: string } {
  if (isV4Mapped(cidr) && cidr.bits >= 96) {
    const v4: Cidr = { family: 4, address: cidr.address & 0xffffffffn, bits: cidr.bits - 96 };
    return { family: 4, text: formatCidr({ ...v4, address: v4.address & maskOf(4, v4.bits) }) };
  }
  const network = { ...cidr, address: cidr.address & maskOf(cidr.family, cidr.bits) };
  return { family: cidr.family, text: formatCidr(network) };
}

interface Item {
  readonly family: 4 | 6;
  readonly text: string;
  readonly loopback: boolean;
}

/** Reads one list item in the era's parser, or explains why it was rejected. */
function readItem(item: string, era: EraFeatures): Item | { readonly error: string } {
  switch (era.cidrs) {
    case 'netip': {
      const parsed = parseCidrStrict(item);
      if (!parsed.ok) return { error: parsed.error };
      return {
        family: parsed.cidr.family,
        text: formatCidr(parsed.cidr),
        loopback: isLoopbackCidr(parsed.cidr),
      };
    }
    case 'net': {
      const parsed = parseCidrStrict(item);
      if (!parsed.ok) return { error: `invalid CIDR address: ${item}` };
      const shown = formatNetCidr(parsed.cidr);
      return { family: shown.family, text: shown.text, loopback: isLoopbackCidr(parsed.cidr) };
    }
    case 'shell': {
      const parsed = parseCidrLoose(item);
      if (!parsed) return { error: `not an IPv4 or IPv6 CIDR: ${item}` };
      return { family: parsed.family, text: item, loopback: isLoopbackCidr(parsed) };
    }
  }
}

function rangeOf(items: readonly Item[], family: 4 | 6): NetworkRange {
  const mine = items.filter((i) => i.family === family);
  return {
    wildcard: false,
    cidrs: mine.map((i) => i.text),
    hasLoopback: mine.some((i) => i.loopback),
  };
}

/**
 * Splits an `-i`/`-x` value into IPv4 and IPv6 ranges. `*` is the wildcard for both families.
 * Unreadable items are dropped: an error in the newest era (the run fails upstream), a warning
 * before it ("Ignoring error for bug compatibility with istio-iptables").
 * upstream: capture/run.go — separateV4V6.
 */
export function separateV4V6(
  value: string,
  era: EraFeatures,
  flag: string,
  diagnostics: Diagnostic[],
): SplitRanges {
  if (value === '*') {
    const all: NetworkRange = { wildcard: true, cidrs: [], hasLoopback: false };
    return { v4: all, v6: all };
  }
  const items: Item[] = [];
  for (const raw of splitList(value)) {
    const item = readItem(raw, era);
    if ('error' in item) {
      const fatal = era.badCidr === 'fatal';
      const message = fatal
        ? `--${flag}: ${item.error}`
        : `--${flag}: ignoring error for bug compatibility with istio-iptables: ${item.error}`;
      diagnostics.push(
        diagnostic('bad-cidr', fatal ? 'error' : 'warning', message, EMPTY_RANGE, flag),
      );
      continue;
    }
    items.push(item);
  }
  return { v4: rangeOf(items, 4), v6: rangeOf(items, 6) };
}
