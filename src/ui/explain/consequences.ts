import { checkCapture } from '@core';
import type { Consequence, IstioConfig, Rulesets } from '@core';
import { memoizeLast } from '../lib/memoize-last.ts';

const NONE: readonly Consequence[] = [];

/**
 * What the current args do to the pod's traffic (redirect loop, app or inbound traffic escaping
 * Envoy, no listener), from the simulator. Only for args without errors: stale rules belong to
 * older args. The rules' flags come from the loaded rules' own `origin`.
 *
 * @example
 * consequencesStage(views.rulesets, config)[0]?.code; // 'redirect-loop' with -u 1000
 */
export const consequencesStage = memoizeLast(
  (rulesets: Rulesets | undefined, config: IstioConfig | undefined): readonly Consequence[] => {
    if (rulesets === undefined || config === undefined) return NONE;
    const found = checkCapture(rulesets, config);
    return found.length === 0 ? NONE : found;
  },
);
