/**
 * iptables-save / iptables-restore / `iptables -S` text → the tables the kernel would hold.
 * Never throws on input: every problem is a located diagnostic and the result is the partial
 * state reached (lines after an error still apply, so the UI keeps as much as possible).
 */
import {
  diagnostic,
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
} from '../shared/diagnostics.ts';
import type { Parsed } from '../shared/result.ts';
import type { SourceRange } from '../shared/source-range.ts';
import type { Family } from './address.ts';
import { applyCommand, MAX_RULES } from './apply-command.ts';
import { createLineTokenizer, readLine, type SourceLine } from './lex.ts';
import {
  TABLE_NAMES,
  type Counters,
  type RuleOrigin,
  type Ruleset,
  type TableName,
} from './model.ts';
import type { Report } from './command-types.ts';
import { parseCommand, type ParsedCommand } from './parse-command.ts';
import { chainNameProblem, RulesetState } from './ruleset-state.ts';
import type { TableState } from './table-state.ts';

export interface ParseIptablesOptions {
  /** 4 (iptables) or 6 (ip6tables); guessed from the text when absent. */
  readonly family?: Family;
  /** Safety cap on the number of rules kept (default 1,000,000); beyond it: `too-many-rules`. */
  readonly maxRules?: number;
  /**
   * Per input line (index = line number − 1), where the command written there came from: each
   * rule it adds carries that `origin` wherever `-I` or later commands move it, so the final
   * positions (what iptables-save lists, what a RuleRef names) know their origin.
   */
  readonly lineOrigins?: readonly (RuleOrigin | undefined)[];
}

const MAX_DIAGNOSTICS = 500;
const COMMAND_WORDS = new Set([
  'iptables',
  'ip6tables',
  'iptables-nft',
  'ip6tables-nft',
  'iptables-legacy',
  'ip6tables-legacy',
]);

/**
 * IPv6 when the text says ip6tables or uses an IPv6 address with -s/-d; IPv4 otherwise.
 *
 * @example
 * guessFamily('-A ISTIO_OUTPUT -o lo -s ::6/128 -j RETURN'); // 6
 */
export function guessFamily(text: string): Family {
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  if (/(^|\s)ip6tables(-restore|-save)?(\s|$)/m.test(sample)) return 6;
  return /\s(-s|-d|--source|--destination|--src|--dst)\s+(!\s+)?[0-9a-fA-F]*:[0-9a-fA-F:.]*(\/\d+)?(\s|$)/.test(
    sample,
  )
    ? 6
    : 4;
}

/** `iptables`, `/sbin/ip6tables`, … leading a shell-style line. */
function isCommandWord(word: string): boolean {
  if (!word.includes('tables')) return false;
  return COMMAND_WORDS.has(word.slice(word.lastIndexOf('/') + 1));
}

function isTableName(name: string): name is TableName {
  return (TABLE_NAMES as readonly string[]).includes(name);
}

function isLeadingBlank(code: number, char: string): boolean {
  return code !== 10 && (code <= 32 || code >= 127) && /\s/.test(char);
}

function isSplitBlank(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 32 || (c >= 9 && c <= 13) || (c >= 128 && /\s/.test(text.charAt(i)));
}

/** `body.slice(1).split(/\s+/)`, first three fields only, without a regex per header. */
function headerFields(body: string): string[] {
  const out: string[] = [];
  const n = body.length;
  let start = 1;
  let i = 1;
  while (out.length < 3) {
    while (i < n && !isSplitBlank(body, i)) i++;
    out.push(body.slice(start, i));
    if (i >= n) break;
    while (i < n && isSplitBlank(body, i)) i++;
    start = i;
  }
  return out;
}

const ZERO_COUNTERS: Counters = { packets: 0n, bytes: 0n };

function digitsEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  return i;
}

/** Decimal digits as a bigint; through a number when exact (3× faster than from the string). */
function counterValue(digits: string): bigint {
  return digits.length <= 15 ? BigInt(Number(digits)) : BigInt(digits);
}

/**
 * A `[packets:bytes]` prefix (`iptables-save -c`) and the blanks after it, read without a regex
 * (every rule line of a counted dump has one).
 */
