/**
 * One iptables command line (argv after `iptables`/inside a restore table block) → a command
 * with its rule spec. Emulates iptables' getopt_long parsing: `!` before an option inverts it,
 * extension options go to the newest loaded extension that has them, an unknown option after
 * `-p tcp` loads the `tcp` match implicitly, and `-s a,b` yields one rule per address.
 */
import type { DiagnosticCode, Severity } from '../shared/diagnostics.ts';
import type { SourceRange } from '../shared/source-range.ts';
import { findShortOption, lookupLongOption, type BaseOption } from './base-options.ts';
import { resolveOption } from './extensions/types.ts';
import type { Family } from './address.ts';
import { isInstalledMatch } from './extensions/installed.ts';
import { findMatch, findTarget, implicitMatchFor } from './extensions/registry.ts';
import type { Token } from './lex.ts';
import type { Rule } from './model.ts';
import { parseUint } from './numbers.ts';
import { parseProtocol as parseProtocolText } from './protocol.ts';
import { buildRules, type RuleDraft } from './rule-draft.ts';

/** The command letters iptables-restore understands. */
export type CommandOp = 'A' | 'I' | 'D' | 'R' | 'N' | 'X' | 'F' | 'Z' | 'P' | 'E' | 'C' | 'L' | 'S';

export interface ParsedCommand {
  readonly op: CommandOp | undefined;
  readonly opRange: SourceRange | undefined;
  readonly chain: string | undefined;
  readonly chainRange: SourceRange | undefined;
  readonly position: number | undefined;
  readonly positionRange: SourceRange | undefined;
  /** `-P CHAIN POLICY` policy, `-E OLD NEW` new name. */
  readonly extra: string | undefined;
  readonly extraRange: SourceRange | undefined;
  readonly table: string | undefined;
  readonly tableRange: SourceRange | undefined;
  /** `-4`/`-6`: the line applies to one family only. */
  readonly onlyFamily: Family | undefined;
  /** Rules of the rule spec (one per source × destination address). */
  readonly rules: readonly Rule[];
  /** Their iptables-save texts, when the parser could assemble them (same order). */
  readonly texts: readonly string[] | undefined;
}

export type Report = (code: DiagnosticCode, severity: Severity, message: string, range: SourceRange) => void;

const RULE_OPS = new Set<CommandOp>(['A', 'I', 'D', 'R', 'C']);

/** Command-level state while walking the words. */
interface CommandState {
  op?: CommandOp;
  opRange?: SourceRange;
  chain?: string;
  chainRange?: SourceRange;
  position?: number;
  positionRange?: SourceRange;
  extra?: string;
  extraRange?: SourceRange;
  table?: string;
  tableRange?: SourceRange;
  onlyFamily?: Family;
}

/** An option argument: the word, and whether it came with an old-style `!` before it. */
type ArgResult = { text: string; negated: boolean; token: Token } | undefined;

/** Walks the words of one command line; a class so no closures are created per line. */
class CommandParser implements BaseEnv {
  readonly cmd: CommandState = {};
  readonly draft: RuleDraft;
  private invert: Token | undefined;
  private i = 0;

  constructor(
    private readonly tokens: readonly Token[],
    readonly family: Family,
    private readonly locate: (start: number, end: number) => SourceRange,
    readonly report: Report,
  ) {
    this.draft = { loaded: [], unparsed: [], family };
  }

  at(t: Token): SourceRange {
    return this.locate(t.start, t.end);
  }

  peek(): Token | undefined {
    return this.tokens[this.i];
  }

  skip(): void {
    this.i++;
  }

  private next(): Token | undefined {
    return this.tokens[this.i++];
  }

  run(): void {
    while (this.i < this.tokens.length) {
      const token = this.next();
      if (!token) break;
      const text = token.text;
      if (text === '!' && !token.quoted) {
        if (this.invert) this.report('syntax', 'error', 'multiple consecutive ! not allowed', this.at(token));
        this.invert = token;
      } else if (text.startsWith('--') && text.length > 2 && !token.quoted) {
        const eq = text.indexOf('=');
        this.handleLong(eq < 0 ? text.slice(2) : text.slice(2, eq), eq < 0 ? undefined : text.slice(eq + 1), token);
      } else if (text.startsWith('-') && text.length > 1 && !token.quoted) {
        this.handleShortCluster(token);
      } else {
        this.report('syntax', 'error', `Bad argument \`${text}'`, this.at(token));
        this.draft.unparsed.push(text);
      }
    }
    if (this.invert) this.report('syntax', 'error', '"!" must be followed by an option', this.at(this.invert));
  }

