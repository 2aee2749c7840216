import { diagnostic, type Diagnostic } from '../../shared/diagnostics.ts';
import { EMPTY_RANGE } from '../../shared/source-range.ts';
import type { IstioConfig, IstioVersion } from '../config.ts';

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
  forceIptablesBinary: ['force-iptables-binary', 'the forced iptables binary option'],
  dualStack: ['dual-stack', '--dual-stack'],
  cniMode: ['cni-mode', '--cni-mode'],
  networkNamespace: ['network-namespace', '--network-namespace'],
  runValidation: ['run-validation', '--run-validation'],
  skipRuleApply: ['skip-rule-apply', '--skip-rule-apply'],
  dryRun: ['dry-run', '--dry-run (-n)'],
};

/** Options added after 1.20 (absent from its `--help` in seed 002). */
const AFTER_1_20: readonly Field[] = [
  'hostIPv4LoopbackCidr',
  'reconcile',
  'cleanupOnly',
  'forceApply',
  'nativeNftables',
  'forceIptablesBinary',
];
/** Options added after 1.11. */
const AFTER_1_11: readonly Field[] = [
  ...AFTER_1_20,
  'ownerGroupsInclude',
  'ownerGroupsExclude',
  'iptablesTraceLogging',
];
/** The 1.0 script's getopts only knew `-p -u -g -m -b -d -i -x -k -h` (LEGACY.md A.2/B). */
const AFTER_1_0: readonly Field[] = [
  ...AFTER_1_11,
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
 * Options a profile's era did not have (config fields). `latest` lost trace logging.
 * Setting one gives a `profile-unsupported-flag` warning and the option is ignored.
 *
 * @example
 * ABSENT_OPTIONS['1.0'].includes('inboundCapturePort'); // true: 1.0 had one port for both directions
 */
export const ABSENT_OPTIONS: Readonly<Record<IstioVersion, readonly Field[]>> = {
  latest: ['iptablesTraceLogging'],
  '1.25': ['iptablesTraceLogging'],
  '1.20': AFTER_1_20,
  '1.11': AFTER_1_11,
  '1.0': AFTER_1_0,
};

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
 * Resets options the era did not have to their neutral values and warns about each one the user
 * set (differs from `defaults`). Never an error: comparing eras with the same args is the point.
 */
export function applyEra(
  config: IstioConfig,
  version: IstioVersion,
  defaults: IstioConfig,
): { config: IstioConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const next: Record<string, unknown> = { ...config };
  for (const field of ABSENT_OPTIONS[version]) {
    if (!sameValue(config[field], defaults[field])) {
      const [subject, shown] = OPTION_NAMES[field] ?? [field, field];
      diagnostics.push(
        diagnostic(
          'profile-unsupported-flag',
          'warning',
          `${shown} does not exist in the Istio ${version} profile; it is ignored there`,
          EMPTY_RANGE,
          subject,
        ),
      );
    }
    next[field] = neutralValue(field, config);
  }
  return { config: next as unknown as IstioConfig, diagnostics };
}
