import { useDeferredValue } from 'react';
import type { Consequence } from '@core';
import { useDerived } from '../store/context.tsx';
import { selectConfig, selectStale, selectViews } from '../store/derived-selectors.ts';
import { consequencesStage } from './consequences.ts';

/**
 * The consequences of the current args (empty for pasted rules and for args with errors).
 * Deferred: the simulated packets never hold up a keystroke's rules, graph and trace.
 */
export function useConsequences(): readonly Consequence[] {
  const views = useDeferredValue(useDerived(selectViews));
  const stale = useDeferredValue(useDerived(selectStale));
  const config = useDeferredValue(useDerived(selectConfig));
  return consequencesStage(stale ? undefined : views?.rulesets, config);
}
