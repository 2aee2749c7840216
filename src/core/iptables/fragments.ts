/**
 * iptables-save text of rules, matches and targets. The parser validates every known match and
 * target by canonicalizing it, so it also records the finished `-A` text of each rule it builds
 * (one WeakMap entry per rule); rendering a 100k-rule dump is then mostly concatenation. Rules
 * built elsewhere (the generator) are rendered from scratch and cached the same way.
 */
import type { Family } from './address.ts';
import {
  canonicalBase,
  canonicalMatchOf,
  canonicalTargetOf,
  mergedMatches,
  ruleContext,
  type CanonicalRule,
} from './canonical.ts';
import type { CanonicalResult, ExtensionContext } from './extensions/types.ts';
import { quoteSaveString } from './lex.ts';
import type { Chain, Match, Rule, RuleOption, Ruleset, Target, Verdict } from './model.ts';

export interface Fragment {
  readonly result: CanonicalResult;
  /** ` -m tcp --dport 80`, ` -j REDIRECT --to-ports 15001`; undefined when nf_tables drops it. */
  readonly text: string | undefined;
}

/**
 * A fragment plus the first match/target object it was computed for. The parser reuses that
 * object for every later rule with the same content: models are immutable, and a 100k-rule dump
 * repeats `-m tcp --dport 80` thousands of times (fewer live objects, much less GC).
 */
export interface Shared<T> extends Fragment {
  readonly value: T;
}

/**
 * Save texts of a parsed ruleset's rules, per chain and parallel to `chain.rules` (the parser
 * assembles them while validating). One WeakMap entry per ruleset; plain arrays inside.
 */
export type ChainTexts = Map<Chain, readonly (string | undefined)[]>;

const RULESET_TEXTS = new WeakMap<
  Ruleset,
  { readonly family: Family; readonly texts: ChainTexts }
>();

/** Quotes verbatim (unknown) arguments only when iptables-restore would split them. */
export function verbatimArg(a: string): string {
  return a === '' || /[\s"'\\]/.test(a) ? quoteSaveString(a) : a;
}

/** ` [!] --name arg…` for each option; free-text options quoted like iptables-save. */
export function renderOptions(
  options: readonly RuleOption[],
  textOptions: ReadonlySet<string> | undefined,
  known: boolean,
): string {
  let out = '';
  for (const o of options) {
    out += o.negated ? ' ! --' : ' --';
    out += o.name;
    for (const a of o.args)
      out += ' ' + (textOptions?.has(o.name) ? quoteSaveString(a) : known ? a : verbatimArg(a));
  }
  return out;
}

/**
 * Canonicalization is a pure function of (family, protocol, name, options), and big dumps repeat
 * the same matches thousands of times (`-m tcp --dport 80`, kube-proxy's probabilities), so
 * results are memoized by content. Bounded: cleared when it grows past MEMO_LIMIT entries.
 */
const MEMO_LIMIT = 20_000;
const memo = new Map<string, Shared<Match> | Shared<Target>>();

function memoKey(ctx: ExtensionContext, head: string, options: readonly RuleOption[]): string {
  let key = `${ctx.family}|${ctx.protocol ?? ''}|${head}`;
  for (const o of options) {
    key += o.negated ? '|!' : '|';
    key += o.name;
    for (const a of o.args) key += `\u0000${a}`;
  }
  return key;
}

function remember<T extends Shared<Match> | Shared<Target>>(key: string, fragment: T): T {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, fragment);
  return fragment;
}

/** The save text of a match in a rule context, and whether its extension accepted it. */
export function matchFragment(m: Match, ctx: ExtensionContext): Shared<Match> {
  // Free text (comments) rarely repeats: a memo key would cost more than it saves.
  if (m.known && FREE_TEXT_MATCHES.has(m.module)) return computeMatchFragment(m, ctx);
  const key = memoKey(ctx, `${m.known ? 'm' : 'u'}${m.implicit ? 'i' : ''}${m.module}`, m.options);
  const hit = memo.get(key) as Shared<Match> | undefined;
  return hit ?? remember(key, computeMatchFragment(m, ctx));
}

const FREE_TEXT_MATCHES: ReadonlySet<string> = new Set(['comment']);

function computeMatchFragment(m: Match, ctx: ExtensionContext): Shared<Match> {
  const { result, value } = canonicalMatchOf(m, ctx);
  const text =
    value &&
    ` -m ${value.module}${renderOptions(value.options, value.spec?.textOptions, value.spec !== undefined)}`;
  return { result, text, value: m };
}

