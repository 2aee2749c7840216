import type { RuleOrigin, SourceRange } from '@core';
import type { ExplorerState } from '../store/store.ts';
import { familyRuleKey, flagRangesStage, ruleLinksStage, rulesOfFlagStage } from './rule-links.ts';
import type { RuleLinks } from './rule-links.ts';

const NO_RULES: ReadonlySet<string> = new Set();
const NO_RANGES: readonly SourceRange[] = [];

/** The links model of the current args (computed on demand: only while something is hovered). */
export const selectRuleLinks = (s: ExplorerState): RuleLinks | undefined =>
  ruleLinksStage(s.input.mode, s.input.text, s.ipv6, s.dnsServers, s.version);

/** The rules (familyRuleKey) the hovered flag produced. */
export const selectLinkedRules = (s: ExplorerState): ReadonlySet<string> =>
  s.hoveredFlag === null ? NO_RULES : rulesOfFlagStage(selectRuleLinks(s), s.hoveredFlag);

/** Where the hovered rule's flags are written in the editor. */
export const selectLinkedFlagRanges = (s: ExplorerState): readonly SourceRange[] =>
  s.hoveredRule === null ? NO_RANGES : flagRangesStage(selectRuleLinks(s), s.hoveredRule);

/** Why the hovered rule exists. */
export const selectHoveredOrigin = (s: ExplorerState): RuleOrigin | undefined =>
  s.hoveredRule === null
    ? undefined
    : selectRuleLinks(s)?.origins.get(familyRuleKey(s.hoveredRule));

export const selectHoveredRule = (s: ExplorerState): ExplorerState['hoveredRule'] => s.hoveredRule;
export const selectDiffAgainst = (s: ExplorerState): ExplorerState['diffAgainst'] => s.diffAgainst;
