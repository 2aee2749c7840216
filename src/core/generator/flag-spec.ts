import type { IstioConfig } from './config.ts';

/**
 * What a flag's value is, as far as parsing and validation care. Istio itself keeps every
 * rule-affecting value as a string and only pflag types (`bool`, `duration`, `uint16`, `int`)
 * are checked at parse time; the finer kinds drive our own diagnostics.
 *
 * @example
 * findFlag('istio-inbound-ports')?.type; // 'port-list'
 */
export type FlagType =
  | 'port'
  | 'port-list'
  | 'cidr-list'
  | 'id-list'
  | 'name-list'
  | 'mode'
  | 'mark'
  | 'number'
  | 'iptables-binary'
  | 'string'
  | 'string-array'
  | 'bool'
  | 'duration'
  | 'uint16'
  | 'int';

/**
 * `current`: bound by the newest root.go · `variant`: only in a sibling version of the newest code ·
 * `removed`: gone from the newest code but used by older profiles · `older`: only in older
 * releases (accepted, ignored) · `pilot-agent`: global flags of `pilot-agent` / cobra.
 *
 * @example
 * findFlag('iptables-trace-logging')?.status; // 'removed'
 */
export type FlagStatus = 'current' | 'variant' | 'removed' | 'older' | 'pilot-agent';

/**
 * An `IstioConfig` field that a flag or env option sets (not the auto-detected ones).
 *
 * @example
 * const field: ConfigField = 'istioInboundPorts';
 */
export type ConfigField = Exclude<
  keyof IstioConfig,
  'enableIPv6' | 'dnsServersV4' | 'dnsServersV6'
>;

/**
 * One row of the flag table: what the UI shows in hovers and what the parser obeys.
 *
 * @example
 * const spec: FlagSpec | undefined = findFlag('envoy-port');
 * spec?.zh; // Chinese description
 */
export interface FlagSpec {
  /** Long name without dashes (`envoy-port`). */
  readonly long: string;
  /** One-letter shorthand without the dash (`p`). */
  readonly short?: string;
  /** Env vars read for the default: the derived name first, then legacy extra names (later wins). */
  readonly env: readonly string[];
  readonly type: FlagType;
  /** Upstream default; `defaultNote` explains defaults computed later. */
  readonly default: string | boolean;
  readonly defaultNote?: string;
  readonly field?: ConfigField;
  readonly status: FlagStatus;
  readonly description: string;
  /** The same description in Chinese (the UI shows both). */
  readonly zh: string;
  /** Which rules the flag affects, in a few words. */
  readonly affects: string;
}

/**
 * An option Istio reads only from the environment.
 *
 * @example
 * const loopback: EnvOptionSpec | undefined = ENV_OPTIONS[2]; // ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR
 */
export interface EnvOptionSpec {
  readonly env: string;
  readonly type: FlagType;
  readonly default: string;
  readonly field?: ConfigField;
  readonly description: string;
  readonly zh: string;
  readonly affects: string;
}

/** The `affects` of a flag or option that changes no rule. */
export const NOT_RULE_AFFECTING = 'none (not rule-affecting)';
