import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { IpFamily, IstioVersion, RuleRef, SourceRange } from '@core';
import type { Lang } from '../i18n/messages.ts';
import { DEFAULT_PATH_SPEC } from '../path/path-spec.ts';
import type { PathSpec } from '../path/path-spec.ts';
import type { DiffAgainst, FamilyRule } from '../diff/link-types.ts';
import { DEFAULT_DATAPLANE } from '../dataplane/dataplane-spec.ts';
import type { Dataplane, DataplaneSpec } from '../dataplane/dataplane-spec.ts';

/** What the editor holds: istio-init args, or a pasted iptables-save/restore dump. */
export type InputMode = 'args' | 'iptables-save';

/** What the user typed into the editor. */
export interface InputSpec {
  readonly mode: InputMode;
  readonly text: string;
}

/**
 * The packet of the workbench as typed (strings, so half-typed values survive). `preset` names
 * the typical packet it was filled from, or 'custom' once a field was edited.
 */
export interface PacketForm {
  readonly preset: string;
  readonly direction: 'outbound' | 'inbound';
  readonly proto: 'tcp' | 'udp';
  readonly src: string;
  readonly dst: string;
  readonly sport: string;
  readonly dport: string;
  readonly uid: string;
  readonly gid: string;
}

export type PacketField = Exclude<keyof PacketForm, 'preset'>;

/**
 * The source of truth: everything a permalink must carry. Derived data (rules, views,
 * diagnostics, traces) is never stored; `ui/state/derive.ts` computes it from this.
 */
export interface PersistedState {
  readonly v: 2;
  readonly input: InputSpec;
  /** The other mode's editor text, kept so switching modes back and forth loses nothing. */
  readonly otherText: string;
  readonly version: IstioVersion;
  readonly ipv6: boolean;
  /** Comma- or space-separated nameservers, as typed (Istio reads them from resolv.conf). */
  readonly dnsServers: string;
  readonly lang: Lang;
  readonly packet: PacketForm;
  /** The Bookinfo path's routing YAML, headers and request; absent = the defaults (older links). */
  readonly path?: PathSpec;
  /** Who writes the rules and the ambient / CNI-plugin editor texts; absent = sidecar (older links). */
  readonly dataplane?: DataplaneSpec;
  /** Istio's rule backend: iptables, or `--native-nftables` (1.27+); absent = iptables (older links). */
  readonly backend?: Backend;
}

/** Which of Istio's backends writes the sidecar's rules. */
export type Backend = 'iptables' | 'nftables';

export type OutputTab = 'save' | 'restore' | 'dry-run' | 'list';

export const OUTPUT_TABS: readonly OutputTab[] = ['save', 'restore', 'dry-run', 'list'];

export type WorkbenchView = 'single' | 'batch';

/** What the main (right) column shows: the chain graph with the rules, or the Bookinfo path. */
export type MainView = 'graph' | 'path';

/** A one-shot request for the editor to select a range; `seq` makes repeats distinct. */
export interface RevealRequest {
  readonly range: SourceRange;
  readonly seq: number;
}

/** UI ephemera: shared through the store, never persisted. */
export interface EphemeralState {
  readonly outputTab: OutputTab;
  readonly revealRequest: RevealRequest | null;
  /** Which family's chain graph is shown. */
  readonly graphFamily: IpFamily;
  readonly workbenchView: WorkbenchView;
  /** A rule picked in the workbench or the graph; the graph and the rules pane show it. */
  readonly selectedRule: RuleRef | null;
  /** Bumped when asynchronous derived work (a big paste parsed in the worker) has arrived. */
  readonly asyncRevision: number;
  readonly mainView: MainView;
  /** A netfilter step of the Bookinfo path whose traversal the chain graph lights up instead of the workbench packet. */
  readonly graphStep: string | null;
  /** What the rules pane compares its output with ('off': no diff). */
  readonly diffAgainst: DiffAgainst;
  /** The flag (long name) under the editor's mouse or cursor: its rules light up. */
  readonly hoveredFlag: string | null;
  /** The rule under the mouse in the rules pane: its flags light up in the editor. */
  readonly hoveredRule: FamilyRule | null;
}

/** A named bundle of inputs the presets menu can load in one step. */
export interface PresetInput {
  readonly text: string;
  readonly version: IstioVersion;
  readonly ipv6?: boolean;
  readonly dnsServers?: string;
  /** An ambient or CNI-plugin settings text (switches the data plane); absent = istio-init args. */
  readonly dataplane?: Exclude<Dataplane, 'sidecar'>;
}