function counterPrefix(body: string): { counters: Counters; length: number } | undefined {
  const colon = digitsEnd(body, 1);
  if (colon === 1 || body.charCodeAt(colon) !== 58) return undefined;
  const close = digitsEnd(body, colon + 1);
  if (close === colon + 1 || body.charCodeAt(close) !== 93) return undefined;
  let length = close + 1;
  while (length < body.length && isSplitBlank(body, length)) length++;
  const packets = body.slice(1, colon);
  const bytes = body.slice(colon + 1, close);
  const counters =
    packets === '0' && bytes === '0'
      ? ZERO_COUNTERS
      : { packets: counterValue(packets), bytes: counterValue(bytes) };
  return { counters, length };
}

/** Whether any line starts (after blanks, as `trimStart` sees them) with `*`: restore blocks. */
function hasTableBlocks(text: string): boolean {
  for (let start = 0; start < text.length;) {
    let i = start;
    // Printable ASCII is never blank; anything else asks the regex (rare: leading blanks).
    while (i < text.length && isLeadingBlank(text.charCodeAt(i), text.charAt(i))) i++;
    if (text.charCodeAt(i) === 42) return true;
    const end = text.indexOf('\n', i);
    if (end < 0) return false;
    start = end + 1;
  }
  return false;
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

class Parser {
  readonly diagnostics: Diagnostic[] = [];
  readonly state: RulesetState;
  private current: TableState | undefined;
  /** Table of headerless lines without `-t` (filter, unless a transcript said otherwise). */
  private defaultTable: TableName = 'filter';
  private currentHeader: SourceRange | undefined;
  private skipping = false;
  private dropped = 0;

  constructor(
    private readonly text: string,
    family: Family,
    private readonly hasBlocks: boolean,
    maxRules: number,
    private readonly lineOrigins: readonly (RuleOrigin | undefined)[] | undefined,
  ) {
    this.state = new RulesetState(family, maxRules, (range, word) => this.locateWord(range, word));
  }

  readonly report: Report = (code, severity, message, range) =>
    this.add(code, severity, message, range);

  add(code: DiagnosticCode, severity: Severity, message: string, range: SourceRange): void {
    if (this.diagnostics.length < MAX_DIAGNOSTICS)
      this.diagnostics.push(diagnostic(code, severity, message, range));
    else this.dropped++;
  }

  /** The last whole-word `word` inside `range` (a rule's line), for COMMIT-time diagnostics. */
  locateWord(range: SourceRange, word: string): SourceRange {
    const slice = this.text.slice(range.start, range.end);
    let at = slice.lastIndexOf(word);
    while (at > 0 && !/\s/.test(slice.charAt(at - 1))) at = slice.lastIndexOf(word, at - 1);
    if (at < 0 || word === '') return range;
    const start = range.start + at;
    return { start, end: start + word.length, line: range.line, column: range.column + at };
  }

  lineRange(line: SourceLine, from = 0, to = line.text.length): SourceRange {
    return { start: line.start + from, end: line.start + to, line: line.number, column: from + 1 };
  }

  /** Its tokens are reused line after line: nothing keeps a token past its line. */
  private readonly tokenize = createLineTokenizer();
  /** The line being parsed, for `locate` (one closure per parse, not per line). */
  private line: SourceLine = { number: 1, start: 0, text: '' };

  readonly locate = (start: number, end: number): SourceRange => ({
    start,
    end,
    line: this.line.number,
    column: start - this.line.start + 1,
  });

  parseLine(line: SourceLine): void {
    this.line = line;
    const lead = line.text.length - line.text.trimStart().length;
    const body = line.text.slice(lead);
    if (body === '') return;
    if (body.startsWith('#') || body.startsWith('$')) return this.noteListCommand(body);
    if (body.startsWith('*')) return this.startTable(line, lead, body);
    if (body === 'COMMIT' || body.startsWith('COMMIT ') || body.startsWith('COMMIT\t'))
      return this.commit(line, lead);
    if (this.skipping) return;
    if (body.startsWith(':')) return this.chainHeader(line, lead, body);
    this.command(line, lead, body);
  }

  /**
   * A pasted shell transcript names the table of the `iptables -S` output that follows:
   * `# iptables -t nat -S` (or `$ …`, or `root@pod:/# …`) makes headerless lines mean nat.
   */
  noteListCommand(body: string): void {
    if (!body.includes('tables')) return;
    const m =
      /(?:^|\s)ip6?tables(?:-nft|-legacy)?\s(?:.*\s)?(?:-t\s*|--table[= ])(raw|mangle|nat|filter|security)\b/.exec(
        body,
      );
    if (m && /\s(?:-[a-zA-Z]*[SL][a-zA-Z]*|--list(?:-rules)?)(?:\s|$)/.test(body))
      this.defaultTable = m[1] as TableName;
  }

  startTable(line: SourceLine, lead: number, body: string): void {
    const name = body.slice(1).trim().split(/\s+/)[0] ?? '';
    const range = this.lineRange(line, lead);
    if (this.current || this.skipping) {
      this.add(
        'missing-commit',
        'error',
        'COMMIT expected before a new table',
        this.currentHeader ?? range,
      );
      if (this.current) this.state.checkJumps(this.current, this.report);
    }
    this.currentHeader = range;
    if (!isTableName(name)) {
      this.add(
        'unknown-table',
        'error',
        `table '${name}' does not exist (raw, mangle, nat, filter, security)`,
        range,
      );
      this.current = undefined;
      this.skipping = true;
      return;
    }
    this.skipping = false;
    this.current = this.state.resetTable(name);
  }

  commit(line: SourceLine, lead: number): void {
    if (this.current) this.state.checkJumps(this.current, this.report);
    else if (!this.skipping)
      this.add('syntax', 'warning', 'COMMIT outside of a table', this.lineRange(line, lead));
    this.current = undefined;
    this.skipping = false;
    this.currentHeader = undefined;
  }

  chainHeader(line: SourceLine, lead: number, body: string): void {
    const range = this.lineRange(line, lead);
    const table = this.current;
    if (!table)
      return this.add('outside-table', 'error', 'chain header outside of a *table block', range);
    const [rawName = '', policy, counters] = headerFields(body);
    const problem = chainNameProblem(rawName);
    if (problem) return this.add('syntax', 'error', problem, range);
    if (policy === undefined)
      return this.add('syntax', 'error', `chain header :${rawName} has no policy`, range);
    if (counters !== undefined && !/^\[\d+:\d+\]$/.test(counters))
      this.add('bad-number', 'warning', `bad counters ${counters}`, range);
    this.state.touch(table);
    const existing = table.chains.get(rawName);
    if (existing?.builtin) {
      if (policy === 'ACCEPT' || policy === 'DROP') existing.policy = policy;
      else if (policy !== '-')
        this.add('syntax', 'error', `Can't set policy \`${policy}' on \`${rawName}'`, range);
      return;
    }
    if (existing) {
      this.state.ruleCount -= existing.rules.length;
      existing.rules = [];
      existing.texts = [];
      return;
    }
    table.chains.set(rawName, {
      name: rawName,
      builtin: false,
      policy: undefined,
      rules: [],
      texts: [],
      range,
    });
  }

  command(line: SourceLine, lead: number, body: string): void {
    let from = lead;
    const prefix = body.charCodeAt(0) === 91 ? counterPrefix(body) : undefined;
    if (prefix) from += prefix.length;
    const lexed = this.tokenize(line, from);
    if (lexed.unterminatedQuoteAt !== undefined) {
      const at = lexed.unterminatedQuoteAt;
      this.add('unterminated-quote', 'error', 'unterminated quoted string', {
        start: at,
        end: at + 1,
        line: line.number,
        column: at - line.start + 1,
      });
    }
    let tokens = lexed.tokens;
    // Shell noise before the command: a prompt (`root@pod:/#`), `sudo`, `nsenter -t 1 -n`, …
    const first = tokens[0];
    if (first && !first.text.startsWith('-') && !isCommandWord(first.text)) {
      const at = tokens.findIndex((t) => !t.quoted && isCommandWord(t.text));
      if (at > 0) tokens = tokens.slice(at);
    }
    while (tokens[0] && isCommandWord(tokens[0].text)) tokens = tokens.slice(1);
    if (tokens.length === 0) return;
    const range = this.lineRange(line, lead);
    const cmd = parseCommand(
      tokens,
      this.state.family,
      range,
      this.locate,
      this.report,
      prefix?.counters,
    );
    if (cmd.onlyFamily !== undefined && cmd.onlyFamily !== this.state.family) return;
    if (
      (cmd.op === 'S' || cmd.op === 'L') &&
      cmd.table !== undefined &&
      isTableName(cmd.table) &&
      !this.current
    ) {
      this.defaultTable = cmd.table;
      return;
    }
    const table = this.tableFor(cmd.table, cmd.tableRange ?? range, range);
    if (!table) return;
    this.preferSourceText(cmd, line);
    applyCommand(
      {
        state: this.state,
        table,
        report: this.report,
        lineRange: range,
        restoreMode: this.current !== undefined,
        origin: this.lineOrigins?.[line.number - 1],
      },
      cmd,
    );
  }

  /**
   * A dump that already is canonical (iptables-save output) spells each rule exactly as its save
   * text: keep the slice of the input (a view into the text, which stays alive anyway) instead of
   * the flat copy the parser assembled — about 10 MB less for a kube-proxy dump.
   */
  private preferSourceText(cmd: ParsedCommand, line: SourceLine): void {
    const texts = cmd.texts;
    const chainEnd = cmd.chainRange?.end;
    if (cmd.op !== 'A' || texts?.length !== 1 || chainEnd === undefined) return;
    const known = texts[0] ?? '';
    const lineEnd = line.start + line.text.length;
    if (lineEnd - chainEnd !== known.length) return;
    const source = this.text.slice(chainEnd, lineEnd);
    // The array is this command's own (buildRules made it for this line).
    if (source === known) (texts as string[])[0] = source;
  }

  tableFor(
    name: string | undefined,
    nameRange: SourceRange,
    lineRange: SourceRange,
  ): TableState | undefined {
    if (this.current) {
      if (name !== undefined)
        this.add('syntax', 'error', 'The -t option cannot be used in iptables-restore', nameRange);
      return this.current;
    }
    if (this.hasBlocks)
      this.add('outside-table', 'error', 'command outside of a *table … COMMIT block', lineRange);
    const tableName = name ?? this.defaultTable;
    if (!isTableName(tableName)) {
      this.add('unknown-table', 'error', `table '${tableName}' does not exist`, nameRange);
      return undefined;
    }
    return this.state.table(tableName);
  }

  finish(): void {
    const end = this.text.length;
    if (this.current || this.skipping) {
      this.add(
        'missing-commit',
        'error',
        'COMMIT expected at end of input',
        this.currentHeader ?? { start: end, end, line: 1, column: 1 },
      );
    }
    if (this.current) this.state.checkJumps(this.current, this.report);
    // Shell-style input has no COMMIT: its tables are checked once, at the end.
    if (!this.hasBlocks)
      for (const name of TABLE_NAMES) this.state.checkJumps(this.state.table(name), this.report);
    if (this.dropped > 0) {
      this.diagnostics.push(
        diagnostic('syntax', 'info', `${this.dropped} more problems not shown`, {
          start: end,
          end,
          line: 1,
          column: 1,
        }),
      );
    }
  }
}

/**
 * Parses iptables-save / iptables-restore text (or `iptables -S` lines, or `iptables …` shell
 * lines) into the ruleset the kernel would hold after loading it into an empty namespace.
 *
 * @example
 * const { value, diagnostics } = parseIptables('*nat\n:ISTIO_REDIRECT - [0:0]\n' +
 *   '-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001\nCOMMIT\n');
 * value.tables[0]?.chains.find((c) => c.name === 'ISTIO_REDIRECT')?.rules.length; // 1
 * diagnostics.length; // 0
 */
export function parseIptables(text: string, options: ParseIptablesOptions = {}): Parsed<Ruleset> {
  const family = options.family ?? guessFamily(text);
  const hasBlocks = hasTableBlocks(text);
  const parser = new Parser(
    text,
    family,
    hasBlocks,
    options.maxRules ?? MAX_RULES,
    options.lineOrigins,
  );
  if (looksBinary(text)) {
    parser.add('binary-input', 'error', 'this looks like binary data, not iptables text', {
      start: 0,
      end: 0,
      line: 1,
      column: 1,
    });
  }
  // Lines are read one at a time: 100k line objects alive at once were pure GC work.
  for (let start = 0, number = 1; start <= text.length; number++) {
    const line = readLine(text, start, number);
    parser.parseLine(line);
    start = line.next;
  }
  parser.finish();
  return { value: parser.state.freeze(), diagnostics: parser.diagnostics };
}
