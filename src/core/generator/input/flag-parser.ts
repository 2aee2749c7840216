import type { Diagnostic } from '../../shared/diagnostics.ts';
import { diagnostic } from '../../shared/diagnostics.ts';
import type { FlagSpec } from '../flag-spec.ts';
import { findFlag, findShortFlag } from '../flags.ts';
import type { FlagOccurrence } from '../parse-args-types.ts';
import { checkPflagValue, statusDiagnostic } from './flag-checks.ts';
import { parseGoBool } from './go-values.ts';
import { suggestFlag } from './suggest.ts';
import type { ArgToken, Locator } from './tokens.ts';

/** The last value a flag was set to on the command line, and where it was written. */
export interface FlagSetting {
  readonly spec: FlagSpec;
  readonly value: string;
  readonly occurrence: FlagOccurrence;
  /** Token holding the value and the index in its value where the flag's value starts. */
  readonly valueToken?: ArgToken;
  readonly valueFrom: number;
  /** The value is really the next flag (an empty value was lost): validated no further. */
  readonly swallowed: boolean;
  /** pflag could not parse the value (already reported); the flag keeps its previous value. */
  readonly rejected: boolean;
}

export interface FlagParse {
  readonly occurrences: readonly FlagOccurrence[];
  readonly settings: ReadonlyMap<string, FlagSetting>;
  readonly diagnostics: readonly Diagnostic[];
}

const POSITIONAL_REPORT_LIMIT = 1000;

interface State {
  readonly tokens: readonly ArgToken[];
  readonly loc: Locator;
  readonly occurrences: FlagOccurrence[];
  readonly settings: Map<string, FlagSetting>;
  readonly diagnostics: Diagnostic[];
  /** Token indices consumed as values of unknown flags (not reported as positional). */
  readonly absorbed: Set<number>;
  /** Token index → the boolean flag written just before it (for a friendlier message). */
  readonly afterBool: Map<number, string>;
  /** Suggestions already computed in this parse (a paste may repeat one typo thousands of times). */
  readonly suggestions: Map<string, string | undefined>;
}

/**
 * Parses arguments exactly like Go's pflag (as cobra runs it for `istio-iptables`): `--name=v`,
 * `--name v`, bare booleans, `-p v`, `-pv`, `-p=v`, combined shorthands (`-np15001`), `--` ends
 * flags, and a value-taking flag takes the next argument even when it starts with `-` (the root
 * of the lost-empty-value trap, reported as `empty-value-swallowed`). Positional arguments are
 * ignored upstream; we warn about them.
 */
export function parseFlagTokens(tokens: readonly ArgToken[], loc: Locator): FlagParse {
  const st: State = {
    tokens,
    loc,
    occurrences: [],
    settings: new Map(),
    diagnostics: [],
    absorbed: new Set(),
    afterBool: new Map(),
    suggestions: new Map(),
  };
  const positional: number[] = [];
  let i = 0;
  let flagsEnded = false;
  while (i < tokens.length) {
    const a = tokens[i]?.value ?? '';
    if (flagsEnded || a.length < 2 || a[0] !== '-') {
      positional.push(i);
      i++;
    } else if (a === '--') {
      flagsEnded = true;
      i++;
    } else if (a.startsWith('--')) {
      i = parseLong(st, i, 2);
    } else {
      i = parseShort(st, i);
    }
  }
  for (const p of positional) {
    // Past a few hundred problems nobody reads on; the caller cuts the list anyway.
    if (st.diagnostics.length > POSITIONAL_REPORT_LIMIT) break;
    if (!st.absorbed.has(p)) reportPositional(st, p);
  }
  return st;
}

