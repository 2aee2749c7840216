import type { Dataplane } from '../dataplane/dataplane-spec.ts';
import type { Backend, ExplorerState } from './store.ts';

/** Module-scope selectors (STYLE.md §4): the smallest slice each component needs. */
/** The editor's text: istio-init args (or a dump) in sidecar mode, else the data plane's settings. */
export const selectText = (s: ExplorerState): string => {
  const plane = s.dataplane?.plane ?? 'sidecar';
  return plane === 'sidecar' || s.dataplane === undefined ? s.input.text : s.dataplane[plane];
};
/** The sidecar editor's text (istio-init args or a dump), whatever the data plane. */
export const selectArgsText = (s: ExplorerState): string => s.input.text;
export const selectDataplane = (s: ExplorerState): Dataplane => s.dataplane?.plane ?? 'sidecar';
export const selectAmbientNode = (s: ExplorerState): boolean => s.dataplane?.node === true;
export const selectBackend = (s: ExplorerState): Backend => s.backend ?? 'iptables';
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

/** What the editor holds: istio-init args, a pasted dump, or a data plane's settings. */
export type EditorKind = 'args' | 'iptables-save' | Exclude<Dataplane, 'sidecar'>;
export const selectEditorKind = (s: ExplorerState): EditorKind => {
  const plane = s.dataplane?.plane ?? 'sidecar';
  return plane === 'sidecar' ? s.input.mode : plane;
};