export interface ExplorerActions {
  /** Sets the editor's text: the args (or dump) in sidecar mode, else the data plane's settings. */
  readonly setInputText: (text: string) => void;
  readonly setDataplane: (plane: Dataplane) => void;
  /** Ambient: the node's host-probe rules (true) or the pod's in-pod rules. */
  readonly setAmbientNode: (node: boolean) => void;
  /** Switches the editor's mode; `prefill` is used when the other mode has no text yet. */
  readonly setInputMode: (mode: InputMode, prefill: string) => void;
  readonly setVersion: (version: IstioVersion) => void;
  readonly setBackend: (backend: Backend) => void;
  readonly setIpv6: (ipv6: boolean) => void;
  readonly setDnsServers: (dnsServers: string) => void;
  readonly loadPreset: (preset: PresetInput) => void;
  readonly setOutputTab: (tab: OutputTab) => void;
  readonly revealRange: (range: SourceRange) => void;
  readonly setLang: (lang: Lang) => void;
  readonly setPacket: (packet: PacketForm) => void;
  readonly setPacketField: (field: PacketField, value: string) => void;
  readonly setGraphFamily: (family: IpFamily) => void;
  readonly setWorkbenchView: (view: WorkbenchView) => void;
  readonly selectRule: (rule: RuleRef | null) => void;
  readonly bumpAsyncRevision: () => void;
  readonly setPathSpec: (patch: Partial<PathSpec>) => void;
  readonly setMainView: (view: MainView) => void;
  /** Lights up a path step's traversal in the chain graph (null: back to the workbench packet). */
  readonly showStepInGraph: (step: string | null) => void;
  readonly setDiffAgainst: (against: DiffAgainst) => void;
  readonly hoverFlag: (flag: string | null) => void;
  readonly hoverRule: (rule: FamilyRule | null) => void;
}

export type ExplorerState = PersistedState & EphemeralState & ExplorerActions;
export type ExplorerStore = StoreApi<ExplorerState>;

