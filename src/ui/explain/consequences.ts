import { checkCapture } from '@core';
import type { Consequence, IstioConfig, RuleRef, Rulesets } from '@core';
import { familyRuleKey } from '../diff/rule-links.ts';
import type { RuleLinks } from '../diff/rule-links.ts';
import { memoizeLast } from '../lib/memoize-last.ts';

const NONE: readonly Consequence[] = [];

/**
 * What the current args do to the pod's traffic (redirect loop, app or inbound traffic escaping
 * Envoy, no listener), from the simulator. Only for args without errors: stale rules belong to
 * older args.
 *
 * @example
 * consequencesStage(views.rulesets, config, links)[0]?.code; // 'redirect-loop' with -u 1000
 */
export const consequencesStage = memoizeLast(
  (
    rulesets: Rulesets | undefined,
    config: IstioConfig | undefined,
    links: RuleLinks | undefined,
  ): readonly Consequence[] => {
    if (rulesets === undefined || config === undefined) return NONE;
    const found = checkCapture(rulesets, config, {
      originOf: (ref: RuleRef, rule) =>
        rule?.origin?.flags ?? links?.origins.get(familyRuleKey({ family: 4, ref }))?.flags ?? [],
    });
    return found.length === 0 ? NONE : found;
  },
);
