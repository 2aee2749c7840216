import type { Diagnostic } from '../../shared/diagnostics.ts';
import { diagnostic } from '../../shared/diagnostics.ts';
import type { ArgToken, Locator } from './tokens.ts';

/** Words of a pasted shell command line, with where each character came from. */
export interface ShellWords {
  readonly tokens: readonly ArgToken[];
  readonly diagnostics: readonly Diagnostic[];
}

const COMMANDISH = /^(?:sudo\s+)?(?:\S*\/)?(?:pilot-agent|istio-iptables)|^-/;

/**
 * Splits text into words the way a POSIX shell would for a simple command: blanks separate
 * words, single quotes are literal, double quotes honour `\"`, `\\`, `\$`, `` \` `` and
 * `\`-newline, a backslash outside quotes escapes the next character, `\`-newline continues the
 * line and `#` at the start of a word starts a comment. Pasted listings are welcome: a `$ ` or
 * `% ` prompt, or a root `# ` prompt followed by a command, is skipped at the start of a line.
 * Expansions (`$VAR`, globs) are not performed: `*` stays `*` as the user meant.
 *
 * @example
 * splitShellWords(`istio-iptables -x "" -b '*'`, loc).tokens.map((t) => t.value);
 * // ['istio-iptables', '-x', '', '-b', '*']
 */
export function splitShellWords(text: string, loc: Locator): ShellWords {
  const tokens: ArgToken[] = [];
  const diagnostics: Diagnostic[] = [];
  const n = text.length;
  let i = 0;
  let lineStart = true;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
    } else if (c === '\n') {
      lineStart = true;
      i++;
    } else if (c === '\\' && continuation(text, i) > 0) {
      i += continuation(text, i);
    } else if (lineStart && isPrompt(text, i)) {
      i++;
    } else if (c === '#') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol;
    } else {
      const word = readWord(text, i, loc, diagnostics, lineStart);
      tokens.push(word);
      i = word.end;
      lineStart = false;
    }
  }
  return { tokens, diagnostics };
}

/** `$ `, `% ` or `# ` (followed by a command) at the start of a line is a pasted prompt. */
function isPrompt(text: string, i: number): boolean {
  const c = text[i];
  const next = text[i + 1];
  if (next !== ' ' && next !== '\t') return false;
  if (c === '$' || c === '%') return true;
  if (c !== '#') return false;
  const eol = text.indexOf('\n', i);
  const rest = text.slice(i + 2, eol < 0 ? text.length : eol).trimStart();
  return COMMANDISH.test(rest);
}

function readWord(
  text: string,
  start: number,
  loc: Locator,
  diagnostics: Diagnostic[],
  commandPosition: boolean,
): ArgToken {
  const n = text.length;
  const plainEnd = scanPlain(text, start);
  if (plainEnd >= n || WORD_END.test(text[plainEnd] ?? '')) {
    return {
      value: text.slice(start, plainEnd),
      start,
      end: plainEnd,
      exact: true,
      commandPosition,
    };
  }
  const chars: string[] = [];
  const map: number[] = [];
  const take = (at: number): void => {
    chars.push(text[at] ?? '');
    map.push(at);
  };
  let i = start;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') break;
    if (c === '\\') {
      if (continuation(text, i) > 0) i += continuation(text, i);
      else if (i + 1 < n) {
        take(i + 1);
        i += 2;
      } else {
        take(i);
        i++;
      }
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 ? n : close;
      for (let j = i + 1; j < stop; j++) take(j);
      if (close < 0) diagnostics.push(unterminated(loc, i, "'"));
      i = close < 0 ? n : close + 1;
    } else if (c === '"') {
      i = readDoubleQuoted(text, i, take, loc, diagnostics);
    } else {
      take(i);
      i++;
    }
  }
  map.push(i);
  return { value: chars.join(''), start, end: i, map, exact: true, commandPosition };
}

/** Length of a line continuation (backslash, then LF or CRLF) at `i`, else 0. */
function continuation(text: string, i: number): number {
  if (text[i + 1] === '\n') return 2;
  return text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 0;
}

const WORD_END = /[ \t\n\r\f\v]/;

/** End of the run of characters that need no unquoting (most words: flags, ports, CIDRs). */
function scanPlain(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // space, tab, newline, CR, FF, VT, quotes and backslash end the plain run
    if (c === 32 || (c >= 9 && c <= 13) || c === 39 || c === 34 || c === 92) break;
    i++;
  }
  return i;
}

/** Reads `"…"` starting at the opening quote; returns the offset after the closing quote. */
function readDoubleQuoted(
  text: string,
  open: number,
  take: (at: number) => void,
  loc: Locator,
  diagnostics: Diagnostic[],
): number {
  const n = text.length;
  let i = open + 1;
  while (i < n) {
    const c = text[i];
    if (c === '"') return i + 1;
    if (c === '\\' && continuation(text, i) > 0) {
      i += continuation(text, i);
    } else if (c === '\\' && i + 1 < n && '$`"\\'.includes(text[i + 1] ?? '')) {
      take(i + 1);
      i += 2;
    } else {
      take(i);
      i++;
    }
  }
  diagnostics.push(unterminated(loc, open, '"'));
  return n;
}

function unterminated(loc: Locator, at: number, quote: string): Diagnostic {
  const kind = quote === '"' ? 'double' : 'single';
  return diagnostic(
    'unterminated-quote',
    'error',
    `unterminated ${kind} quote: the ${quote} here is never closed, so the rest of the input became one argument`,
    loc.range(at, at + 1),
  );
}
