import { useDeferredValue } from 'react';
import type { Consequence } from '@core';
import { ruleLinksStage } from '../diff/rule-links.ts';
import { useDerived, useExplorer } from '../store/context.tsx';
import { selectConfig, selectStale, selectViews } from '../store/derived-selectors.ts';
import { selectDnsServers, selectIpv6, selectVersion } from '../store/selectors.ts';
import type { ExplorerState } from '../store/store.ts';
import { consequencesStage } from './consequences.ts';

const selectInput = (s: ExplorerState): ExplorerState['input'] => s.input;

/**
 * The consequences of the current args (empty for pasted rules and for args with errors).
 * Deferred: the simulated packets and the rule links never hold up a keystroke's rules, graph
 * and trace.
 */
export function useConsequences(): readonly Consequence[] {
  const views = useDeferredValue(useDerived(selectViews));
  const stale = useDeferredValue(useDerived(selectStale));
  const config = useDeferredValue(useDerived(selectConfig));
  const input = useDeferredValue(useExplorer(selectInput));
  const ipv6 = useDeferredValue(useExplorer(selectIpv6));
  const dns = useDeferredValue(useExplorer(selectDnsServers));
  const version = useDeferredValue(useExplorer(selectVersion));
  const links = ruleLinksStage(input.mode, input.text, ipv6, dns, version);
  return consequencesStage(stale ? undefined : views?.rulesets, config, links);
}
