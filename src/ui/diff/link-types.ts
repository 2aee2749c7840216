import type { IpFamily, IstioVersion, RuleRef } from '@core';

/** A rule of the rules pane, by family (the save text of each family counts positions on its own). */
export interface FamilyRule {
  readonly family: IpFamily;
  readonly ref: RuleRef;
}

/**
 * What the rules pane's diff compares with: off, the previous output, another version profile,
 * or the same args through the other backend (iptables ↔ nftables, side by side).
 */
export type DiffAgainst = 'off' | 'previous' | 'backend' | IstioVersion;
