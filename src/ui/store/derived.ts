// The shape of the derived data: what ui/state/derive.ts builds and what the features read
// (each feature's own part is declared in its *-derived.ts).
import type {
  CniFact,
  Diagnostic,
  FlagOccurrence,
  IpFamily,
  IstioConfig,
  IstioVersion,
  NftState,
  ParsedArgs,
  Ruleset,
  Rulesets,
  TableName,
} from '@core';
import type { DataplaneSpec } from '../dataplane/dataplane-spec.ts';
import type { GraphDerived } from '../graph/graph-derived.ts';
import type { PathDerived } from '../path/path-derived.ts';
import type { PathSpec } from '../path/path-spec.ts';
import type { WorkbenchDerived } from '../workbench/workbench-derived.ts';
import type { Backend, InputMode, MainView, PacketForm, WorkbenchView } from './store.ts';

/** Where a diagnostic points: the user's text, the DNS servers field, or generated text. */
export type DiagnosticOrigin = 'input' | 'dns-servers' | 'generator' | 'rules';

export interface ShownDiagnostic {
  readonly diagnostic: Diagnostic;
  readonly origin: DiagnosticOrigin;
  /** True when `diagnostic.range` is a place in the editor text. */
  readonly located: boolean;
}

export interface ListView {
  readonly table: TableName;
  readonly text: string;
}

export interface FamilyViews {
  readonly family: IpFamily;
  readonly ruleset: Ruleset;
  readonly restore: string;
  readonly save: string;
  readonly lists: readonly ListView[];
}

/** Every view of one successful generation (or of one pasted dump). */
export interface OutputViews {
  /** The profile that generated the rules; undefined for a pasted dump. */
  readonly version: IstioVersion | undefined;
  readonly families: readonly FamilyViews[];
  /** The istio-iptables transcript; undefined for a pasted dump. */
  readonly dryRun: string | undefined;
  readonly rulesets: Rulesets;
  /** Set for an nftables program (generated with the nftables backend, or pasted); `families` is then empty. */
  readonly nft?: NftViews;
}

/** The views of one nftables program (both IP families: one `inet` table serves both). */
export interface NftViews {
  readonly state: NftState;
  /** The `nft -f` script: the generated transaction, or the pasted text. */
  readonly script: string;
  /** `nft list ruleset` of the loaded program. */
  readonly list: string;
  /** `nft list table <family> <name>` per table. */
  readonly tables: readonly { readonly table: string; readonly text: string }[];
}

export interface DnsServersField {
  readonly servers: readonly string[];
  /** Entries that are not IP addresses; they are left out of the generator input. */
  readonly invalid: readonly string[];
}

export interface Generated {
  readonly views: OutputViews;
  readonly diagnostics: readonly ShownDiagnostic[];
  readonly ok: boolean;
}

/** What the ambient / CNI-plugin input produced besides its rules. */
export interface PodInfo {
  readonly plane: 'ambient' | 'cni';
  /** Ambient: the node's host-probe rules rather than the pod's. */
  readonly node: boolean;
  /** Commands outside iptables (the ambient policy route), from the last good rules. */
  readonly setup: readonly string[];
  /** CNI plugin: the istio-iptables argv it runs (from the last good input). */
  readonly argv?: readonly string[];
  /** CNI plugin: how its flags differ from what the injector gives istio-init. */
  readonly facts?: readonly CniFact[];
}

/** The views of the current input (args or pasted rules), before the workbench and graph. */
export interface BaseDerived {
  readonly diagnostics: readonly ShownDiagnostic[];
  /** The views of the latest input without errors (possibly an older input: see `stale`). */
  readonly views: OutputViews | undefined;
  /** True when the current input has errors and `views` belong to an earlier input. */
  readonly stale: boolean;
  readonly source: ParsedArgs['source'] | undefined;
  /** The resolved istio-iptables config of the current args (absent for a pasted dump). */
  readonly config?: IstioConfig;
  /** The flags of the current args as written (places in the editor text; absent for a dump). */
  readonly flags?: readonly FlagOccurrence[];
  readonly dns: DnsServersField;
  /** True while a big pasted dump is being parsed in the worker (the views are the last good ones). */
  readonly pending?: boolean;
  /** Set when the data plane is ambient or the CNI plugin (the editor holds its settings). */
  readonly pod?: PodInfo;
}

/** Everything the page shows: the input's views plus each feature's part (graph, workbench, path). */
export interface Derived extends BaseDerived, GraphDerived, WorkbenchDerived, PathDerived {
  readonly mode: InputMode;
}

export interface DeriveInput {
  readonly input: { readonly text: string; readonly mode?: InputMode };
  readonly version: IstioVersion;
  readonly ipv6: boolean;
  readonly dnsServers: string;
  readonly packet?: PacketForm;
  readonly graphFamily?: IpFamily;
  readonly workbenchView?: WorkbenchView;
  readonly otherText?: string;
  readonly path?: PathSpec;
  readonly mainView?: MainView;
  readonly graphStep?: string | null;
  readonly dataplane?: DataplaneSpec;
  readonly backend?: Backend;
}

/** A derive function with its own memo stages and its own "last good output" memory. */
export type Deriver = (input: DeriveInput) => Derived;
