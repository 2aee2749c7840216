/** A rule spec being assembled from words, and its validation into model rules. */
import type { SourceRange } from '../shared/source-range.ts';
import { saveAddressTexts, type Family } from './address.ts';
import { isInstalledTarget } from './extensions/installed.ts';
import { implicitMatchFor, VERDICTS } from './extensions/registry.ts';
import type { CanonicalResult, ExtensionContext, ExtensionSpec } from './extensions/types.ts';
import { mergedMatches } from './canonical.ts';
import {
  matchFragment,
  renderBase,
  simpleTargetFragment,
  targetFragment,
  verbatimArg,
} from './fragments.ts';
import type { Counters, Match, Negatable, Rule, RuleOption, Target } from './model.ts';
import type { Token } from './lex.ts';
import { exact } from './exact.ts';
import type { Report } from './command-types.ts';
import { protocolName } from './protocol.ts';

export interface LoadedInstance {
  readonly spec: ExtensionSpec | undefined;
  readonly name: string;
  readonly kind: 'match' | 'target';
  readonly implicit: boolean;
  /** Options as written (resolved names), and the word each came from (parallel arrays). */
  readonly options: RuleOption[];
  readonly optionTokens: Token[];
  readonly token: Token | undefined;
}

interface Written {
  readonly negated: boolean;
  readonly text: string;
  readonly token: Token;
}

/** Turns a word into its line/column range (only called when reporting). */
interface Locate {
  at(t: Token): SourceRange;
}