  /** The option's argument: attached (`--opt=v`, `-pTCP`) or the next word. */
  argOf(attached: string | undefined, token: Token, allowOldNegation: boolean): ArgResult {
    return attached !== undefined ? { text: attached, negated: false, token } : this.takeArg(token, allowOldNegation);
  }

  private takeArg(opt: Token, allowOldNegation: boolean): ArgResult {
    let t = this.next();
    let negated = false;
    if (t && t.text === '!' && !t.quoted && allowOldNegation) {
      this.report('syntax', 'error', `old-style negation "${opt.text} ! …": iptables 1.8 refuses it (read here as "! ${opt.text} …")`, this.at(t));
      negated = true;
      t = this.next();
    }
    if (!t) {
      this.report('syntax', 'error', `option "${opt.text}" requires an argument`, this.at(opt));
      return undefined;
    }
    return { text: t.text, negated, token: t };
  }

  private handleBase(opt: BaseOption, token: Token, attached: string | undefined): void {
    const invToken = this.invert;
    this.invert = undefined;
    if (invToken && !'sdpiof'.includes(opt.short)) this.report('syntax', 'error', `cannot have ! before ${token.text}`, this.at(invToken));
    handleBaseOption(opt, token, invToken !== undefined, attached, this);
  }

  private handleShortCluster(token: Token): void {
    const letters = token.text.slice(1);
    for (let k = 0; k < letters.length; k++) {
      const letter = letters.charAt(k);
      const opt = findShortOption(letter);
      if (!opt) {
        this.report('unknown-option', 'error', `unknown option "-${letter}"`, this.at(token));
        this.draft.unparsed.push(token.text);
        return;
      }
      const rest = letters.slice(k + 1);
      if (opt.args === 1 && rest !== '') {
        this.handleBase(opt, token, rest);
        return;
      }
      this.handleBase(opt, token, undefined);
    }
  }

  private handleLong(written: string, attached: string | undefined, token: Token): void {
    let found = lookupLongOption(written, this.draft.loaded);
    if (found.kind === 'unknown' && this.loadImplicit(written)) found = lookupLongOption(written, this.draft.loaded);
    if (found.kind === 'ambiguous') {
      this.report('unknown-option', 'error', `option "--${written}" is ambiguous`, this.at(token));
      this.draft.unparsed.push(token.text);
      return;
    }
    if (found.kind === 'base') {
      this.handleBase(found.option, token, attached);
      return;
    }
    const negated = this.invert !== undefined;
    this.invert = undefined;
    if (found.kind === 'unknown') {
      this.attachUnknown(written, attached, token, negated);
      return;
    }
    const ext = this.draft.loaded[found.index];
    if (!ext) return;
    const args: string[] = attached === undefined ? [] : [attached];
    let oldNegation = false;
    while (args.length < found.option.args) {
      const t = this.next();
      if (!t) {
        this.report('syntax', 'error', `option "--${found.option.name}" requires ${found.option.args} argument(s)`, this.at(token));
        break;
      }
      if (args.length === 0 && t.text === '!' && !t.quoted && found.option.negatable) {
        this.report('syntax', 'error', `old-style negation "--${written} ! …": iptables 1.8 refuses it (read here as "! --${written} …")`, this.at(t));
        oldNegation = true;
        continue;
      }
      args.push(t.text);
    }
    ext.options.push({ option: { name: found.option.name, negated: negated || oldNegation, args }, token });
  }

  private loadImplicit(written: string): boolean {
    const proto = this.draft.protocol;
    if (proto === undefined) return false;
    const name = implicitMatchFor(proto.number, this.family);
    const spec = name === undefined ? undefined : findMatch(name, this.family);
    if (!spec || resolveOption(spec, written) === undefined) return false;
    this.draft.loaded.push({ spec, name: spec.name, kind: 'match', implicit: true, options: [], token: undefined });
    return true;
  }

  private attachUnknown(written: string, attached: string | undefined, token: Token, negated: boolean): void {
    const args: string[] = attached === undefined ? [] : [attached];
    while (attached === undefined && this.i < this.tokens.length) {
      const t = this.tokens[this.i];
      if (!t || ((t.text.startsWith('-') || t.text === '!') && !t.quoted && t.text !== '-')) break;
      args.push(t.text);
      this.i++;
    }
    let owner: RuleDraft['loaded'][number] | undefined;
    for (let k = this.draft.loaded.length - 1; k >= 0 && !owner; k--) if (this.draft.loaded[k]?.spec === undefined) owner = this.draft.loaded[k];
    if (owner) {
      owner.options.push({ option: { name: written, negated, args }, token });
      return;
    }
    this.report('unknown-option', 'error', `unknown option "--${written}"`, this.at(token));
    this.draft.unparsed.push(`${negated ? '! ' : ''}--${written}`, ...args);
  }
}