function withPacketField(p: PacketForm, field: PacketField, value: string): PacketForm {
  if (p[field] === value) return p;
  if (field === 'direction')
    return value === 'inbound' || value === 'outbound'
      ? { ...p, preset: 'custom', direction: value }
      : p;
  if (field === 'proto')
    return value === 'tcp' || value === 'udp' ? { ...p, preset: 'custom', proto: value } : p;
  return { ...p, preset: 'custom', [field]: value };
}

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
    graphFamily: 4,
    workbenchView: 'single',
    selectedRule: null,
    asyncRevision: 0,
    mainView: 'graph',
    graphStep: null,
    diffAgainst: 'off',
    hoveredFlag: null,
    hoveredRule: null,
    setInputText: (text) =>
      set((s) => {
        const plane = s.dataplane?.plane ?? 'sidecar';
        if (plane === 'sidecar') return s.input.text === text ? s : { input: { ...s.input, text } };
        const dataplane = s.dataplane ?? DEFAULT_DATAPLANE;
        return dataplane[plane] === text ? s : { dataplane: { ...dataplane, [plane]: text } };
      }),
    setDataplane: (plane) =>
      set((s) =>
        (s.dataplane?.plane ?? 'sidecar') === plane
          ? s
          : {
              dataplane: { ...(s.dataplane ?? DEFAULT_DATAPLANE), plane },
              selectedRule: null,
              graphStep: null,
            },
      ),
    setAmbientNode: (node) =>
      set((s) => ({
        dataplane: { ...(s.dataplane ?? DEFAULT_DATAPLANE), node },
        selectedRule: null,
      })),
    setInputMode: (mode, prefill) =>
      set((s) =>
        s.input.mode === mode
          ? s
          : {
              input: { mode, text: s.otherText === '' ? prefill : s.otherText },
              otherText: s.input.text,
              selectedRule: null,
            },
      ),
    setVersion: (version) => set({ version }),
    setBackend: (backend) =>
      set((s) => ((s.backend ?? 'iptables') === backend ? s : { backend, selectedRule: null })),
    setIpv6: (ipv6) => set({ ipv6 }),
    setDnsServers: (dnsServers) => set({ dnsServers }),
    loadPreset: (preset) =>
      set((s) => {
        const common = {
          ipv6: preset.ipv6 ?? s.ipv6,
          dnsServers: preset.dnsServers ?? s.dnsServers,
          selectedRule: null,
        };
        const dataplane = s.dataplane ?? DEFAULT_DATAPLANE;
        if (preset.dataplane !== undefined) {
          const plane = preset.dataplane;
          return { ...common, dataplane: { ...dataplane, plane, [plane]: preset.text } };
        }
        return {
          ...common,
          input: { mode: 'args', text: preset.text },
          otherText: s.input.mode === 'args' ? s.otherText : s.input.text,
          version: preset.version,
          ...(s.dataplane === undefined ? {} : { dataplane: { ...dataplane, plane: 'sidecar' } }),
        };
      }),
    setOutputTab: (outputTab) => set({ outputTab }),
    revealRange: (range) =>
      set((s) => ({ revealRequest: { range, seq: (s.revealRequest?.seq ?? 0) + 1 } })),
    setLang: (lang) => set({ lang }),
    setPacket: (packet) => set({ packet, selectedRule: null, graphStep: null }),
    setPacketField: (field, value) =>
      set((s) => ({ packet: withPacketField(s.packet, field, value), graphStep: null })),
    setGraphFamily: (graphFamily) => set({ graphFamily }),
    setWorkbenchView: (workbenchView) => set({ workbenchView }),
    selectRule: (selectedRule) => set({ selectedRule }),
    bumpAsyncRevision: () => set((s) => ({ asyncRevision: s.asyncRevision + 1 })),
    setPathSpec: (patch) => set((s) => ({ path: { ...(s.path ?? DEFAULT_PATH_SPEC), ...patch } })),
    setMainView: (mainView) => set({ mainView }),
    showStepInGraph: (graphStep) =>
      set(graphStep === null ? { graphStep } : { graphStep, mainView: 'graph' }),
    setDiffAgainst: (diffAgainst) => set({ diffAgainst }),
    hoverFlag: (hoveredFlag) => set((s) => (s.hoveredFlag === hoveredFlag ? s : { hoveredFlag })),
    hoverRule: (hoveredRule) =>
      set((s) =>
        s.hoveredRule?.family === hoveredRule?.family && s.hoveredRule?.ref === hoveredRule?.ref
          ? s
          : { hoveredRule },
      ),
  }));
}

/** The workbench's first packet: an app calling a Service, the case every article starts with. */
export const DEFAULT_PACKET: PacketForm = {
  preset: 'app-to-service',
  direction: 'outbound',
  proto: 'tcp',
  src: '',
  dst: '10.96.0.20',
  sport: '',
  dport: '9080',
  uid: '1000',
  gid: '',
};

/** The default persisted state for a given editor text (the latest profile's args, usually). */
export function defaultPersistedState(text: string, lang: Lang = 'en'): PersistedState {
  return {
    v: 2,
    input: { mode: 'args', text },
    otherText: '',
    version: 'latest',
    ipv6: false,
    dnsServers: '',
    lang,
    packet: DEFAULT_PACKET,
  };
}

/**
 * Every persisted field, written once: `Record<keyof PersistedState, …>` makes the compiler
 * refuse a missing or an extra key. The order is the order of the permalink's JSON.
 */
const PERSISTED_FIELDS: Record<keyof PersistedState, true> = {
  v: true,
  input: true,
  otherText: true,
  version: true,
  ipv6: true,
  dnsServers: true,
  lang: true,
  packet: true,
  path: true,
  dataplane: true,
  backend: true,
};

/** The keys of PersistedState: what a permalink carries and what URL sync watches. */
export const PERSISTED_KEYS = Object.keys(PERSISTED_FIELDS) as readonly (keyof PersistedState)[];

/** The persisted slice of a state, for permalinks (a fresh object: not a React selector). */
export function pickPersisted(s: ExplorerState): PersistedState {
  const picked: Partial<Record<keyof PersistedState, unknown>> = {};
  // Optional fields (`path`) are left out when unset, as older links never had them.
  for (const key of PERSISTED_KEYS) if (s[key] !== undefined) picked[key] = s[key];
  return picked as PersistedState;
}

/** True when a persisted field changed (by identity: the store replaces what it changes). */
export function persistedChanged(a: ExplorerState, b: ExplorerState): boolean {
  return PERSISTED_KEYS.some((key) => a[key] !== b[key]);
}
