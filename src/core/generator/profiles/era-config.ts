import { diagnostic, type Diagnostic } from '../../shared/diagnostics.ts';
import { EMPTY_RANGE } from '../../shared/source-range.ts';
import { ISTIO_VERSIONS, type IstioConfig, type IstioVersion } from '../config.ts';
import { findFlag } from '../flags.ts';
import type { FlagOccurrence } from '../parse-args-types.ts';
import { OPTION_HISTORY, optionStatus } from './releases.ts';

type Field = keyof IstioConfig;

/** How a user names each option: the long flag (and shorthand), or the env var of env-only options. */
const OPTION_NAMES: Partial<Record<Field, readonly [subject: string, shown: string]>> = {
  inboundCapturePort: ['inbound-capture-port', '--inbound-capture-port (-z)'],
  inboundTunnelPort: ['inbound-tunnel-port', '--inbound-tunnel-port (-e)'],
  istioExcludeInterfaces: ['istio-exclude-interfaces', '--istio-exclude-interfaces (-c)'],
  istioOutboundPorts: ['istio-outbound-ports', '--istio-outbound-ports (-q)'],
  istioLocalOutboundPortsExclude: [
    'istio-local-outbound-ports-exclude',
    '--istio-local-outbound-ports-exclude (-o)',
  ],
  redirectDns: ['redirect-dns', '--redirect-dns'],
  captureAllDns: ['capture-all-dns', '--capture-all-dns'],
  dropInvalid: ['drop-invalid', '--drop-invalid'],
  iptablesTraceLogging: ['iptables-trace-logging', '--iptables-trace-logging'],
  ownerGroupsInclude: ['ISTIO_OUTBOUND_OWNER_GROUPS', 'ISTIO_OUTBOUND_OWNER_GROUPS'],
  ownerGroupsExclude: [
    'ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE',
    'ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE',
  ],
  hostIPv4LoopbackCidr: ['ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR', 'ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR'],
  reconcile: ['reconcile', '--reconcile'],
  cleanupOnly: ['cleanup-only', '--cleanup-only'],
  forceApply: ['force-apply', '--force-apply'],
  nativeNftables: ['native-nftables', '--native-nftables'],
  forceIptablesBinary: ['force-iptables-binary', '--force-iptables-binary'],
  dualStack: ['dual-stack', '--dual-stack'],
  cniMode: ['cni-mode', '--cni-mode'],
  networkNamespace: ['network-namespace', '--network-namespace'],
  runValidation: ['run-validation', '--run-validation'],
  skipRuleApply: ['skip-rule-apply', '--skip-rule-apply'],
  dryRun: ['dry-run', '--dry-run (-n)'],
};

/**
 * Options a profile's era did not have, or no longer has, or ignores (config fields), from
 * OPTION_HISTORY.
 *
 * @example
 * ABSENT_OPTIONS['1.0'].includes('inboundCapturePort'); // true: 1.0 had one port for both directions
 */
export const ABSENT_OPTIONS: Readonly<Record<IstioVersion, readonly Field[]>> = Object.fromEntries(
  ISTIO_VERSIONS.map((v) => [
    v,
    OPTION_HISTORY.filter((h) => optionStatus(v, h.field) !== 'present').map((h) => h.field),
  ]),
) as unknown as Record<IstioVersion, readonly Field[]>;

/** Absent options whose neutral value is not simply empty/false. */
const NEUTRAL: Partial<Record<Field, (config: IstioConfig) => IstioConfig[Field]>> = {
  ownerGroupsInclude: () => '*',
  hostIPv4LoopbackCidr: () => '127.0.0.1/32',
  // upstream: LEGACY.md B — INBOUND_CAPTURE_PORT defaulted to the proxy port: one port both ways.
  inboundCapturePort: (config) => config.envoyPort,
};

/** The value an absent option has in that era, so the generator can ignore it uniformly. */
function neutralValue(field: Field, config: IstioConfig): IstioConfig[Field] {
  const special = NEUTRAL[field];
  if (special) return special(config);
  const value = config[field];
  return typeof value === 'boolean' ? false : typeof value === 'string' ? '' : value;
}

function sameValue(a: IstioConfig[Field], b: IstioConfig[Field]): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/**
 * Whether the user set the option: a flag occurrence when the flags are known (so `-z 15006`
 * under 1.0 counts even though it equals the default), else a value that differs from the
 * default. Env-only options have no flag and are compared with the default.
 */
function isSet(
  field: Field,
  subject: string,
  config: IstioConfig,
  defaults: IstioConfig,
  flags: readonly FlagOccurrence[] | undefined,
): boolean {
  if (flags !== undefined && findFlag(subject)?.field === field)
    return flags.some((f) => f.flag === subject);
  return !sameValue(config[field], defaults[field]);
}

function eraDiagnostic(version: IstioVersion, field: Field): Diagnostic | undefined {
  const [subject, shown] = OPTION_NAMES[field] ?? [field, field];
  const status = optionStatus(version, field);
  const history = OPTION_HISTORY.find((h) => h.field === field);
  const release = `Istio ${version === 'latest' ? 'HEAD' : version}`;
  switch (status) {
    case 'present':
      return undefined;
    case 'no-effect':
      return diagnostic(
        'profile-unsupported-flag',
        'info',
        `${shown} is accepted by ${release} but has no effect (${history?.source ?? ''})`,
        EMPTY_RANGE,
        subject,
      );
    case 'removed':
    case 'absent': {
      const error = history?.absent === 'error';
      const since = history?.since ?? '';
      const message = !error
        ? `${shown} does not exist in the Istio ${version} profile; it is ignored there`
        : status === 'removed'
          ? `unknown flag: ${shown} (removed from istio-iptables in Istio 1.${history.removedIn ?? ''})`
          : `unknown flag: ${shown} (istio-iptables has it from Istio 1.${since})`;
      return diagnostic(
        'profile-unsupported-flag',
        error ? 'error' : 'warning',
        message,
        EMPTY_RANGE,
        subject,
      );
    }
  }
}

/**
 * Resets options the era did not have to their neutral values and reports each one the user set:
 * a warning for older eras (comparing eras with the same args is the point), an error where the
 * release's istio-iptables refuses the flag (OPTION_HISTORY `absent: 'error'`).
 */
export function applyEra(
  config: IstioConfig,
  version: IstioVersion,
  defaults: IstioConfig,
  flags?: readonly FlagOccurrence[],
): { config: IstioConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const next: Record<string, unknown> = { ...config };
  for (const field of ABSENT_OPTIONS[version]) {
    const [subject] = OPTION_NAMES[field] ?? [field];
    if (isSet(field, subject, config, defaults, flags)) {
      const d = eraDiagnostic(version, field);
      if (d) diagnostics.push(d);
    }
    next[field] = neutralValue(field, config);
  }
  return { config: next as unknown as IstioConfig, diagnostics };
}
