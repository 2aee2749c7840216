import type { SourceRange } from '../../shared/source-range.ts';
import { LineIndex } from '../../shared/source-range.ts';

/**
 * One argument as the program would receive it, with where it was written. Quotes and escapes
 * make `value` differ from the source text, so `map` (when present) gives the source offset of
 * every value character plus one past the last, letting a diagnostic point inside a quoted or
 * YAML-escaped token.
 */
export interface ArgToken {
  readonly value: string;
  /** Source offsets of the whole token, quotes included. */
  readonly start: number;
  readonly end: number;
  /** `map[i]` = source offset of `value[i]`; length `value.length + 1`. */
  readonly map?: readonly number[];
  /** False when no character mapping is known (folded YAML): sub-ranges fall back to the token. */
  readonly exact: boolean;
  /** First word of a command line: where `istio-iptables` / `pilot-agent` may be written. */
  readonly commandPosition: boolean;
}

/** A plain token whose value is exactly `text.slice(start, start + value.length)`. */
export function plainToken(value: string, start: number, commandPosition = false): ArgToken {
  return { value, start, end: start + value.length, exact: true, commandPosition };
}

/** Source offsets `[start, end)` of the value characters `[from, to)` of a token. */
export function spanOf(token: ArgToken, from: number, to: number): [number, number] {
  if (!token.exact) return [token.start, token.end];
  const map = token.map;
  if (map === undefined) return [token.start + from, token.start + to];
  const a = map[Math.max(0, Math.min(from, map.length - 1))] ?? token.start;
  if (to <= from) return [a, a];
  const last = map[Math.max(0, Math.min(to - 1, map.length - 1))] ?? a;
  return [a, Math.max(a, last + 1)];
}

/**
 * Source offsets of a token's value from character `from` to the token's end, quotes included:
 * the span of a flag value written inside the flag token (`--x=""`, `-p15001`), or of a whole
 * token when `from` is 0.
 */
export function tailSpanOf(token: ArgToken, from: number): [number, number] {
  if (!token.exact || from <= 0) return [token.start, token.end];
  const before = token.map === undefined ? token.start + from - 1 : token.map[from - 1];
  return [before === undefined ? token.start : before + 1, token.end];
}

/** Builds clamped SourceRanges for one text. */
export class Locator {
  private readonly lines: LineIndex;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }

  range(start: number, end: number): SourceRange {
    const n = this.text.length;
    const s = Math.max(0, Math.min(start, n));
    const e = Math.max(s, Math.min(end, n));
    return this.lines.rangeOf(s, e);
  }

  token(token: ArgToken): SourceRange {
    return this.range(token.start, token.end);
  }

  /** Range of a token from value character `from` to its end (see tailSpanOf). */
  tail(token: ArgToken, from: number): SourceRange {
    const [s, e] = tailSpanOf(token, from);
    return this.range(s, e);
  }

  /** Range of value characters `[from, to)` of a token. */
  part(token: ArgToken, from: number, to: number): SourceRange {
    const [s, e] = spanOf(token, from, to);
    return this.range(s, e);
  }
}

/** `pilot-agent`, `istio-iptables`, `istio-iptables.sh`, or a path ending in one of them. */
const COMMAND_WORD = /^(?:.*\/)?(pilot-agent|istio-iptables(?:\.sh)?)$/;

/**
 * Drops `istio-iptables`, `pilot-agent istio-iptables` (or paths to them) written where a command
 * name goes, since they name the program rather than pass it an argument.
 */
export function dropCommandWords(tokens: readonly ArgToken[]): ArgToken[] {
  const out: ArgToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) continue;
    const m = t.commandPosition ? COMMAND_WORD.exec(t.value) : null;
    if (m === null) {
      out.push(t);
      continue;
    }
    const next = tokens[i + 1];
    if (m[1] === 'pilot-agent' && next !== undefined && next.value === 'istio-iptables') i++;
  }
  return out;
}
