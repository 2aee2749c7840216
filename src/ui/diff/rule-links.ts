import { generateRules, hasErrors, parseIstioArgs, ruleOrigins } from '@core';
import type { FlagOccurrence, IpFamily, IstioVersion, RuleOrigin, SourceRange } from '@core';
import { parseDnsServers } from '../state/derive.ts';
import { memoizeLast } from '../state/memoize-last.ts';
import type { InputMode } from '../state/store.ts';
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
 * Links for istio-init args: parse, generate, replay origins per family. Undefined for pasted
 * rules (no flags made them) and for args with errors (the pane then shows older rules).
 *
 * @example
 * buildRuleLinks('args', '-p 15001 -u 1337', false, '', 'latest')?.flags[0]?.flag; // 'envoy-port'
 */
export function buildRuleLinks(
  mode: InputMode,
  text: string,
  ipv6: boolean,
  dnsServers: string,
  version: IstioVersion,
): RuleLinks | undefined {
  if (mode !== 'args') return undefined;
  const parsed = parseIstioArgs(text, {
    enableIPv6: ipv6,
    dnsServers: parseDnsServers(dnsServers).servers,
  });
  if (hasErrors(parsed.diagnostics)) return undefined;
  const rules = generateRules(parsed.value.config, version, parsed.value.flags);
  const origins = new Map<string, RuleOrigin>();
  const families: IpFamily[] = rules.enableIPv6 ? [4, 6] : [4];
  for (const family of families) {
    for (const [ref, origin] of ruleOrigins(rules, family))
      origins.set(familyRuleKey({ family, ref }), origin);
  }
  return { origins, flags: parsed.value.flags };
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

/** Module-scope memo stages: one links model per (mode, text, ipv6, dns, version). */
export const ruleLinksStage = memoizeLast(buildRuleLinks);
export const rulesOfFlagStage = memoizeLast(rulesOfFlag);
export const flagRangesStage = memoizeLast(flagRangesOfRule);
