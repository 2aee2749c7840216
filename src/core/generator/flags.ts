import type { IstioConfig } from './config.ts';
import { ENV_OPTIONS } from './env-options.ts';
import type { ConfigField, FlagSpec } from './flag-spec.ts';
import { EXTRA_FLAGS } from './flags-extra.ts';
import { ROOT_FLAGS } from './flags-root.ts';
import { buildConfig, defaultRawValues } from './input/build-config.ts';

export type { ConfigField, EnvOptionSpec, FlagSpec, FlagStatus, FlagType } from './flag-spec.ts';
export { ENV_OPTIONS } from './env-options.ts';

/**
 * Every flag `istio-iptables` accepts, newest root.go order (the order env vars are applied in),
 * plus removed/older flags and pilot-agent's logging flags, which are accepted and noted.
 * upstream: tools/istio-iptables/pkg/cmd/root.go @2e4f3099 — bindCmdlineFlags.
 *
 * @example
 * ISTIO_FLAGS.filter((f) => f.status === 'current').map((f) => `--${f.long}`);
 */
export const ISTIO_FLAGS: readonly FlagSpec[] = [...ROOT_FLAGS, ...EXTRA_FLAGS];

/**
 * Looks a flag up by long name (without dashes).
 *
 * @example
 * findFlag('redirect-dns')?.env; // ['REDIRECT_DNS', 'ISTIO_META_DNS_CAPTURE']
 */
export function findFlag(long: string): FlagSpec | undefined {
  return BY_LONG.get(long);
}

/**
 * Looks a flag up by its one-letter shorthand.
 *
 * @example
 * findShortFlag('x')?.long; // 'istio-service-exclude-cidr'
 */
export function findShortFlag(short: string): FlagSpec | undefined {
  return BY_SHORT.get(short);
}

/**
 * The flag that sets a config field (env-only fields have none: see ENV_OPTIONS).
 *
 * @example
 * findFlagForField('envoyPort')?.short; // 'p'
 */
export function findFlagForField(field: ConfigField): FlagSpec | undefined {
  return ISTIO_FLAGS.find((f) => f.field === field);
}

const BY_LONG = new Map(ISTIO_FLAGS.map((f) => [f.long, f] as const));
const BY_SHORT = new Map(
  ISTIO_FLAGS.flatMap((f) => (f.short === undefined ? [] : [[f.short, f] as const])),
);

/**
 * The config istio-iptables runs with when given no flags and no environment: Istio's defaults,
 * proxy uid and gid 1337, IPv4 only, no DNS servers.
 *
 * @example
 * DEFAULT_CONFIG.envoyPort; // '15001'
 * DEFAULT_CONFIG.ownerGroupsInclude; // '*'
 */
export const DEFAULT_CONFIG: IstioConfig = buildConfig(
  defaultRawValues(ISTIO_FLAGS, ENV_OPTIONS),
  ISTIO_FLAGS,
  ENV_OPTIONS,
  { enableIPv6: false, dnsServersV4: [], dnsServersV6: [] },
);