/** The save text of a target (`-j`/`-g` included). */
export function targetFragment(t: Target, ctx: ExtensionContext): Shared<Target> {
  switch (t.kind) {
    case 'verdict':
    case 'jump':
    case 'goto':
      return simpleTargetFragment(t.kind, t.kind === 'verdict' ? t.verdict : t.chain);
    case 'extension':
      // Not memoized: extension targets (DNAT addresses, marks) rarely repeat in big dumps.
      return { ...extensionTargetFragment(t, ctx), value: t };
  }
}

const OK: CanonicalResult = { ok: true, options: [] };

/**
 * Above the number of chains of big kube-proxy dumps (30k+ KUBE-SVC/KUBE-SEP): at MEMO_LIMIT the
 * jump cache was cleared over and over while parsing one dump, remaking every jump target.
 */
const SIMPLE_TARGET_LIMIT = 100_000;

/** Shared verdict/jump/goto targets, one map per kind keyed by the bare word (no key strings). */
const SIMPLE_TARGETS = {
  verdict: new Map<string, Shared<Target>>(),
  jump: new Map<string, Shared<Target>>(),
  goto: new Map<string, Shared<Target>>(),
};

/**
 * The shared target object and save text of `-j VERDICT`, `-j CHAIN` or `-g CHAIN`.
 * A verdict word must be one of VERDICTS (the caller checked).
 */
export function simpleTargetFragment(
  kind: 'verdict' | 'jump' | 'goto',
  word: string,
): Shared<Target> {
  const cache = SIMPLE_TARGETS[kind];
  const hit = cache.get(word);
  if (hit) return hit;
  if (cache.size >= SIMPLE_TARGET_LIMIT) cache.clear();
  const value: Target =
    kind === 'verdict' ? { kind, verdict: word as Verdict } : { kind, chain: word };
  const made = { result: OK, text: ` ${kind === 'goto' ? '-g' : '-j'} ${word}`, value };
  cache.set(word, made);
  return made;
}

function extensionTargetFragment(t: Target, ctx: ExtensionContext): Fragment {
  const { result, value } = canonicalTargetOf(t, ctx);
  switch (value.kind) {
    case 'verdict':
      return { result, text: ` -j ${value.verdict}` };
    case 'jump':
      return { result, text: ` -j ${value.chain}` };
    case 'goto':
      return { result, text: ` -g ${value.chain}` };
    case 'extension':
      return {
        result,
        text: ` -j ${value.name}${renderOptions(value.options, value.spec?.textOptions, value.spec !== undefined)}`,
      };
  }
}

function negatable(flag: string, v: { negated: boolean; value: string } | undefined): string {
  return v ? `${v.negated ? ' !' : ''} ${flag} ${v.value}` : '';
}

/** ` -s … -d … -i … -o … -p … -f` of canonical base fields, in iptables-save's order. */
export function renderBase(base: Omit<CanonicalRule, 'matches' | 'target'>): string {
  let out = negatable('-s', base.source) + negatable('-d', base.destination);
  out +=
    negatable('-i', base.inInterface) +
    negatable('-o', base.outInterface) +
    negatable('-p', base.protocol);
  if (base.fragment) out += `${base.fragment.negated ? ' !' : ''} -f`;
  return out;
}

/** Records the texts the parser assembled for the rules of a ruleset it built. */
export function attachRuleTexts(ruleset: Ruleset, texts: ChainTexts): void {
  RULESET_TEXTS.set(ruleset, { family: ruleset.family, texts });
}

/** The texts recorded for a ruleset, if the parser built it (and nobody changed its family). */
export function ruleTextsOf(ruleset: Ruleset): ChainTexts | undefined {
  const hit = RULESET_TEXTS.get(ruleset);
  return hit?.family === ruleset.family ? hit.texts : undefined;
}

/** The words after `-A CHAIN` (leading space when not empty), canonical; `known` if recorded. */
export function ruleSpecText(rule: Rule, family: Family, known?: string): string {
  if (known !== undefined) return known;
  const base = canonicalBase(rule, family);
  const ctx = ruleContext(rule, family);
  let out = renderBase(base);
  for (const m of mergedMatches(rule)) out += matchFragment(m, ctx).text ?? '';
  if (base.unparsed) out += base.unparsed.map((w) => ` ${verbatimArg(w)}`).join('');
  if (rule.target) out += targetFragment(rule.target, ctx).text ?? '';
  return out;
}
