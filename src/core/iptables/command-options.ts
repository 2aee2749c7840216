/**
 * The base options of an iptables command line (`-A CHAIN`, `-I CHAIN N`, `-P CHAIN POLICY`,
 * `-t`, `-c`, `-s`/`-d`/`-p`/`-i`/`-o`/`-f`, `-m`, `-j`/`-g`, …): what each one takes and where it
 * goes. The word walking itself is in parse-command.ts.
 */
import type { SourceRange } from '../shared/source-range.ts';
import type { BaseOption } from './base-options.ts';
import type { Family } from './address.ts';
import { isInstalledMatch } from './extensions/installed.ts';
import { findMatch, findTarget } from './extensions/registry.ts';
import type { Token } from './lex.ts';
import { parseUint } from './numbers.ts';
import type { CommandOp, Report } from './command-types.ts';
import { parseProtocol as parseProtocolText } from './protocol.ts';
import type { RuleDraft } from './rule-draft.ts';

/** Command-level state while walking the words. */
export interface CommandState {
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
 * An option argument: the word, and whether it came with an old-style `!` before it. The object
 * is reused by the next `argOf` call: read it right away.
 */
export type ArgResult = { text: string; negated: boolean; token: Token } | undefined;

/** What the option handlers need from the word walker. */
export interface BaseEnv {
  readonly cmd: CommandState;
  readonly draft: RuleDraft;
  readonly family: Family;
  readonly report: Report;
  at(t: Token): SourceRange;
  peek(): Token | undefined;
  skip(): void;
  argOf(attached: string | undefined, token: Token, allowOldNegation: boolean): ArgResult;
}

function setCommand(
  env: BaseEnv,
  op: CommandOp,
  token: Token,
  chain: { text: string; token: Token } | undefined,
) {
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

/** `-A CHAIN`, `-I CHAIN [N]`, `-P CHAIN POLICY`, `-E OLD NEW`, `-F [CHAIN]`, …: the command. */
function handleCommandOption(
  op: CommandOp,
  token: Token,
  attached: string | undefined,
  env: BaseEnv,
): void {
  if (op === 'L' || op === 'S' || op === 'F' || op === 'Z' || op === 'X') {
    const chain = takeOptionalWord(env);
    setCommand(env, op, token, chain && { text: chain.text, token: chain });
    if (op === 'L' || op === 'S' || op === 'Z') takeOptionalWord(env);
    return;
  }
  const chain = env.argOf(attached, token, false);
  setCommand(env, op, token, chain);
  if (op === 'I' || op === 'D' || op === 'R') takePosition(env, op);
  if (op === 'P' || op === 'E') {
    const extra = takeOptionalWord(env);
    if (!extra) env.report('syntax', 'error', `-${op} requires a second argument`, env.at(token));
    else {
      env.cmd.extra = extra.text;
      env.cmd.extraRange = env.at(extra);
    }
  }
}

export function handleBaseOption(
  opt: BaseOption,
  token: Token,
  negated: boolean,
  attached: string | undefined,
  env: BaseEnv,
): void {
  const { draft, report } = env;
  switch (opt.short) {
    case 'A':
    case 'C':
    case 'N':
    case 'I':
    case 'D':
    case 'R':
    case 'E':
    case 'P':
    case 'L':
    case 'S':
    case 'F':
    case 'Z':
    case 'X':
      handleCommandOption(opt.short, token, attached, env);
      return;
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
      if (packets === undefined || bytes === undefined)
        report('bad-number', 'error', '-c requires packet and byte counter', env.at(token));
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
    if (op === 'R')
      env.report(
        'bad-position',
        'error',
        '-R requires a rule number',
        env.cmd.opRange ?? env.at(t ?? { text: '', start: 0, end: 0, quoted: false }),
      );
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

function handleRuleOption(
  opt: BaseOption,
  token: Token,
  negated: boolean,
  attached: string | undefined,
  env: BaseEnv,
): void {
  const { draft, report, family } = env;
  const a = opt.short === 'f' ? undefined : env.argOf(attached, token, true);
  if (opt.short !== 'f' && !a) return;
  const neg = negated || (a?.negated ?? false);
  const value = a?.text ?? '';
  const where = a?.token ?? token;
  switch (opt.short) {
    case 's':
      if (once(env, draft.source, '-s', token))
        draft.source = { negated: neg, text: value, token: where };
      return;
    case 'd':
      if (once(env, draft.destination, '-d', token))
        draft.destination = { negated: neg, text: value, token: where };
      return;
    case 'p':
      if (once(env, draft.protocol, '-p', token)) setProtocol(env, value, neg, where);
      return;
    case 'i':
      if (once(env, draft.inInterface, '-i', token))
        draft.inInterface = { negated: neg, text: value, token: where };
      return;
    case 'o':
      if (once(env, draft.outInterface, '-o', token))
        draft.outInterface = { negated: neg, text: value, token: where };
      return;
    case 'f':
      if (family === 6)
        report(
          'syntax',
          'error',
          "`-f' is not supported in IPv6, use -m frag instead",
          env.at(token),
        );
      else draft.fragment = { negated: neg };
      return;
    case 'm': {
      const spec = findMatch(value, family);
      if (!spec && isInstalledMatch(value, family)) {
        report(
          'unknown-match',
          'warning',
          `match "${value}" is not modelled: kept and rendered as written`,
          env.at(where),
        );
      } else if (!spec) {
        report(
          'unknown-match',
          'error',
          `Couldn't load match \`${value}': iptables v1.8.9 has no such module for IPv${family}`,
          env.at(where),
        );
      }
      draft.loaded.push({
        spec,
        name: value,
        kind: 'match',
        implicit: false,
        options: [],
        optionTokens: [],
        token: where,
      });
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
        draft.loaded.push({
          spec,
          name: value,
          kind: 'target',
          implicit: false,
          options: [],
          optionTokens: [],
          token: where,
        });
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
