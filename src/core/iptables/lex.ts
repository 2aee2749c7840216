/**
 * Line and word splitting exactly as `iptables-restore` does it (xshared.c `add_param_to_argv`):
 * words split on blanks; a double quote opens a quoted run anywhere in a word and the closing
 * quote ends the word (`a"b c"d` is `ab c` and `d`); inside quotes a backslash escapes the next
 * character; single quotes are ordinary characters; `""` yields an empty word.
 */

/** One word of a command line, with its offsets in the whole text. */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Whether any part of the word was inside double quotes. */
  readonly quoted: boolean;
}

/** One physical line of the input (without its line break). */
export interface SourceLine {
  /** 1-based. */
  readonly number: number;
  readonly start: number;
  readonly text: string;
}

export interface LexedLine {
  readonly tokens: readonly Token[];
  /** Offset of a quote that was never closed, if any. */
  readonly unterminatedQuoteAt?: number;
}

/** The line starting at `start` (number `number`), and where the next one starts. */
export function readLine(
  text: string,
  start: number,
  number: number,
): SourceLine & { readonly next: number } {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  const textEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
  return { number, start, text: text.slice(start, textEnd), next: end + 1 };
}

/** Splits text into lines; a trailing `\r` (CRLF files) is not part of the line. */
export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  for (let start = 0, number = 1; start <= text.length; number++) {
    const line = readLine(text, start, number);
    lines.push({ number, start, text: line.text });
    start = line.next;
  }
  return lines;
}

function isBlankCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

type MutableToken = { -readonly [K in keyof Token]: Token[K] };

/**
 * Token objects for one line at a time. A `reuse` sink hands the same objects out again on the
 * next line: the parser needs a line's words only while it parses that line, and a 100k-rule dump
 * otherwise makes 1.4M short-lived token objects (each one garbage-collector work).
 */
class TokenSink {
  private readonly pool: MutableToken[] = [];
  private count = 0;

  constructor(private readonly reuse: boolean) {}

  reset(): void {
    this.count = 0;
    if (!this.reuse) this.pool.length = 0;
  }

  add(text: string, start: number, end: number, quoted: boolean): void {
    const t = this.pool[this.count];
    if (t) {
      t.text = text;
      t.start = start;
      t.end = end;
      t.quoted = quoted;
    } else {
      this.pool.push({ text, start, end, quoted });
    }
    this.count++;
  }

  /** This line's tokens (an exact-size array; the objects are reused when `reuse`). */
  tokens(): readonly Token[] {
    return this.pool.slice(0, this.count);
  }
}

/** Words of a line without any double quote: plain blank splitting (the common, fast case). */
function splitPlain(line: SourceLine, from: number, sink: TokenSink): LexedLine {
  const text = line.text;
  const n = text.length;
  let i = from;
  while (i < n) {
    while (i < n && isBlankCode(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const s = i;
    while (i < n && !isBlankCode(text.charCodeAt(i))) i++;
    sink.add(text.slice(s, i), line.start + s, line.start + i, false);
  }
  return { tokens: sink.tokens() };
}

/**
 * Reads a quoted run starting after its opening quote; returns the text and where it ended.
 * `backslash` caches the next `\\` at or after a position (-1: none left), so a line of many
 * short quoted runs is read in linear time, not rescanned to its end per run.
 */
function readQuoted(
  text: string,
  from: number,
  backslash: { at: number },
): { value: string; next: number; closed: boolean } {
  let value = '';
  let i = from;
  for (;;) {
    const q = text.indexOf('"', i);
    if (backslash.at >= 0 && backslash.at < i) backslash.at = text.indexOf('\\', i);
    const b = backslash.at;
    if (b >= 0 && (q < 0 || b < q)) {
      value += text.slice(i, b) + text.charAt(b + 1);
      i = Math.min(b + 2, text.length);
      continue;
    }
    if (q < 0) return { value: value + text.slice(i), next: text.length, closed: false };
    return { value: value + text.slice(i, q), next: q + 1, closed: true };
  }
}

function splitQuoted(line: SourceLine, from: number, sink: TokenSink): LexedLine {
  const text = line.text;
  const n = text.length;
  const backslash = { at: text.indexOf('\\', from) };
  let i = from;
  while (i < n) {
    while (i < n && isBlankCode(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const wordStart = i;
    while (i < n && !isBlankCode(text.charCodeAt(i)) && text.charCodeAt(i) !== 34) i++;
    // Words are built from slices, not char by char (kube-proxy dumps quote every comment).
    let word = text.slice(wordStart, i);
    let quoted = false;
    if (i < n && text.charCodeAt(i) === 34) {
      const quoteAt = i;
      const run = readQuoted(text, i + 1, backslash);
      word += run.value;
      quoted = true;
      i = run.next;
      if (!run.closed) {
        sink.add(word, line.start + wordStart, line.start + n, quoted);
        return { tokens: sink.tokens(), unterminatedQuoteAt: line.start + quoteAt };
      }
    }
    // A closing quote ends the word (`a"b c"d` is `ab c` and `d`).
    sink.add(word, line.start + wordStart, line.start + i, quoted);
  }
  return { tokens: sink.tokens() };
}

function tokenizeWith(line: SourceLine, from: number, sink: TokenSink): LexedLine {
  sink.reset();
  return line.text.indexOf('"', from) < 0
    ? splitPlain(line, from, sink)
    : splitQuoted(line, from, sink);
}

/** Splits one line into words; `from` skips a prefix (e.g. a `[p:b]` counter). */
export function tokenizeLine(line: SourceLine, from = 0): LexedLine {
  return tokenizeWith(line, from, new TokenSink(false));
}

/**
 * `tokenizeLine` for a parser that is done with a line's words before it reads the next line:
 * each call overwrites the tokens the previous call returned.
 *
 * @example
 * const next = createLineTokenizer();
 * next({ number: 1, start: 0, text: '-A X -j Y' }).tokens.length; // 4
 */
export function createLineTokenizer(): (line: SourceLine, from?: number) => LexedLine {
  const sink = new TokenSink(true);
  return (line, from = 0) => tokenizeWith(line, from, sink);
}

function isBareWord(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const ok =
      (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
    if (!ok) return false;
  }
  return true;
}

/**
 * How iptables-save prints a free-text value (xtables_save_string): bare when it is only
 * `[A-Za-z0-9_-]`, otherwise in double quotes with `"`, `\` and `'` backslash-escaped.
 *
 * @example
 * quoteSaveString('hello');      // 'hello'
 * quoteSaveString('kube/x: y');  // '"kube/x: y"'
 */
export function quoteSaveString(value: string): string {
  if (isBareWord(value)) return value;
  return `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** Quotes a word for an iptables-restore line only when it would not survive re-splitting. */
export function quoteRestoreWord(value: string): string {
  if (value.length > 0 && !/[\s"\\]/.test(value)) return value;
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
