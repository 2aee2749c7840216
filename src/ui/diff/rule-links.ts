import { nftRuleRef, ruleRef } from '@core';
import type { FlagOccurrence, RuleOrigin, Rulesets, SourceRange } from '@core';
import { memoizeLast } from '../lib/memoize-last.ts';
import type { FamilyRule } from './link-types.ts';

/** Where each generated rule came from and where each flag sits in the editor text. */
export interface RuleLinks {
  /** `4:nat/ISTIO_OUTPUT#3` → origin. */
  readonly origins: ReadonlyMap<string, RuleOrigin>;
  readonly flags: readonly FlagOccurrence[];
}

/** The key of a rule in {@link RuleLinks.origins}. */
export const familyRuleKey = (r: FamilyRule): string => `${r.family}:${r.ref}`;

/**
 * Links for istio-init args: each loaded rule's `origin` (set by the core's loader, at its final
 * position) and the args' flag occurrences. Undefined without rules or flags (pasted rules, args
 * with errors: the pane then shows older rules).
 *
 * @example
 * buildRuleLinks(derived.views?.rulesets, parseIstioArgs('-p 15001 -u 1337').value.flags)?.flags[0]?.flag; // 'envoy-port'
 */
export function buildRuleLinks(
  rulesets: Rulesets | undefined,
  flags: readonly FlagOccurrence[] | undefined,
): RuleLinks | undefined {
  if (rulesets === undefined || flags === undefined) return undefined;
  const origins = new Map<string, RuleOrigin>();
  for (const ruleset of [rulesets.v4, rulesets.v6]) {
    if (ruleset === undefined) continue;
    for (const table of ruleset.tables) {
      for (const chain of table.chains) {
        chain.rules.forEach((rule, i) => {
          if (rule.origin === undefined) return;
          const ref = ruleRef(table.name, chain.name, i + 1);
          origins.set(familyRuleKey({ family: ruleset.family, ref }), rule.origin);
        });
      }
    }
  }
  // nftables rules (one inet program for both families) are keyed under 4 with their own refs.
  for (const table of rulesets.nft?.tables ?? []) {
    for (const chain of table.chains) {
      chain.rules.forEach((rule, i) => {
        if (rule.origin === undefined) return;
        const ref = nftRuleRef(table.family, table.name, chain.name, i + 1);
        origins.set(familyRuleKey({ family: 4, ref }), rule.origin);
      });
    }
  }
  return { origins, flags };
}

/**
 * The rules a flag produced, as {@link familyRuleKey} keys.
 *
 * @example
 * rulesOfFlag(links, 'proxy-uid').has('4:nat/ISTIO_OUTPUT#4'); // true
 */
export function rulesOfFlag(
  links: RuleLinks | undefined,
  flag: string | null,
): ReadonlySet<string> {
  const out = new Set<string>();
  if (links === undefined || flag === null) return out;
  for (const [key, origin] of links.origins) if (origin.flags.includes(flag)) out.add(key);
  return out;
}

/**
 * Where the flags that produced a rule are written in the editor text (every occurrence).
 *
 * @example
 * flagRangesOfRule(links, { family: 4, ref: 'nat/ISTIO_OUTPUT#4' }); // [{ start: 17, end: 19, … }]
 */
export function flagRangesOfRule(
  links: RuleLinks | undefined,
  rule: FamilyRule | null,
): readonly SourceRange[] {
  if (links === undefined || rule === null) return [];
  const origin = links.origins.get(familyRuleKey(rule));
  if (origin === undefined) return [];
  return links.flags.filter((f) => origin.flags.includes(f.flag)).map((f) => f.range);
}

/**
 * The flag written at a text offset (on the flag or its value), if any.
 *
 * @example
 * flagAt(links, 1); // 'envoy-port' for '-p 15001'
 */
export function flagAt(links: RuleLinks | undefined, offset: number): string | null {
  if (links === undefined) return null;
  for (const f of links.flags) {
    const end = Math.max(f.range.end, f.valueRange?.end ?? f.range.end);
    if (offset >= f.range.start && offset <= end) return f.flag;
  }
  return null;
}

/** Module-scope memo stages: one links model per (rulesets, flags). */
export const ruleLinksStage = memoizeLast(buildRuleLinks);
export const rulesOfFlagStage = memoizeLast(rulesOfFlag);
export const flagRangesStage = memoizeLast(flagRangesOfRule);
