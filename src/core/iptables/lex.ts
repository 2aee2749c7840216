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
export function readLine(text: string, start: number, number: number): SourceLine & { readonly next: number } {
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

/** Words of a line without any double quote: plain blank splitting (the common, fast case). */
function splitPlain(line: SourceLine, from: number): LexedLine {
  const tokens: Token[] = [];
  const text = line.text;
  const n = text.length;
  let i = from;
  while (i < n) {
    while (i < n && isBlankCode(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const s = i;
    while (i < n && !isBlankCode(text.charCodeAt(i))) i++;
    tokens.push({ text: text.slice(s, i), start: line.start + s, end: line.start + i, quoted: false });
  }
  return { tokens };
}

/** Reads a quoted run starting after its opening quote; returns the text and where it ended. */
function readQuoted(text: string, from: number): { value: string; next: number; closed: boolean } {
  let value = '';
  let i = from;
  for (;;) {
    const q = text.indexOf('"', i);
    const b = text.indexOf('\\', i);
    if (b >= 0 && (q < 0 || b < q)) {
      value += text.slice(i, b) + text.charAt(b + 1);
      i = Math.min(b + 2, text.length);
      continue;
    }
    if (q < 0) return { value: value + text.slice(i), next: text.length, closed: false };
    return { value: value + text.slice(i, q), next: q + 1, closed: true };
  }
}

/** Splits one line into words; `from` skips a prefix (e.g. a `[p:b]` counter). */
export function tokenizeLine(line: SourceLine, from = 0): LexedLine {
  if (line.text.indexOf('"', from) < 0) return splitPlain(line, from);
  const tokens: Token[] = [];
  const text = line.text;
  const n = text.length;
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
      const run = readQuoted(text, i + 1);
      word += run.value;
      quoted = true;
      i = run.next;
      if (!run.closed) {
        tokens.push({ text: word, start: line.start + wordStart, end: line.start + n, quoted });
        return { tokens, unterminatedQuoteAt: line.start + quoteAt };
      }
    }
    // A closing quote ends the word (`a"b c"d` is `ab c` and `d`).
    tokens.push({ text: word, start: line.start + wordStart, end: line.start + i, quoted });
  }
  return { tokens };
}

function isBareWord(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
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
