/**
 * The value parsers pflag uses when a flag is set, with Go's error wording, so that our
 * diagnostics read like the message Istio would print before exiting.
 */
export type GoParse<T> = { ok: true; value: T } | { ok: false; error: string };

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go `strconv.ParseBool`. */
export function parseGoBool(text: string): GoParse<boolean> {
  if (TRUE_WORDS.has(text)) return { ok: true, value: true };
  if (FALSE_WORDS.has(text)) return { ok: true, value: false };
  return { ok: false, error: `strconv.ParseBool: parsing ${goQuote(text)}: invalid syntax` };
}

/** Go `strconv.ParseUint(text, 0, bits)`: decimal, `0x`, `0o`, `0b` or leading-zero octal. */
export function parseGoUint(text: string, bits: number): GoParse<bigint> {
  const fail = (why: string): GoParse<bigint> => ({
    ok: false,
    error: `strconv.ParseUint: parsing ${goQuote(text)}: ${why}`,
  });
  const digits = matchBase(text);
  if (digits === undefined) return fail('invalid syntax');
  const value = BigInt(digits);
  return value >= 1n << BigInt(bits) ? fail('value out of range') : { ok: true, value };
}

/** Go `strconv.ParseInt(text, 0, 64)`. */
export function parseGoInt(text: string): GoParse<bigint> {
  const sign = text.startsWith('-') ? -1n : 1n;
  const body = text.startsWith('-') || text.startsWith('+') ? text.slice(1) : text;
  const digits = matchBase(body);
  if (digits === undefined) {
    return { ok: false, error: `strconv.ParseInt: parsing ${goQuote(text)}: invalid syntax` };
  }
  const value = sign * BigInt(digits);
  if (value >= 1n << 63n || value < -(1n << 63n)) {
    return { ok: false, error: `strconv.ParseInt: parsing ${goQuote(text)}: value out of range` };
  }
  return { ok: true, value };
}

/** Returns a `BigInt()`-readable literal, or undefined when Go would say "invalid syntax". */
function matchBase(text: string): string | undefined {
  if (text.length === 0 || text.length > 80) return undefined;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return text;
  if (/^0[bB][01]+$/.test(text)) return text;
  if (/^0[oO][0-7]+$/.test(text)) return `0o${text.slice(2)}`;
  if (/^0[0-7]+$/.test(text)) return `0o${text.slice(1)}`;
  if (/^(0|[1-9][0-9]*)$/.test(text)) return text;
  return undefined;
}

const UNITS = new Set(['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h']);

/** Go `time.ParseDuration` acceptance (value not needed, only whether and why it fails). */
export function parseGoDuration(text: string): GoParse<string> {
  const invalid = (): GoParse<string> => ({
    ok: false,
    error: `time: invalid duration ${goQuote(text)}`,
  });
  let rest = text.replace(/^[-+]/, '');
  if (rest === '0') return { ok: true, value: text };
  if (rest === '') return invalid();
  for (let guard = 0; rest.length > 0 && guard < 1000; guard++) {
    const m = /^([0-9]*)(\.[0-9]*)?/.exec(rest);
    const number = m?.[0] ?? '';
    if (number === '' || number === '.') return invalid();
    rest = rest.slice(number.length);
    const unit = /^[^0-9.]*/.exec(rest)?.[0] ?? '';
    if (unit === '') return { ok: false, error: `time: missing unit in duration ${goQuote(text)}` };
    if (!UNITS.has(unit)) {
      return {
        ok: false,
        error: `time: unknown unit ${goQuote(unit)} in duration ${goQuote(text)}`,
      };
    }
    rest = rest.slice(unit.length);
  }
  return rest.length === 0 ? { ok: true, value: text } : invalid();
}

/** Go's `%q` for the plain strings we quote (JSON escaping is close enough for messages). */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}
