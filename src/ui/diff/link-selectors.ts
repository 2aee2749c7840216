import { NFT_BACKEND_ERAS } from '@core';
import type { RuleOrigin, SourceRange } from '@core';
import type { Derived } from '../store/derived.ts';
import type { ExplorerState } from '../store/store.ts';
import { familyRuleKey, flagRangesStage, ruleLinksStage, rulesOfFlagStage } from './rule-links.ts';
import type { RuleLinks } from './rule-links.ts';

const NO_RULES: ReadonlySet<string> = new Set();
const NO_RANGES: readonly SourceRange[] = [];

/**
 * The links model of the current args: the loaded rules' origins from the derived views (no
 * second generate), only while they belong to the current text (args mode, not stale).
 */
export const selectRuleLinks = (_s: ExplorerState, d: Derived): RuleLinks | undefined =>
  d.mode !== 'args' || d.stale ? undefined : ruleLinksStage(d.views?.rulesets, d.flags);

/** The rules (familyRuleKey) the hovered flag produced. */
export const selectLinkedRules = (s: ExplorerState, d: Derived): ReadonlySet<string> =>
  s.hoveredFlag === null ? NO_RULES : rulesOfFlagStage(selectRuleLinks(s, d), s.hoveredFlag);

/** Where the hovered rule's flags are written in the editor. */
export const selectLinkedFlagRanges = (s: ExplorerState, d: Derived): readonly SourceRange[] =>
  s.hoveredRule === null ? NO_RANGES : flagRangesStage(selectRuleLinks(s, d), s.hoveredRule);

/** Why the hovered rule exists. */
export const selectHoveredOrigin = (s: ExplorerState, d: Derived): RuleOrigin | undefined =>
  s.hoveredRule === null
    ? undefined
    : selectRuleLinks(s, d)?.origins.get(familyRuleKey(s.hoveredRule));

export const selectHoveredRule = (s: ExplorerState): ExplorerState['hoveredRule'] => s.hoveredRule;
export const selectDiffAgainst = (s: ExplorerState): ExplorerState['diffAgainst'] => s.diffAgainst;

/**
 * Why "the other backend" cannot be compared with now (a message key), or undefined when it can:
 * istio-init args, the sidecar data plane and a profile with the nftables backend (1.27+).
 */
export const selectBackendCompareBlocker = (
  s: ExplorerState,
):
  | 'diff.otherBackendArgsOnly'
  | 'diff.otherBackendSidecar'
  | 'diff.otherBackendProfile'
  | undefined =>
  s.input.mode !== 'args'
    ? 'diff.otherBackendArgsOnly'
    : (s.dataplane?.plane ?? 'sidecar') !== 'sidecar'
      ? 'diff.otherBackendSidecar'
      : NFT_BACKEND_ERAS[s.version] === 'none'
        ? 'diff.otherBackendProfile'
        : undefined;
