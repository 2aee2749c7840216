/**
 * iptables-save text of single matches and targets, computed once per match/target object and
 * context. The parser computes them while validating (it needs the canonical form anyway), so
 * rendering a 100k-rule ruleset is mostly concatenation. WeakMaps: entries die with the model.
 */
import { canonicalMatchOf, canonicalTargetOf } from './canonical.ts';
import type { CanonicalResult, ExtensionContext } from './extensions/types.ts';
import { quoteSaveString } from './lex.ts';
import type { Match, RuleOption, Target } from './model.ts';

export interface Fragment {
  readonly key: number;
  /** Why the extension rejected its options (kept small: successes share one object). */
  readonly result: CanonicalResult | typeof OK;
  /** ` -m tcp --dport 80`, ` -j REDIRECT --to-ports 15001`; undefined when nf_tables drops it. */
  readonly text: string | undefined;
}

const OK = { ok: true } as const;
const MATCHES = new WeakMap<Match, Fragment>();
const TARGETS = new WeakMap<Target, Fragment>();

function keyOf(ctx: ExtensionContext): number {
  return ctx.family * 1024 + (ctx.protocol ?? 1023);
}

/** Quotes verbatim (unknown) arguments only when iptables-restore would split them. */
export function verbatimArg(a: string): string {
  return a === '' || /[\s"'\\]/.test(a) ? quoteSaveString(a) : a;
}

/** ` [!] --name arg…` for each option; free-text options quoted like iptables-save. */
export function renderOptions(options: readonly RuleOption[], textOptions: ReadonlySet<string> | undefined, known: boolean): string {
  const parts: string[] = [];
  for (const o of options) {
    parts.push(o.negated ? ' ! --' : ' --', o.name);
    for (const a of o.args) parts.push(' ', textOptions?.has(o.name) ? quoteSaveString(a) : known ? a : verbatimArg(a));
  }
  return parts.join('');
}

/** The save text of a match in a rule context (cached; ctx.numeric must be true). */
export function matchFragment(m: Match, ctx: ExtensionContext): Fragment {
  const key = keyOf(ctx);
  const hit = MATCHES.get(m);
  if (hit?.key === key) return hit;
  const { result, value } = canonicalMatchOf(m, ctx);
  const text = value && ` -m ${value.module}${renderOptions(value.options, value.spec?.textOptions, value.spec !== undefined)}`;
  const fragment = { key, result: result.ok ? OK : result, text };
  MATCHES.set(m, fragment);
  return fragment;
}

/** The save text of a target (`-j`/`-g` included), cached like matches. */
export function targetFragment(t: Target, ctx: ExtensionContext): Fragment {
  const key = keyOf(ctx);
  const hit = TARGETS.get(t);
  if (hit?.key === key) return hit;
  const { result, value } = canonicalTargetOf(t, ctx);
  let text: string;
  switch (value.kind) {
    case 'verdict':
      text = ` -j ${value.verdict}`;
      break;
    case 'jump':
      text = ` -j ${value.chain}`;
      break;
    case 'goto':
      text = ` -g ${value.chain}`;
      break;
    case 'extension':
      text = ` -j ${value.name}${renderOptions(value.options, value.spec?.textOptions, value.spec !== undefined)}`;
      break;
  }
  const fragment = { key, result: result.ok ? OK : result, text };
  TARGETS.set(t, fragment);
  return fragment;
}