/** `--name[=value]` (or a long name written with one dash, starting at `dashes`). */
function parseLong(st: State, i: number, dashes: number): number {
  const token = st.tokens[i];
  if (token === undefined) return i + 1;
  const a = token.value;
  const eq = a.indexOf('=');
  const name = a.slice(dashes, eq < 0 ? a.length : eq);
  const spec = name.startsWith('-') || name === '' ? undefined : findFlag(name);
  if (spec === undefined) return reportUnknown(st, i, a, name, eq < 0 ? a.length : eq);
  const where = { token, from: 0, to: eq < 0 ? a.length : eq, written: `--${spec.long}` };
  if (eq >= 0) {
    setFlag(st, spec, where, a.slice(eq + 1), token, eq + 1, false);
    return i + 1;
  }
  if (spec.type === 'bool') {
    setFlag(st, spec, where, 'true', undefined, 0, false);
    st.afterBool.set(i + 1, `--${spec.long}`);
    return i + 1;
  }
  const next = st.tokens[i + 1];
  if (next === undefined) {
    missingValue(st, spec, where.token, 0, a.length, `--${spec.long}`);
    return i + 1;
  }
  setFlag(st, spec, where, next.value, next, 0, true);
  return i + 2;
}

/** `-abc…`: a run of shorthands, the first value-taking one eating the rest or the next token. */
function parseShort(st: State, i: number): number {
  const token = st.tokens[i];
  if (token === undefined) return i + 1;
  const a = token.value;
  const bare = a.slice(1).split('=')[0] ?? '';
  if (bare.length > 1 && findFlag(bare) !== undefined) {
    return singleDashLong(st, i);
  }
  let pos = 1;
  for (let guard = 0; pos < a.length && guard <= a.length; guard++) {
    const c = a[pos] ?? '';
    const spec = findShortFlag(c);
    if (spec === undefined) return reportUnknownShort(st, i, a, pos);
    const where = { token, from: pos === 1 ? 0 : pos, to: pos + 1, written: `-${c}` };
    const rest = a.slice(pos + 1);
    if (rest.length > 1 && rest[0] === '=') {
      setFlag(st, spec, where, rest.slice(1), token, pos + 2, false);
      return i + 1;
    }
    if (spec.type === 'bool') {
      setFlag(st, spec, where, 'true', undefined, 0, false);
      pos++;
      if (pos >= a.length) st.afterBool.set(i + 1, `-${c}`);
      continue;
    }
    if (rest.length > 0) {
      setFlag(st, spec, where, rest, token, pos + 1, false);
      return i + 1;
    }
    const next = st.tokens[i + 1];
    if (next === undefined) {
      missingValue(st, spec, token, where.from, pos + 1, `'${c}' in ${a}`);
      return i + 1;
    }
    setFlag(st, spec, where, next.value, next, 0, true);
    return i + 2;
  }
  return i + 1;
}

/** `-envoy-port`: pflag would read `-e nvoy-port`; we report it and read what was meant. */
function singleDashLong(st: State, i: number): number {
  const token = st.tokens[i];
  if (token === undefined) return i + 1;
  const name = token.value.slice(1);
  st.diagnostics.push(
    diagnostic(
      'unknown-flag',
      'error',
      `-${name}: long flags need two dashes (pflag reads this as -${name[0] ?? ''} ${name.slice(1)}); did you mean --${name}?`,
      st.loc.token(token),
      name,
    ),
  );
  return parseLong(st, i, 1);
}

interface FlagWhere {
  readonly token: ArgToken;
  readonly from: number;
  readonly to: number;
  readonly written: string;
}

function setFlag(
  st: State,
  spec: FlagSpec,
  where: FlagWhere,
  value: string,
  valueToken: ArgToken | undefined,
  valueFrom: number,
  fromNext: boolean,
): void {
  const range = st.loc.part(where.token, where.from, where.to);
  const valueRange = valueToken === undefined ? undefined : st.loc.tail(valueToken, valueFrom);
  const swallowed = fromNext && looksLikeFlag(value);
  const check = swallowed ? undefined : checkPflagValue(spec, value);
  const asBool = spec.type === 'bool' ? parseGoBool(value) : undefined;
  const shown: string | boolean = asBool?.ok === true ? asBool.value : value;
  const occurrence: FlagOccurrence =
    valueRange === undefined
      ? { flag: spec.long, written: where.written, value: shown, range }
      : { flag: spec.long, written: where.written, value: shown, range, valueRange };
  st.occurrences.push(occurrence);
  if (swallowed) {
    st.diagnostics.push(
      diagnostic(
        'empty-value-swallowed',
        'error',
        `${where.written} took the next flag ${JSON.stringify(value)} as its value: an empty value was lost ` +
          `(a YAML "- ${where.written}" item followed directly by "- ${value}", or an unquoted shell ""). ` +
          `Write ${where.written} "" and keep the quotes.`,
        range,
        spec.long,
      ),
    );
  } else if (check !== undefined) {
    st.diagnostics.push(
      diagnostic(check.code, 'error', check.message, valueRange ?? range, spec.long),
    );
  }
  const status = statusDiagnostic(spec, where.written, range);
  if (status !== undefined) st.diagnostics.push(status);
  st.settings.set(spec.long, {
    spec,
    value,
    occurrence,
    valueFrom,
    swallowed,
    rejected: check !== undefined,
    ...(valueToken === undefined ? {} : { valueToken }),
  });
}

