import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { IstioVersion, SourceRange } from '@core';

/** What the user typed into the editor. `mode` leaves room for pasted iptables-save later. */
export interface InputSpec {
  readonly mode: 'args';
  readonly text: string;
}

/**
 * The source of truth: everything a permalink must carry. Derived data (rules, views,
 * diagnostics) is never stored; `ui/state/derive.ts` computes it from this.
 */
export interface PersistedState {
  readonly v: 1;
  readonly input: InputSpec;
  readonly version: IstioVersion;
  readonly ipv6: boolean;
  /** Comma- or space-separated nameservers, as typed (Istio reads them from resolv.conf). */
  readonly dnsServers: string;
}

export type OutputTab = 'save' | 'restore' | 'dry-run' | 'list';

export const OUTPUT_TABS: readonly OutputTab[] = ['save', 'restore', 'dry-run', 'list'];

/** A one-shot request for the editor to select a range; `seq` makes repeats distinct. */
export interface RevealRequest {
  readonly range: SourceRange;
  readonly seq: number;
}

/** UI ephemera: shared through the store, never persisted. */
export interface EphemeralState {
  readonly outputTab: OutputTab;
  readonly revealRequest: RevealRequest | null;
}

/** A named bundle of inputs the presets menu can load in one step. */
export interface PresetInput {
  readonly text: string;
  readonly version: IstioVersion;
  readonly ipv6?: boolean;
  readonly dnsServers?: string;
}

export interface ExplorerActions {
  readonly setInputText: (text: string) => void;
  readonly setVersion: (version: IstioVersion) => void;
  readonly setIpv6: (ipv6: boolean) => void;
  readonly setDnsServers: (dnsServers: string) => void;
  readonly loadPreset: (preset: PresetInput) => void;
  readonly setOutputTab: (tab: OutputTab) => void;
  readonly revealRange: (range: SourceRange) => void;
}

export type ExplorerState = PersistedState & EphemeralState & ExplorerActions;
export type ExplorerStore = StoreApi<ExplorerState>;

/**
 * One vanilla store per app instance (and per test): persisted state plus ephemera, with the
 * actions colocated. Actions only record intent; they never compute derived data.
 *
 * @example
 * const store = createExplorerStore(defaultPersistedState('-p 15001'));
 * store.getState().setInputText('-p 15002');
 */
export function createExplorerStore(initial: PersistedState): ExplorerStore {
  return createStore<ExplorerState>()((set) => ({
    ...initial,
    outputTab: 'save',
    revealRequest: null,
    setInputText: (text) => set((s) => (s.input.text === text ? s : { input: { ...s.input, text } })),
    setVersion: (version) => set({ version }),
    setIpv6: (ipv6) => set({ ipv6 }),
    setDnsServers: (dnsServers) => set({ dnsServers }),
    loadPreset: (preset) =>
      set((s) => ({
        input: { mode: 'args', text: preset.text },
        version: preset.version,
        ipv6: preset.ipv6 ?? s.ipv6,
        dnsServers: preset.dnsServers ?? s.dnsServers,
      })),
    setOutputTab: (outputTab) => set({ outputTab }),
    revealRange: (range) =>
      set((s) => ({ revealRequest: { range, seq: (s.revealRequest?.seq ?? 0) + 1 } })),
  }));
}

/** The default persisted state for a given editor text (the latest profile's args, usually). */
export function defaultPersistedState(text: string): PersistedState {
  return { v: 1, input: { mode: 'args', text }, version: 'latest', ipv6: false, dnsServers: '' };
}

/** The persisted slice of a state, for permalinks (a fresh object: not a React selector). */
export function pickPersisted(s: ExplorerState): PersistedState {
  return { v: s.v, input: s.input, version: s.version, ipv6: s.ipv6, dnsServers: s.dnsServers };
}