/**
 * Parses the words of one command. `locate` turns raw offsets into line/column ranges (only
 * called for diagnostics and command positions, so big inputs allocate little).
 *
 * @example
 * // tokens of `-A OUTPUT -p tcp --dport 80 -j ACCEPT` → one rule with an implicit tcp match
 */
export function parseCommand(
  tokens: readonly Token[],
  family: Family,
  lineRange: SourceRange,
  locate: (start: number, end: number) => SourceRange,
  report: Report,
): ParsedCommand {
  const parser = new CommandParser(tokens, family, locate, report);
  parser.run();
  const { cmd, draft } = parser;
  // `-4`/`-6` lines of the other family are skipped before their addresses are even read.
  const skipped = cmd.onlyFamily !== undefined && cmd.onlyFamily !== family;
  const built = RULE_OPS.has(cmd.op ?? 'L') && !skipped ? buildRules(draft, lineRange, parser, report) : { rules: [], texts: undefined };
  return {
    op: cmd.op,
    opRange: cmd.opRange,
    chain: cmd.chain,
    chainRange: cmd.chainRange,
    position: cmd.position,
    positionRange: cmd.positionRange,
    extra: cmd.extra,
    extraRange: cmd.extraRange,
    table: cmd.table,
    tableRange: cmd.tableRange,
    onlyFamily: cmd.onlyFamily,
    rules: built.rules,
    texts: built.texts,
  };
}

interface BaseEnv {
  readonly cmd: CommandState;
  readonly draft: RuleDraft;
  readonly family: Family;
  readonly report: Report;
  at(t: Token): SourceRange;
  peek(): Token | undefined;
  skip(): void;
  argOf(attached: string | undefined, token: Token, allowOldNegation: boolean): ArgResult;
}


function setCommand(env: BaseEnv, op: CommandOp, token: Token, chain: { text: string; token: Token } | undefined) {
  if (env.cmd.op !== undefined) {
    env.report('syntax', 'error', `Cannot use -${op} with -${env.cmd.op}`, env.at(token));
    return;
  }
  env.cmd.op = op;
  env.cmd.opRange = env.at(token);
  if (chain) {
    env.cmd.chain = chain.text;
    env.cmd.chainRange = env.at(chain.token);
  }
}

/** Takes the optional chain / number that follow `-F`, `-I CHAIN`, … when the next word is not an option. */
function takeOptionalWord(env: BaseEnv): Token | undefined {
  const t = env.peek();
  if (!t || ((t.text.startsWith('-') || t.text === '!') && !t.quoted)) return undefined;
  env.skip();
  return t;
}

function handleBaseOption(opt: BaseOption, token: Token, negated: boolean, attached: string | undefined, env: BaseEnv): void {
  const { draft, report } = env;
  switch (opt.short) {
    case 'A':
    case 'C':
    case 'N':
    case 'I':
    case 'D':
    case 'R':
    case 'E':
    case 'P': {
      const chain = env.argOf(attached, token, false);
      setCommand(env, opt.short, token, chain && { text: chain.text, token: chain.token });
      if (opt.short === 'I' || opt.short === 'D' || opt.short === 'R') takePosition(env, opt.short);
      if (opt.short === 'P' || opt.short === 'E') {
        const extra = takeOptionalWord(env);
        if (!extra) report('syntax', 'error', `-${opt.short} requires a second argument`, env.at(token));
        else {
          env.cmd.extra = extra.text;
          env.cmd.extraRange = env.at(extra);
        }
      }
      return;
    }
    case 'L':
    case 'S':
    case 'F':
    case 'Z':
    case 'X': {
      const chain = takeOptionalWord(env);
      setCommand(env, opt.short, token, chain && { text: chain.text, token: chain });
      if (opt.short === 'L' || opt.short === 'S' || opt.short === 'Z') takeOptionalWord(env);
      return;
    }
    case 't': {
      const t = env.argOf(attached, token, false);
      if (t) {
        env.cmd.table = t.text;
        env.cmd.tableRange = env.at(t.token);
      }
      return;
    }
    case '4':
    case '6':
      env.cmd.onlyFamily = opt.short === '4' ? 4 : 6;
      return;
    case 'c': {
      const p = env.argOf(attached, token, false);
      const b = takeOptionalWord(env);
      const packets = p && /^[0-9]+$/.test(p.text) ? BigInt(p.text) : undefined;
      const bytes = b && /^[0-9]+$/.test(b.text) ? BigInt(b.text) : undefined;
      if (packets === undefined || bytes === undefined) report('bad-number', 'error', '-c requires packet and byte counter', env.at(token));
      else draft.counters = { packets, bytes };
      return;
    }
    case 'w':
      takeOptionalWord(env);
      return;
    case 'W':
    case 'M':
      env.argOf(attached, token, false);
      return;
    case 'n':
    case 'v':
    case 'x':
    case 'V':
    case 'h':
    case '0':
      return;
    default:
      handleRuleOption(opt, token, negated, attached, env);
  }
}

