import { formatIPv4 } from '../shared/ip.ts';

/** glibc `inet_ntop` for IPv6 (what nft prints): `::a.b.c.d` for v4-compatible and v4-mapped. */
export function formatIPv6Glibc(value: bigint): string {
  const w: number[] = [];
  for (let i = 7; i >= 0; i--) w.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let best = { base: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i >= 2 && j - i > best.len) best = { base: i, len: j - i };
    i = j;
  }
  const embedded =
    best.base === 0 &&
    (best.len === 6 || (best.len === 7 && w[7] !== 1) || (best.len === 5 && w[5] === 0xffff));
  const parts: string[] = [];
  for (let i = 0; i < 8; i++) {
    if (i === best.base) {
      parts.push(i === 0 ? ':' : '');
      i += best.len - 1;
      if (i === 7) parts.push('');
      continue;
    }
    if (embedded && i === 6) {
      parts.push(formatIPv4(value & 0xffffffffn));
      break;
    }
    parts.push((w[i] ?? 0).toString(16));
  }
  return parts.join(':');
}

/** A 32-bit mark in nft's print form (`0x00000539`); non-numbers stay as written. */
export function formatMark(text: string): string {
  const n = /^(0x[0-9a-f]+|[0-9]+)$/i.test(text) ? Number(text) : NaN;
  return Number.isFinite(n) ? `0x${(n >>> 0).toString(16).padStart(8, '0')}` : text;
}
