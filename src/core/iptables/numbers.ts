/**
 * Number parsing with C `strtoul` semantics, which iptables uses everywhere (xtables_strtoui):
 * base 0 accepts `0x` hex and leading-zero octal, a leading minus is refused.
 */

export const UINT32_MAX = 0xffffffff;
export const UINT16_MAX = 0xffff;

export interface PrefixNumber {
  readonly value: number;
  /** Unparsed remainder of the text. */
  readonly rest: string;
}

/** Parses the longest numeric prefix (after optional blanks and `+`); undefined if none. */
export function parseUintPrefix(text: string, base: 0 | 10 | 16 = 0): PrefixNumber | undefined {
  let i = 0;
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  if (text.charAt(i) === '-') return undefined;
  if (text.charAt(i) === '+') i++;
  let radix: number = base === 0 ? 10 : base;
  if ((base === 0 || base === 16) && /^0[xX][0-9a-fA-F]/.test(text.slice(i))) {
    radix = 16;
    i += 2;
  } else if (base === 0 && text.charAt(i) === '0') {
    radix = 8;
  }
  const digits = radix === 16 ? /^[0-9a-fA-F]+/ : radix === 8 ? /^[0-7]+/ : /^[0-9]+/;
  const m = digits.exec(text.slice(i));
  if (!m) return undefined;
  const value = parseInt(m[0], radix);
  if (!Number.isSafeInteger(value)) return undefined;
  return { value, rest: text.slice(i + m[0].length) };
}

/** Plain decimal without a leading zero (the common case), or -1. */
function simpleDecimal(text: string): number {
  const n = text.length;
  if (n === 0 || n > 15 || (n > 1 && text.charCodeAt(0) === 48)) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Whole-string unsigned number in `[min, max]`, C base-0 rules; undefined otherwise. */
export function parseUint(
  text: string,
  max: number,
  min = 0,
  base: 0 | 10 | 16 = 0,
): number | undefined {
  if (base !== 16) {
    const fast = simpleDecimal(text);
    if (fast >= 0) return fast < min || fast > max ? undefined : fast;
  }
  const p = parseUintPrefix(text, base);
  if (!p || p.rest !== '' || p.value < min || p.value > max) return undefined;
  return p.value;
}

/** `0x539` */
export function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

/** `value[/mask]` as iptables' xtables_parse_mark_mask reads it (mask defaults to all ones). */
export function parseMarkMask(text: string): { value: number; mask: number } | undefined {
  const p = parseUintPrefix(text);
  if (!p || p.value > UINT32_MAX) return undefined;
  if (p.rest === '') return { value: p.value, mask: UINT32_MAX };
  if (!p.rest.startsWith('/')) return undefined;
  const mask = parseUint(p.rest.slice(1), UINT32_MAX);
  return mask === undefined ? undefined : { value: p.value, mask };
}

/** `0x539` or `0x10/0x10`: the mark/connmark match form (mask omitted when all ones). */
export function formatMarkMask(value: number, mask: number): string {
  return mask === UINT32_MAX ? hex(value) : `${hex(value)}/${hex(mask)}`;
}

/**
 * C `printf("%.Nf")` of `numerator / 2^shift`, exact and round-half-even like glibc (JS
 * `toFixed` rounds exact ties up, which differs for values such as 2^-12).
 */
export function formatFixedBinaryFraction(
  numerator: number,
  shift: number,
  digits: number,
): string {
  const scale = 10n ** BigInt(digits);
  const num = BigInt(numerator) * scale;
  const den = 1n << BigInt(shift);
  let q = num / den;
  const r = num % den;
  if (r * 2n > den || (r * 2n === den && q % 2n === 1n)) q += 1n;
  const whole = q / scale;
  const frac = (q % scale).toString().padStart(digits, '0');
  return `${whole}.${frac}`;
}
