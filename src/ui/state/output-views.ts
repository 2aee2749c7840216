import type { Diagnostic, IpFamily, IstioVersion, Ruleset, Rulesets, TableName } from '@core';

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
