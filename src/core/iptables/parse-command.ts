/**
 * One iptables command line (argv after `iptables`/inside a restore table block) → a command
 * with its rule spec. Emulates iptables' getopt_long parsing: `!` before an option inverts it,
 * extension options go to the newest loaded extension that has them, an unknown option after
 * `-p tcp` loads the `tcp` match implicitly, and `-s a,b` yields one rule per address.
 */
import type { DiagnosticCode, Severity } from '../shared/diagnostics.ts';
import type { SourceRange } from '../shared/source-range.ts';
import { findShortOption, lookupLongOption, type BaseOption } from './base-options.ts';
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
  /** A `-j`/`-g` to something that is not an extension: must name a chain at COMMIT. */
  readonly jump: { readonly chain: string; readonly range: SourceRange } | undefined;
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

/**
 * Parses the words of one command. `locate` turns raw offsets into line/column ranges.
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
  const cmd: CommandState = {};
  const draft: RuleDraft = { loaded: [], unparsed: [], family };
  const at = (t: Token) => locate(t.start, t.end);
  let invert: Token | undefined;
  let i = 0;
  const next = (): Token | undefined => tokens[i++];

  const takeArg = (opt: Token, allowOldNegation: boolean): { text: string; negated: boolean; token: Token } | undefined => {
    let t = next();
    let negated = false;
    if (t && t.text === '!' && !t.quoted && allowOldNegation) {
      report('syntax', 'error', `old-style negation "${opt.text} ! …": iptables 1.8 refuses it (read here as "! ${opt.text} …")`, at(t));
      negated = true;
      t = next();
    }
    if (!t) {
      report('syntax', 'error', `option "${opt.text}" requires an argument`, at(opt));
      return undefined;
    }
    return { text: t.text, negated, token: t };
  };

  const handleBase = (opt: BaseOption, token: Token, attached: string | undefined) => {
    const negated = invert !== undefined;
    const invToken = invert;
    invert = undefined;
    const argOf = (allowOld: boolean) => (attached !== undefined ? { text: attached, negated: false, token } : takeArg(token, allowOld));
    if (negated && !'sdpiof'.includes(opt.short) && invToken) {
      report('syntax', 'error', `cannot have ! before ${token.text}`, at(invToken));
    }
    handleBaseOption(opt, token, negated, argOf, { cmd, draft, family, at, report, peek: () => tokens[i], skip: () => i++ });
  };

  while (i < tokens.length) {
    const token = next();
    if (!token) break;
    const text = token.text;
    if (text === '!' && !token.quoted) {
      if (invert) report('syntax', 'error', 'multiple consecutive ! not allowed', at(token));
      invert = token;
      continue;
    }
    if (text.startsWith('--') && text.length > 2 && !token.quoted) {
      const eq = text.indexOf('=');
      const written = eq < 0 ? text.slice(2) : text.slice(2, eq);
      const attached = eq < 0 ? undefined : text.slice(eq + 1);
      handleLong(written, attached, token);
      continue;
    }
    if (text.startsWith('-') && text.length > 1 && !token.quoted) {
      handleShortCluster(token);
      continue;
    }
    report('syntax', 'error', `Bad argument \`${text}'`, at(token));
    draft.unparsed.push(text);
  }
  if (invert) report('syntax', 'error', '"!" must be followed by an option', at(invert));

  function handleShortCluster(token: Token) {
    const letters = token.text.slice(1);
    for (let k = 0; k < letters.length; k++) {
      const letter = letters.charAt(k);
      const opt = findShortOption(letter);
      if (!opt) {
        report('unknown-option', 'error', `unknown option "-${letter}"`, at(token));
        draft.unparsed.push(token.text);
        return;
      }
      const rest = letters.slice(k + 1);
      if (opt.args === 1 && rest !== '') {
        handleBase(opt, token, rest);
        return;
      }
      handleBase(opt, token, undefined);
    }
  }

  function handleLong(written: string, attached: string | undefined, token: Token) {
    let found = lookupLongOption(written, draft.loaded);
    if (found.kind === 'unknown' && loadImplicit(written)) found = lookupLongOption(written, draft.loaded);
    if (found.kind === 'ambiguous') {
      report('unknown-option', 'error', `option "--${written}" is ambiguous`, at(token));
      draft.unparsed.push(token.text);
      return;
    }
    if (found.kind === 'base') {
      handleBase(found.option, token, attached);
      return;
    }
    const negated = invert !== undefined;
    invert = undefined;
    if (found.kind === 'extension') {
      const ext = draft.loaded[found.index];
      if (!ext) return;
      const args: string[] = attached === undefined ? [] : [attached];
      let oldNegation = false;
      while (args.length < found.option.args) {
        const t = next();
        if (!t) {
          report('syntax', 'error', `option "--${found.option.name}" requires ${found.option.args} argument(s)`, at(token));
          break;
        }
        if (args.length === 0 && t.text === '!' && !t.quoted && found.option.negatable) {
          report('syntax', 'error', `old-style negation "--${written} ! …": iptables 1.8 refuses it (read here as "! --${written} …")`, at(t));
          oldNegation = true;
          continue;
        }
        args.push(t.text);
      }
      ext.options.push({ option: { name: found.option.name, negated: negated || oldNegation, args }, range: at(token) });
      return;
    }
    attachUnknown(written, attached, token, negated);
  }

  function loadImplicit(written: string): boolean {
    const proto = draft.protocol;
    if (proto === undefined) return false;
    const name = implicitMatchFor(proto.number, family);
    const spec = name === undefined ? undefined : findMatch(name, family);
    if (!spec || !spec.options.some((o) => o.name === written || o.aliases?.includes(written) || o.name.startsWith(written))) return false;
    draft.loaded.push({ spec, name: spec.name, kind: 'match', implicit: true, options: [], range: undefined });
    return true;
  }

  function attachUnknown(written: string, attached: string | undefined, token: Token, negated: boolean) {
    const args: string[] = attached === undefined ? [] : [attached];
    while (attached === undefined && i < tokens.length) {
      const t = tokens[i];
      if (!t || ((t.text.startsWith('-') || t.text === '!') && !t.quoted && t.text !== '-')) break;
      args.push(t.text);
      i++;
    }
    let owner: RuleDraft['loaded'][number] | undefined;
    for (let k = draft.loaded.length - 1; k >= 0 && !owner; k--) if (draft.loaded[k]?.spec === undefined) owner = draft.loaded[k];
    if (owner) {
      owner.options.push({ option: { name: written, negated, args }, range: at(token) });
      return;
    }
    report('unknown-option', 'error', `unknown option "--${written}"`, at(token));
    draft.unparsed.push(`${negated ? '! ' : ''}--${written}`, ...args);
  }

  // `-4`/`-6` lines of the other family are skipped before their addresses are even read.
  const skipped = cmd.onlyFamily !== undefined && cmd.onlyFamily !== family;
  const built = RULE_OPS.has(cmd.op ?? 'L') && !skipped ? buildRules(draft, lineRange, report) : { rules: [], jump: undefined };
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
    jump: built.jump,
  };
}

interface BaseEnv {
  readonly cmd: CommandState;
  readonly draft: RuleDraft;
  readonly family: Family;
  readonly at: (t: Token) => SourceRange;
  readonly report: Report;
  readonly peek: () => Token | undefined;
  readonly skip: () => void;
}

type ArgOf = (allowOldNegation: boolean) => { text: string; negated: boolean; token: Token } | undefined;

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

function handleBaseOption(opt: BaseOption, token: Token, negated: boolean, argOf: ArgOf, env: BaseEnv): void {
  const { draft, report, at } = env;
  switch (opt.short) {
    case 'A':
    case 'C':
    case 'N':
    case 'I':
    case 'D':
    case 'R':
    case 'E':
    case 'P': {
      const chain = argOf(false);
      setCommand(env, opt.short, token, chain && { text: chain.text, token: chain.token });
      if (opt.short === 'I' || opt.short === 'D' || opt.short === 'R') takePosition(env, opt.short);
      if (opt.short === 'P' || opt.short === 'E') {
        const extra = takeOptionalWord(env);
        if (!extra) report('syntax', 'error', `-${opt.short} requires a second argument`, at(token));
        else {
          env.cmd.extra = extra.text;
          env.cmd.extraRange = at(extra);
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
      const t = argOf(false);
      if (t) {
        env.cmd.table = t.text;
        env.cmd.tableRange = at(t.token);
      }
      return;
    }
    case '4':
    case '6':
      env.cmd.onlyFamily = opt.short === '4' ? 4 : 6;
      return;
    case 'c': {
      const p = argOf(false);
      const b = takeOptionalWord(env);
      const packets = p && /^[0-9]+$/.test(p.text) ? BigInt(p.text) : undefined;
      const bytes = b && /^[0-9]+$/.test(b.text) ? BigInt(b.text) : undefined;
      if (packets === undefined || bytes === undefined) report('bad-number', 'error', '-c requires packet and byte counter', at(token));
      else draft.counters = { packets, bytes };
      return;
    }
    case 'w':
      takeOptionalWord(env);
      return;
    case 'W':
    case 'M':
      argOf(false);
      return;
    case 'n':
    case 'v':
    case 'x':
    case 'V':
    case 'h':
    case '0':
      return;
    default:
      handleRuleOption(opt, token, negated, argOf, env);
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

function handleRuleOption(opt: BaseOption, token: Token, negated: boolean, argOf: ArgOf, env: BaseEnv): void {
  const { draft, report, at, family } = env;
  const a = opt.short === 'f' ? undefined : argOf(true);
  if (opt.short !== 'f' && !a) return;
  const neg = negated || (a?.negated ?? false);
  const value = a?.text ?? '';
  const range = at(a?.token ?? token);
  const once = (present: unknown, what: string): boolean => {
    if (present === undefined) return true;
    report('syntax', 'error', `multiple ${what} flags not allowed`, at(token));
    return false;
  };
  switch (opt.short) {
    case 's':
      if (once(draft.source, '-s')) draft.source = { negated: neg, text: value, range };
      return;
    case 'd':
      if (once(draft.destination, '-d')) draft.destination = { negated: neg, text: value, range };
      return;
    case 'p':
      if (once(draft.protocol, '-p')) setProtocol(draft, value, neg, range, report);
      return;
    case 'i':
      if (once(draft.inInterface, '-i')) draft.inInterface = { negated: neg, text: value, range };
      return;
    case 'o':
      if (once(draft.outInterface, '-o')) draft.outInterface = { negated: neg, text: value, range };
      return;
    case 'f':
      if (family === 6) report('syntax', 'error', "`-f' is not supported in IPv6, use -m frag instead", at(token));
      else draft.fragment = { negated: neg };
      return;
    case 'm': {
      const spec = findMatch(value, family);
      if (!spec && isInstalledMatch(value, family)) {
        report('unknown-match', 'warning', `match "${value}" is not modelled: kept and rendered as written`, range);
      } else if (!spec) {
        report('unknown-match', 'error', `Couldn't load match \`${value}': iptables v1.8.9 has no such module for IPv${family}`, range);
      }
      draft.loaded.push({ spec, name: value, kind: 'match', implicit: false, options: [], range });
      return;
    }
    case 'j':
    case 'g':
      if (draft.target) {
        report('syntax', 'error', 'multiple -j flags not allowed', at(token));
        return;
      }
      draft.target = { name: value, goto: opt.short === 'g', range };
      if (opt.short === 'j') {
        const spec = findTarget(value, family);
        draft.loaded.push({ spec, name: value, kind: 'target', implicit: false, options: [], range });
      }
      return;
  }
}

function setProtocol(draft: RuleDraft, text: string, negated: boolean, range: SourceRange, report: Report): void {
  const lower = text.toLowerCase();
  const n = parseProtocolText(lower);
  if (n === undefined) {
    report('syntax', 'error', `unknown protocol "${text}" specified`, range);
    return;
  }
  draft.protocol = { negated, number: n, range };
}
