import type { SourceRange } from '../shared/source-range.ts';
import type { AnnotationSetting } from './input/annotations.ts';

/**
 * What istio-iptables would learn from its surroundings rather than its arguments.
 *
 * @example
 * const options: ParseArgsOptions = { env: { ISTIO_META_DNS_CAPTURE: 'true' }, dnsServers: ['10.96.0.10'] };
 */
export interface ParseArgsOptions {
  /** Environment variables istio-iptables would see (defaults for most flags). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The pod has an IPv6 address (Istio auto-detects this). */
  readonly enableIPv6?: boolean;
  /** The pod's nameservers (Istio reads resolv.conf); split by family into the config. */
  readonly dnsServers?: readonly string[];
  /**
   * Flag values the sidecar injector writes from pod annotations: applied after the written flags
   * (they win), with an `annotation` provenance (diagnostics name the annotation).
   */
  readonly annotations?: readonly AnnotationSetting[];
}

/**
 * One flag as written, in order.
 *
 * @example
 * parseIstioArgs('-p 15001').value.flags[0]; // { flag: 'envoy-port', written: '-p', value: '15001', range, valueRange }
 */
export interface FlagOccurrence {
  /** Long name without dashes (`envoy-port`). */
  readonly flag: string;
  /** As written: `-p` or `--envoy-port`. */
  readonly written: string;
  /** The value (booleans parsed; a bare boolean flag is `true`). */
  readonly value: string | boolean;
  /** The flag itself. */
  readonly range: SourceRange;
  /** The value, when one was written. */
  readonly valueRange?: SourceRange;
}
