import type { ExplorerState } from './store.ts';

/** Module-scope selectors (STYLE.md §4): the smallest slice each component needs. */
export const selectText = (s: ExplorerState): string => s.input.text;
export const selectVersion = (s: ExplorerState): ExplorerState['version'] => s.version;
export const selectIpv6 = (s: ExplorerState): boolean => s.ipv6;
export const selectDnsServers = (s: ExplorerState): string => s.dnsServers;
export const selectOutputTab = (s: ExplorerState): ExplorerState['outputTab'] => s.outputTab;
export const selectRevealRequest = (s: ExplorerState): ExplorerState['revealRequest'] =>
  s.revealRequest;
export const selectInputMode = (s: ExplorerState): ExplorerState['input']['mode'] => s.input.mode;
export const selectLang = (s: ExplorerState): ExplorerState['lang'] => s.lang;
export const selectPacket = (s: ExplorerState): ExplorerState['packet'] => s.packet;
export const selectGraphFamily = (s: ExplorerState): ExplorerState['graphFamily'] => s.graphFamily;
export const selectWorkbenchView = (s: ExplorerState): ExplorerState['workbenchView'] =>
  s.workbenchView;
export const selectSelectedRule = (s: ExplorerState): ExplorerState['selectedRule'] =>
  s.selectedRule;
export const selectMainView = (s: ExplorerState): ExplorerState['mainView'] => s.mainView;
export const selectPathSpec = (s: ExplorerState): NonNullable<ExplorerState['path']> | undefined =>
  s.path;
