/**
 * One iptables command line (argv after `iptables`/inside a restore table block) → a command
 * with its rule spec. Emulates iptables' getopt_long parsing: `!` before an option inverts it,
 * extension options go to the newest loaded extension that has them, an unknown option after
 * `-p tcp` loads the `tcp` match implicitly, and `-s a,b` yields one rule per address.
 */
import type { SourceRange } from '../shared/source-range.ts';
import { findShortOption, lookupLongOption, type BaseOption } from './base-options.ts';
import {
  handleBaseOption,
  type ArgResult,
  type BaseEnv,
  type CommandState,
} from './command-options.ts';
import { resolveOption } from './extensions/types.ts';
import type { Family } from './address.ts';
import { findMatch, implicitMatchFor } from './extensions/registry.ts';
import { exact } from './exact.ts';
import type { Token } from './lex.ts';
import type { Counters, Rule } from './model.ts';
import { buildRules, type RuleDraft } from './rule-draft.ts';
import type { CommandOp, Report } from './command-types.ts';

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

const RULE_OPS = new Set<CommandOp>(['A', 'I', 'D', 'R', 'C']);

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
        if (this.invert)
          this.report('syntax', 'error', 'multiple consecutive ! not allowed', this.at(token));
        this.invert = token;
      } else if (text.startsWith('--') && text.length > 2 && !token.quoted) {
        const eq = text.indexOf('=');
        this.handleLong(
          eq < 0 ? text.slice(2) : text.slice(2, eq),
          eq < 0 ? undefined : text.slice(eq + 1),
          token,
        );
      } else if (text.startsWith('-') && text.length > 1 && !token.quoted) {
        this.handleShortCluster(token);
      } else {
        this.report('syntax', 'error', `Bad argument \`${text}'`, this.at(token));
        this.draft.unparsed.push(text);
      }
    }
    if (this.invert)
      this.report('syntax', 'error', '"!" must be followed by an option', this.at(this.invert));
  }

  /** One argument object reused by every option of the line (callers copy what they keep). */
  private readonly arg: { text: string; negated: boolean; token: Token | undefined } = {
    text: '',
    negated: false,
    token: undefined,
  };

  private setArg(text: string, negated: boolean, token: Token): ArgResult {
    this.arg.text = text;
    this.arg.negated = negated;
    this.arg.token = token;
    return this.arg as NonNullable<ArgResult>;
  }

  /** The option's argument: attached (`--opt=v`, `-pTCP`) or the next word. Valid until the next call. */
  argOf(attached: string | undefined, token: Token, allowOldNegation: boolean): ArgResult {
    return attached !== undefined
      ? this.setArg(attached, false, token)
      : this.takeArg(token, allowOldNegation);
  }

  private takeArg(opt: Token, allowOldNegation: boolean): ArgResult {
    let t = this.next();
    let negated = false;
    if (t && t.text === '!' && !t.quoted && allowOldNegation) {
      this.report(
        'syntax',
        'error',
        `old-style negation "${opt.text} ! …": iptables 1.8 refuses it (read here as "! ${opt.text} …")`,
        this.at(t),
      );
      negated = true;
      t = this.next();
    }
    if (!t) {
      this.report('syntax', 'error', `option "${opt.text}" requires an argument`, this.at(opt));
      return undefined;
    }
    return this.setArg(t.text, negated, t);
  }

  private handleBase(opt: BaseOption, token: Token, attached: string | undefined): void {
    const invToken = this.invert;
    this.invert = undefined;
    if (invToken && !'sdpiof'.includes(opt.short))
      this.report('syntax', 'error', `cannot have ! before ${token.text}`, this.at(invToken));
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
    if (found.kind === 'unknown' && this.loadImplicit(written))
      found = lookupLongOption(written, this.draft.loaded);
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
        this.report(
          'syntax',
          'error',
          `option "--${found.option.name}" requires ${found.option.args} argument(s)`,
          this.at(token),
        );
        break;
      }
      if (args.length === 0 && t.text === '!' && !t.quoted && found.option.negatable) {
        this.report(
          'syntax',
          'error',
          `old-style negation "--${written} ! …": iptables 1.8 refuses it (read here as "! --${written} …")`,
          this.at(t),
        );
        oldNegation = true;
        continue;
      }
      args.push(t.text);
    }
    ext.options.push({
      name: found.option.name,
      negated: negated || oldNegation,
      args: exact(args),
    });
    ext.optionTokens.push(token);
  }

  private loadImplicit(written: string): boolean {
    const proto = this.draft.protocol;
    if (proto === undefined) return false;
    const name = implicitMatchFor(proto.number, this.family);
    const spec = name === undefined ? undefined : findMatch(name, this.family);
    if (!spec || resolveOption(spec, written) === undefined) return false;
    this.draft.loaded.push({
      spec,
      name: spec.name,
      kind: 'match',
      implicit: true,
      options: [],
      optionTokens: [],
      token: undefined,
    });
    return true;
  }

  private attachUnknown(
    written: string,
    attached: string | undefined,
    token: Token,
    negated: boolean,
  ): void {
    const args: string[] = attached === undefined ? [] : [attached];
    while (attached === undefined && this.i < this.tokens.length) {
      const t = this.tokens[this.i];
      if (!t || ((t.text.startsWith('-') || t.text === '!') && !t.quoted && t.text !== '-')) break;
      args.push(t.text);
      this.i++;
    }
    let owner: RuleDraft['loaded'][number] | undefined;
    for (let k = this.draft.loaded.length - 1; k >= 0 && !owner; k--)
      if (this.draft.loaded[k]?.spec === undefined) owner = this.draft.loaded[k];
    if (owner) {
      owner.options.push({ name: written, negated, args: exact(args) });
      owner.optionTokens.push(token);
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
  /** A `[packets:bytes]` line prefix: it wins over `-c`. */
  counters?: Counters,
): ParsedCommand {
  const parser = new CommandParser(tokens, family, locate, report);
  parser.run();
  const { cmd, draft } = parser;
  if (counters) draft.counters = counters;
  // `-4`/`-6` lines of the other family are skipped before their addresses are even read.
  const skipped = cmd.onlyFamily !== undefined && cmd.onlyFamily !== family;
  const built =
    RULE_OPS.has(cmd.op ?? 'L') && !skipped
      ? buildRules(draft, lineRange, parser, report)
      : { rules: [], texts: undefined };
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