function takePosition(env: BaseEnv, op: 'I' | 'D' | 'R'): void {
  const t = env.peek();
  if (!t || !/^[0-9]+$/.test(t.text)) {
    if (op === 'R') env.report('bad-position', 'error', '-R requires a rule number', env.cmd.opRange ?? env.at(t ?? { text: '', start: 0, end: 0, quoted: false }));
    return;
  }
  env.skip();
  const n = parseUint(t.text, 0xffffffff, 0, 10);
  if (n === undefined || n < 1) {
    env.report('bad-position', 'error', `Invalid rule number \`${t.text}'`, env.at(t));
    return;
  }
  env.cmd.position = n;
  env.cmd.positionRange = env.at(t);
}

function once(env: BaseEnv, present: unknown, what: string, token: Token): boolean {
  if (present === undefined) return true;
  env.report('syntax', 'error', `multiple ${what} flags not allowed`, env.at(token));
  return false;
}

function handleRuleOption(opt: BaseOption, token: Token, negated: boolean, attached: string | undefined, env: BaseEnv): void {
  const { draft, report, family } = env;
  const a = opt.short === 'f' ? undefined : env.argOf(attached, token, true);
  if (opt.short !== 'f' && !a) return;
  const neg = negated || (a?.negated ?? false);
  const value = a?.text ?? '';
  const where = a?.token ?? token;
  switch (opt.short) {
    case 's':
      if (once(env, draft.source, '-s', token)) draft.source = { negated: neg, text: value, token: where };
      return;
    case 'd':
      if (once(env, draft.destination, '-d', token)) draft.destination = { negated: neg, text: value, token: where };
      return;
    case 'p':
      if (once(env, draft.protocol, '-p', token)) setProtocol(env, value, neg, where);
      return;
    case 'i':
      if (once(env, draft.inInterface, '-i', token)) draft.inInterface = { negated: neg, text: value, token: where };
      return;
    case 'o':
      if (once(env, draft.outInterface, '-o', token)) draft.outInterface = { negated: neg, text: value, token: where };
      return;
    case 'f':
      if (family === 6) report('syntax', 'error', "`-f' is not supported in IPv6, use -m frag instead", env.at(token));
      else draft.fragment = { negated: neg };
      return;
    case 'm': {
      const spec = findMatch(value, family);
      if (!spec && isInstalledMatch(value, family)) {
        report('unknown-match', 'warning', `match "${value}" is not modelled: kept and rendered as written`, env.at(where));
      } else if (!spec) {
        report('unknown-match', 'error', `Couldn't load match \`${value}': iptables v1.8.9 has no such module for IPv${family}`, env.at(where));
      }
      draft.loaded.push({ spec, name: value, kind: 'match', implicit: false, options: [], token: where });
      return;
    }
    case 'j':
    case 'g':
      if (draft.target) {
        report('syntax', 'error', 'multiple -j flags not allowed', env.at(token));
        return;
      }
      draft.target = { name: value, goto: opt.short === 'g', token: where };
      if (opt.short === 'j') {
        const spec = findTarget(value, family);
        draft.loaded.push({ spec, name: value, kind: 'target', implicit: false, options: [], token: where });
      }
      return;
  }
}

function setProtocol(env: BaseEnv, text: string, negated: boolean, token: Token): void {
  const n = parseProtocolText(text);
  if (n === undefined) {
    env.report('syntax', 'error', `unknown protocol "${text}" specified`, env.at(token));
    return;
  }
  env.draft.protocol = { negated, number: n, token };
}