/** A value that is really a flag: `--x`, or `-x` naming a known shorthand / letter flag. */
function looksLikeFlag(value: string): boolean {
  if (value.startsWith('--')) return value.length > 2;
  return /^-[A-Za-z]/.test(value);
}

function missingValue(
  st: State,
  spec: FlagSpec,
  token: ArgToken,
  from: number,
  to: number,
  what: string,
): void {
  const short = spec.short === undefined ? `--${spec.long}` : `-${spec.short}`;
  st.diagnostics.push(
    diagnostic(
      'missing-value',
      'error',
      `flag needs an argument: ${what} (for an empty value write ${short} "")`,
      st.loc.part(token, from, to),
      spec.long,
    ),
  );
}

function reportUnknown(st: State, i: number, a: string, name: string, nameEnd: number): number {
  const token = st.tokens[i];
  if (token === undefined) return i + 1;
  const bad = name.startsWith('-') || name.startsWith('=') || name === '';
  const hint = bad ? undefined : suggestOnce(st, name);
  const message = bad
    ? `bad flag syntax: ${a}`
    : `unknown flag: --${name}${hint === undefined ? '' : `; did you mean --${hint}?`}`;
  st.diagnostics.push(diagnostic('unknown-flag', 'error', message, st.loc.part(token, 0, nameEnd)));
  return absorbValue(st, i, nameEnd < a.length);
}

function suggestOnce(st: State, name: string): string | undefined {
  if (st.suggestions.has(name)) return st.suggestions.get(name);
  const hint = suggestFlag(name);
  st.suggestions.set(name, hint);
  return hint;
}

function reportUnknownShort(st: State, i: number, a: string, pos: number): number {
  const token = st.tokens[i];
  if (token === undefined) return i + 1;
  const c = a[pos] ?? '';
  const long = suggestOnce(st, a.slice(1));
  const hint = long === undefined ? '' : `; did you mean --${long}?`;
  st.diagnostics.push(
    diagnostic(
      'unknown-flag',
      'error',
      `unknown shorthand flag: '${c}' in ${a}${hint}`,
      st.loc.part(token, pos === 1 ? 0 : pos, pos + 1),
    ),
  );
  return absorbValue(st, i, a.length > 2);
}

/** After an unknown flag, a following non-flag word is most likely its value: do not also flag it. */
function absorbValue(st: State, i: number, hadValue: boolean): number {
  const next = st.tokens[i + 1];
  if (!hadValue && next !== undefined && !next.value.startsWith('-')) st.absorbed.add(i + 1);
  return i + 1;
}

function reportPositional(st: State, p: number): void {
  const token = st.tokens[p];
  if (token === undefined) return;
  const bool = st.afterBool.get(p);
  const shown = JSON.stringify(token.value);
  const message =
    bool !== undefined && /^(true|false|1|0|t|f)$/i.test(token.value)
      ? `${bool} is a boolean flag and takes no separate value: ${shown} is a positional argument ` +
        `that istio-iptables ignores; write ${bool}=${token.value}`
      : `unexpected argument ${shown}: istio-iptables ignores positional arguments`;
  st.diagnostics.push(diagnostic('unexpected-argument', 'warning', message, st.loc.token(token)));
}
