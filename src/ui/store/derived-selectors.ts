import type { Derived } from './derived.ts';

/** Module-scope selectors over derived data; each returns a stable value while inputs are unchanged. */
export const selectDiagnostics = (d: Derived): Derived['diagnostics'] => d.diagnostics;
export const selectViews = (d: Derived): Derived['views'] => d.views;
export const selectStale = (d: Derived): boolean => d.stale;
export const selectPending = (d: Derived): boolean => d.pending === true;
export const selectSource = (d: Derived): Derived['source'] => d.source;
export const selectMode = (d: Derived): Derived['mode'] => d.mode;
export const selectDns = (d: Derived): Derived['dns'] => d.dns;
export const selectErrorCount = (d: Derived): number =>
  d.diagnostics.reduce((n, x) => (x.diagnostic.severity === 'error' ? n + 1 : n), 0);
export const selectConfig = (d: Derived): Derived['config'] => d.config;
const NO_SETUP: readonly string[] = [];
/** Ambient: the `ip rule` / `ip route` commands the node agent adds besides iptables. */
export const selectPodSetup = (d: Derived): readonly string[] => d.pod?.setup ?? NO_SETUP;
/** What the ambient / CNI-plugin input produced besides its rules (absent for istio-init). */
export const selectPodInfo = (d: Derived): Derived['pod'] => d.pod;
export const selectPod = (d: Derived): Derived['pod'] => d.pod;
/** True when the shown rules are an nftables program (generated or pasted). */
export const selectIsNft = (d: Derived): boolean => d.views?.nft !== undefined;