export interface RuleDraft {
  readonly loaded: LoadedInstance[];
  readonly unparsed: string[];
  readonly family: Family;
  source?: Written;
  destination?: Written;
  inInterface?: Written;
  outInterface?: Written;
  protocol?: { readonly negated: boolean; readonly number: number; readonly token: Token };
  fragment?: { readonly negated: boolean };
  target?: { readonly name: string; readonly goto: boolean; readonly token: Token };
  counters?: Counters;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const IFNAMSIZ = 16;
const PROTO_MATCHES = new Set(['tcp', 'udp', 'icmp', 'icmp6']);

/** No address (absent, /0 or bad): one rule without the field. Shared, never mutated. */
const ANY_ADDRESS: readonly undefined[] = [undefined];

function addresses(
  w: Written | undefined,
  family: Family,
  at: Locate,
  report: Report,
): readonly (Negatable<string> | undefined)[] {
  if (!w) return ANY_ADDRESS;
  const list = saveAddressTexts(w.text, family);
  if (!list) {
    report('bad-address', 'error', `host/network \`${w.text}' not found`, at.at(w.token));
    return ANY_ADDRESS;
  }
  // Keep the word as written when it already is canonical: one flat string instead of a new one.
  return list.map((value) =>
    value === null ? undefined : { negated: w.negated, value: value === w.text ? w.text : value },
  );
}

function iface(w: Written | undefined, at: Locate, report: Report): Negatable<string> | undefined {
  if (!w) return undefined;
  if (w.text.length >= IFNAMSIZ) {
    report(
      'syntax',
      'error',
      `interface name \`${w.text}' must be shorter than IFNAMSIZ (${IFNAMSIZ - 1})`,
      at.at(w.token),
    );
    return undefined;
  }
  if (w.text === '+' || w.text === '') return undefined;
  return { negated: w.negated, value: w.text };
}

/** `-p` values are shared objects: there are only a few distinct ones in any ruleset. */
const PROTOCOLS = new Map<number, Negatable<string>>();

function protocolValue(n: number, negated: boolean): Negatable<string> {
  const key = negated ? -1 - n : n;
  let v = PROTOCOLS.get(key);
  if (!v) {
    v = { negated, value: protocolName(n) };
    PROTOCOLS.set(key, v);
  }
  return v;
}

function unparsedText(draft: RuleDraft): string {
  return draft.unparsed.length === 0
    ? ''
    : draft.unparsed.map((w) => ` ${verbatimArg(w)}`).join('');
}

function contextOf(draft: RuleDraft): ExtensionContext {
  const proto = draft.protocol?.number;
  return { family: draft.family, protocol: proto === 0 ? undefined : proto, numeric: true };
}

/** Reports a known extension's complaint at the option (or the `-m`/`-j` word) it is about. */
function reportResult(
  result: CanonicalResult | { readonly ok: true },
  instance: LoadedInstance | undefined,
  draft: RuleDraft,
  at: Locate,
  report: Report,
): void {
  if (result.ok) return;
  const where =
    (result.optionIndex === undefined ? undefined : instance?.optionTokens[result.optionIndex]) ??
    instance?.token ??
    draft.target?.token;
  if (where) report('syntax', 'error', result.error, at.at(where));
}

function buildMatches(
  draft: RuleDraft,
  at: Locate,
  report: Report,
): { matches: readonly Match[]; text: string } {
  const matches: Match[] = [];
  let text = '';
  const ctx = contextOf(draft);
  for (const m of draft.loaded) {
    if (m.kind !== 'match') continue;
    let match: Match = {
      module: m.name,
      options: exact(m.options),
      implicit: m.implicit,
      known: m.spec !== undefined,
    };
    const fragment = matchFragment(match, ctx);
    if (m.spec) reportResult(fragment.result, m, draft, at, report);
    text += fragment.text ?? '';
    match = fragment.value;
    const proto = draft.protocol?.number;
    if (
      m.spec &&
      PROTO_MATCHES.has(m.spec.name) &&
      (proto === undefined || implicitMatchFor(proto, draft.family) !== m.spec.name)
    ) {
      const needs = m.spec.name === 'icmp6' ? 'ipv6-icmp' : m.spec.name;
      if (m.token)
        report(
          'syntax',
          'error',
          `${m.spec.name.toUpperCase()} match requires '-p ${needs}'`,
          at.at(m.token),
        );
    }
    matches.push(match);
  }
  return { matches: exact(matches), text };
}

interface BuiltTarget {
  target?: Target;
  /** The save text, when validation already produced it. */
  text?: string | undefined;
}

function buildTarget(draft: RuleDraft, at: Locate, report: Report): BuiltTarget {
  const t = draft.target;
  if (!t) return {};
  if (t.name === '') {
    report('syntax', 'error', 'empty target name', at.at(t.token));
    return {};
  }
  if (t.goto) return shared('goto', t.name);
  if (VERDICTS.has(t.name)) return shared('verdict', t.name);
  const instance = draft.loaded.find((l) => l.kind === 'target');
  const options = instance ? exact(instance.options) : [];
  if (instance?.spec) {
    const fragment = targetFragment(
      { kind: 'extension', name: t.name, options, known: true },
      contextOf(draft),
    );
    reportResult(fragment.result, instance, draft, at, report);
    return { target: fragment.value, text: fragment.text };
  }
  if (options.length > 0 || isInstalledTarget(t.name, draft.family)) {
    if (isInstalledTarget(t.name, draft.family)) {
      report(
        'unknown-target',
        'warning',
        `target "${t.name}" is not modelled: kept and rendered as written`,
        at.at(t.token),
      );
    } else {
      report(
        'unknown-target',
        'error',
        `iptables v1.8.9 has no target "${t.name}" for IPv${draft.family}`,
        at.at(t.token),
      );
    }
    return { target: { kind: 'extension', name: t.name, options, known: false } };
  }
  return shared('jump', t.name);
}

/** Verdicts and jumps are shared objects too (see fragments.ts Shared). */
function shared(kind: 'verdict' | 'jump' | 'goto', word: string): BuiltTarget {
  const fragment = simpleTargetFragment(kind, word);
  return { target: fragment.value, text: fragment.text };
}

type Address = Negatable<string> | undefined;

/**
 * The common rule shapes as one literal each: a field added after the literal costs every rule a
 * separate property array (100k more objects for the garbage collector to copy).
 */
function commonRule(
  matches: readonly Match[],
  range: SourceRange,
  protocol: Address,
  source: Address,
  destination: Address,
  target: Target,
): Rule {
  if (protocol) {
    if (source)
      return destination
        ? { matches, range, protocol, source, destination, target }
        : { matches, range, protocol, source, target };
    return destination
      ? { matches, range, protocol, destination, target }
      : { matches, range, protocol, target };
  }
  if (source)
    return destination
      ? { matches, range, source, destination, target }
      : { matches, range, source, target };
  return destination ? { matches, range, destination, target } : { matches, range, target };
}

type Optional<T> = { [K in keyof T]?: T[K] | undefined };

/** Any other rule: fields assigned one by one in the model's order (no spreads: hot path). */
function anyRule(rule: Mutable<Rule>, f: Optional<Omit<Rule, 'matches' | 'range'>>): Rule {
  if (f.counters) rule.counters = f.counters;
  if (f.protocol) rule.protocol = f.protocol;
  if (f.source) rule.source = f.source;
  if (f.destination) rule.destination = f.destination;
  if (f.inInterface) rule.inInterface = f.inInterface;
  if (f.outInterface) rule.outInterface = f.outInterface;
  if (f.fragment) rule.fragment = f.fragment;
  if (f.target) rule.target = f.target;
  if (f.unparsed) rule.unparsed = f.unparsed;
  return rule;
}

/**
 * A rule's save text as one flat string. A rule without base fields would otherwise keep its
 * tail, and a tail of one non-empty part keeps that part: a memoized fragment, shared by design.
 */
function textOf(base: string, tail: string): string {
  return base === '' ? tail : [base, tail].join('');
}

/**
 * Turns a finished draft into model rules: canonical base fields, matches with options as
 * written (resolved to their long names), one rule per source × destination address.
 */
export function buildRules(
  draft: RuleDraft,
  range: SourceRange,
  at: Locate,
  report: Report,
): { rules: Rule[]; texts: string[] | undefined } {
  const sources = addresses(draft.source, draft.family, at, report);
  const destinations = addresses(draft.destination, draft.family, at, report);
  const inInterface = iface(draft.inInterface, at, report);
  const outInterface = iface(draft.outInterface, at, report);
  const proto = draft.protocol;
  const protocol =
    proto && proto.number !== 0 ? protocolValue(proto.number, proto.negated) : undefined;
  const { matches, text: matchesText } = buildMatches(draft, at, report);
  const { target, text: targetText } = buildTarget(draft, at, report);
  // The parser has every canonical piece at hand: remember each rule's save text for rendering.
  // join() copies into one flat string only when two or more parts are not empty; otherwise it
  // returns the part itself, which may be a tree of `+` pieces (kept alive per rule): see textOf.
  const tail = [
    matchesText,
    unparsedText(draft),
    target ? (targetText ?? targetFragment(target, contextOf(draft)).text ?? '') : '',
  ].join('');
  const remember = mergedMatches({ matches }) === matches;
  const rules: Rule[] = [];
  const texts: string[] | undefined = remember ? [] : undefined;
  const fragment = draft.fragment
    ? { negated: draft.fragment.negated, value: true as const }
    : undefined;
  const unparsed = draft.unparsed.length > 0 ? [...draft.unparsed] : undefined;
  for (const source of sources) {
    for (const destination of destinations) {
      const simple =
        target && !draft.counters && !inInterface && !outInterface && !fragment && !unparsed;
      const rule = simple
        ? commonRule(matches, range, protocol, source, destination, target)
        : anyRule(
            { matches, range },
            {
              counters: draft.counters,
              protocol,
              source,
              destination,
              inInterface,
              outInterface,
              fragment,
              target,
              unparsed,
            },
          );
      // join() yields one flat string; `+` would keep a tree of cons strings alive per rule.
      texts?.push(textOf(renderBase(rule), tail));
      rules.push(rule);
    }
  }
  return { rules, texts };
}
