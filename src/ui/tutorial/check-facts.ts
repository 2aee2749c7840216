import { hasErrors } from '@core';
import type { Deriver } from '../store/derived.ts';
import type { ExplorerState } from '../store/store.ts';
import type { CheckFacts } from './check.ts';

/**
 * The facts an exercise is checked against, computed afresh from the reader's persisted state
 * with a private deriver (`derive`, fresh from `createDeriver()`): synchronous (no worker), so a check never sees a pending or stale
 * result, and the page's own memo stages are left alone.
 *
 * @example
 * checkExercise(step.exercise, buildCheckFacts(store.getState(), createDeriver())).kind; // 'passed' | 'failed'
 */
export function buildCheckFacts(
  state: Pick<
    ExplorerState,
    'input' | 'version' | 'ipv6' | 'dnsServers' | 'otherText' | 'path' | 'dataplane' | 'backend'
  >,
  derive: Deriver,
): CheckFacts {
  const base = {
    input: state.input,
    version: state.version,
    ipv6: state.ipv6,
    dnsServers: state.dnsServers,
    otherText: state.otherText,
    ...(state.dataplane === undefined ? {} : { dataplane: state.dataplane }),
    ...(state.backend === undefined ? {} : { backend: state.backend }),
  };
  const derived = derive(state.path === undefined ? base : { ...base, path: state.path });
  const errors = derived.stale || hasErrors(derived.diagnostics.map((d) => d.diagnostic));
  const views = errors ? undefined : derived.views;
  return {
    version: state.version,
    backend: state.backend ?? 'iptables',
    hasErrors: errors,
    rulesets: views?.rulesets,
    saveTexts: views?.families.map((f) => f.save) ?? [],
    path: () => {
      const withPath = derive({
        ...base,
        ...(state.path === undefined ? {} : { path: state.path }),
        mainView: 'path',
      });
      return withPath.path?.stale === false ? withPath.path.path : undefined;
    },
  };
}
