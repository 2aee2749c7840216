import type { IpFamily, IstioVersion, RuleRef } from '@core';

/** A rule of the rules pane, by family (the save text of each family counts positions on its own). */
export interface FamilyRule {
  readonly family: IpFamily;
  readonly ref: RuleRef;
}

/** What the rules pane's diff compares with: off, the previous output, or another version profile. */
export type DiffAgainst = 'off' | 'previous' | IstioVersion;
