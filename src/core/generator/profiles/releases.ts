import type { IstioConfig, IstioVersion } from '../config.ts';

/**
 * Which Istio releases each profile stands for, and when each option of istio-iptables came and
 * went: RELEASES.md (tags 1.24.0 .. 1.31.0-rc.0 and HEAD), FLAGS.md ("since" column, removed
 * flags) and LEGACY.md (the 1.0 script's getopts). Data only: the generator and the UI read it;
 * no profile test is written as an `if` in code.
 */

/** A release line as its minor number (all are 1.x): 30 is 1.30. HEAD counts as 31. */
export type ReleaseLine = number;

export interface ProfileRelease {
  /** The newest release line the profile reproduces (its number decides every option below). */
  readonly line: ReleaseLine;
  /** The release lines it covers, as shown to users. */
  readonly covers: string;
}

/**
 * @example
 * PROFILE_RELEASES['1.30'].covers; // '1.28–1.30'
 */
export const PROFILE_RELEASES: Readonly<Record<IstioVersion, ProfileRelease>> = {
  // upstream: master 86c9f01f (2026-08-22); the goldens are byte-identical from 1.26.0 to HEAD,
  // and flags and rules from 1.28 to HEAD (1.31.0-rc.0 changes only the init image).
  latest: { line: 31, covers: '1.28–1.31' },
  // 1.28, 1.29 and 1.30 change nothing in rules, flags or istio-init args (RELEASES.md).
  '1.30': { line: 30, covers: '1.28–1.30' },
  '1.27': { line: 27, covers: '1.27' },
  '1.26': { line: 26, covers: '1.26' },
  '1.25': { line: 25, covers: '1.25' },
  '1.24': { line: 24, covers: '1.24' },
  '1.20': { line: 20, covers: '1.18–1.23' },
  '1.11': { line: 11, covers: '1.8–1.17' },
  '1.0': { line: 0, covers: '1.0–1.1' },
};

/**
 * What a profile does with an option its release did not have (or no longer has):
 * `error`: istio-iptables refuses it (cobra's unknown-flag error), located on the flag;
 * `warning`: we ignore it and say so (older eras, kept comparable with the same args).
 */
export type AbsentPolicy = 'error' | 'warning';

export interface OptionHistory {
  readonly field: keyof IstioConfig;
  /** First release line that has the option; absent before. */
  readonly since?: ReleaseLine;
  /** From this line on the option is accepted but changes nothing. */
  readonly noEffectFrom?: ReleaseLine;
  /** From this line on the option is gone (an unknown flag). */
  readonly removedIn?: ReleaseLine;
  readonly absent: AbsentPolicy;
  /** Upstream commit / PR and note source. */
  readonly source: string;
}

/** Options the 1.0 script's getopts did not know (`-p -u -g -m -b -d -i -x -k -h`, LEGACY.md A.2/B). */
const AFTER_1_0: readonly (keyof IstioConfig)[] = [
  'inboundCapturePort',
  'inboundTunnelPort',
  'istioExcludeInterfaces',
  'istioOutboundPorts',
  'istioLocalOutboundPortsExclude',
  'redirectDns',
  'captureAllDns',
  'dropInvalid',
  'dualStack',
  'cniMode',
  'networkNamespace',
  'runValidation',
  'skipRuleApply',
  'dryRun',
];

/**
 * Every option whose presence differs between profiles. Lines between two profiles are
 * equivalent (e.g. `since: 12` and `since: 20` give the same profiles): the finer dates are the
 * notes' own where they have them.
 *
 * @example
 * OPTION_HISTORY.find((h) => h.field === 'nativeNftables')?.since; // 27
 */
export const OPTION_HISTORY: readonly OptionHistory[] = [
  ...AFTER_1_0.map((field): OptionHistory => ({
    field,
    since: 1,
    absent: 'warning',
    source: 'LEGACY.md A.2/B (istio-iptables.sh getopts)',
  })),
  {
    field: 'iptablesTraceLogging',
    since: 12,
    noEffectFrom: 25,
    removedIn: 26,
    absent: 'error',
    source:
      'absent from seed 001 (1.11), in seed 002 --help (1.20); no NFLOG since #53998 (1.25.0); removed by #55967 (1.26.0)',
  },
  {
    field: 'ownerGroupsInclude',
    since: 12,
    absent: 'warning',
    source: 'ISTIO_OUTBOUND_OWNER_GROUPS: after 1.11 (no owner-group filter in seed 001)',
  },
  {
    field: 'ownerGroupsExclude',
    since: 12,
    absent: 'warning',
    source: 'ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE: after 1.11',
  },
  {
    field: 'hostIPv4LoopbackCidr',
    since: 21,
    absent: 'warning',
    source: 'ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: absent from the 1.20 dump of seed 002',
  },
  { field: 'reconcile', since: 24, absent: 'warning', source: 'FLAGS.md: #50328 (1.24.0)' },
  { field: 'cleanupOnly', since: 24, absent: 'warning', source: 'FLAGS.md: #50328 (1.24.0)' },
  { field: 'forceApply', since: 24, absent: 'warning', source: 'FLAGS.md: #52899 (1.24.0)' },
  {
    field: 'nativeNftables',
    since: 27,
    absent: 'error',
    source: 'RELEASES.md 1.27.0: 11d3fd6643b (#56997)',
  },
  {
    field: 'forceIptablesBinary',
    since: 28,
    absent: 'error',
    source: 'RELEASES.md 1.28.0: 94513818c7c (#58043)',
  },
];

/**
 * `present`: the option works · `absent`: the release did not have it yet · `no-effect`: accepted,
 * ignored · `removed`: the release no longer has it.
 */
export type OptionStatus = 'present' | 'absent' | 'no-effect' | 'removed';

/**
 * The status of an option under a profile.
 *
 * @example
 * optionStatus('1.26', 'nativeNftables'); // 'absent' (from 1.27)
 * optionStatus('1.25', 'iptablesTraceLogging'); // 'no-effect'
 */
export function optionStatus(version: IstioVersion, field: keyof IstioConfig): OptionStatus {
  const line = PROFILE_RELEASES[version].line;
  const history = OPTION_HISTORY.find((h) => h.field === field);
  if (!history) return 'present';
  if (history.since !== undefined && line < history.since) return 'absent';
  if (history.removedIn !== undefined && line >= history.removedIn) return 'removed';
  if (history.noEffectFrom !== undefined && line >= history.noEffectFrom) return 'no-effect';
  return 'present';
}

/**
 * Whether a profile's istio-iptables knows the flag at all; the nftables backend asks about
 * `nativeNftables`.
 *
 * @example
 * hasOption('1.27', 'nativeNftables'); // true
 * hasOption('1.25', 'nativeNftables'); // false
 */
export function hasOption(version: IstioVersion, field: keyof IstioConfig): boolean {
  const status = optionStatus(version, field);
  return status === 'present' || status === 'no-effect';
}
