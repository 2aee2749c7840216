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

/** Splits text into lines; a trailing `\r` (CRLF files) is not part of the line. */
export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  let number = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let lineText = text.slice(start, end);
    if (lineText.endsWith('\r')) lineText = lineText.slice(0, -1);
    lines.push({ number, start, text: lineText });
    number += 1;
    start = end + 1;
  }
  return lines;
}

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '\r';
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

/** Splits one line into words; `from` skips a prefix (e.g. a `[p:b]` counter). */
export function tokenizeLine(line: SourceLine, from = 0): LexedLine {
  if (line.text.indexOf('"', from) < 0) return splitPlain(line, from);
  const tokens: Token[] = [];
  const text = line.text;
  let buf = '';
  let wordStart = -1;
  let quoteOpen = false;
  let quoteAt = -1;
  let quoted = false;
  let escaped = false;
  const flush = (end: number) => {
    if (buf.length > 0 || quoted) {
      tokens.push({ text: buf, start: line.start + wordStart, end: line.start + end, quoted });
    }
    buf = '';
    wordStart = -1;
    quoted = false;
  };
  for (let i = from; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoteOpen) {
      if (escaped) {
        buf += ch;
        escaped = false;
      } else if (ch === '\\') {
        escaped = true;
      } else if (ch === '"') {
        quoteOpen = false;
        flush(i + 1);
      } else {
        buf += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (wordStart < 0) wordStart = i;
      quoteOpen = true;
      quoteAt = i;
      quoted = true;
      continue;
    }
    if (isBlank(ch)) {
      if (wordStart >= 0) flush(i);
      continue;
    }
    if (wordStart < 0) wordStart = i;
    buf += ch;
  }
  if (wordStart >= 0) flush(text.length);
  return quoteOpen ? { tokens, unterminatedQuoteAt: line.start + quoteAt } : { tokens };
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
