import type { Diagnostic } from '../../shared/diagnostics.ts';
import type { IstioConfig } from '../config.ts';
import type { EraFeatures } from '../profiles/eras.ts';
import type { RuleSink } from './builder.ts';
import type { SplitRanges } from './ranges.ts';

/** What DNS capture does in this run, after the era's switches. */
export interface DnsPlan {
  readonly on: boolean;
  readonly captureAll: boolean;
  readonly serversV4: readonly string[];
  readonly serversV6: readonly string[];
}

/** Everything a generation step reads; steps only ever append to `sink` and `diagnostics`. */
export interface GenContext {
  /** The config after the era's absent options were neutralised. */
  readonly config: IstioConfig;
  readonly era: EraFeatures;
  readonly sink: RuleSink;
  readonly diagnostics: Diagnostic[];
  /** `ip …` commands outside iptables (policy routing, `::6` on lo). */
  readonly setup: string[];
  /** Exactly `TPROXY` selects the mangle-table mode; anything else is REDIRECT. */
  readonly tproxy: boolean;
  /** The IPv4 "loopback" of loopback rules, and the IPv6 one. */
  readonly loopback: readonly [v4: string, v6: string];
  readonly includes: SplitRanges;
  readonly excludes: SplitRanges;
  readonly dns: DnsPlan;
}

/** The proxy uid and gid lists, split like every other list. */
export interface Owners {
  readonly uids: readonly string[];
  readonly gids: readonly string[];
}
