import type { TraceResult } from '@core';
import { DEFAULT_CAPTURE_ROLES, isLoopback } from '@core';

/** What a traced TCP connection's verdict means for the sidecar, when it is not what Istio intends. */
export type BenchVerdictNote = 'bypass' | 'loop' | undefined;

/**
 * Flags a verdict that bypasses the sidecar (an app's outbound connection that leaves the pod
 * without reaching Envoy) or loops (Envoy's own connection redirected back to it). Envoy is the
 * uid the injector gives istio-proxy; loopback destinations and UDP are not judged.
 *
 * @example
 * benchVerdictNote(traceOf({ uid: 1000, dst: '10.96.0.20', dport: 9080 }, '-u 1000')); // 'bypass'
 */
export function benchVerdictNote(result: TraceResult | undefined): BenchVerdictNote {
  const p = result?.packet;
  if (!result || p === undefined || p.direction !== 'outbound' || p.proto !== 'tcp')
    return undefined;
  if (isLoopback(p.dst)) return undefined;
  const envoy = p.uid === DEFAULT_CAPTURE_ROLES.envoyUid;
  const captured = result.delivered.kind === 'local';
  if (envoy) return captured ? 'loop' : undefined;
  return result.delivered.kind === 'sent' ? 'bypass' : undefined;
}
