import type { Consequence } from '@core';
import { selectRuleLinks } from '../diff/link-selectors.ts';
import { useDerived, useExplorer } from '../state/context.tsx';
import { selectConfig, selectStale, selectViews } from '../state/derived-selectors.ts';
import { consequencesStage } from './consequences.ts';

/** The consequences of the current args (empty for pasted rules and for args with errors). */
export function useConsequences(): readonly Consequence[] {
  const views = useDerived(selectViews);
  const stale = useDerived(selectStale);
  const config = useDerived(selectConfig);
  const links = useExplorer(selectRuleLinks);
  return consequencesStage(stale ? undefined : views?.rulesets, config, links);
}
