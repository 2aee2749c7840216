import type { ChainKey, RuleRef } from '../iptables/model.ts';
import type { Packet } from './packet.ts';
import type { PodContext } from './pod.ts';
import { DEFAULT_POD } from './pod.ts';
import type { Counter, FamilyCounters, TraceResult } from './result.ts';
import type { Rulesets, SimulateOptions } from './simulate.ts';
import { simulatePacket } from './simulate.ts';
import type { CounterSink } from './walk.ts';

/**
 * Results of a batch plus per-rule counters, like `iptables -L -v` after the packets went by.
 *
 * @example
 * const { results, counters }: BatchResult = simulateBatch({ v4 }, packets);
 */
export interface BatchResult {
  readonly results: readonly TraceResult[];
  readonly counters: { readonly v4: FamilyCounters; readonly v6: FamilyCounters };
}

class Counts implements CounterSink {
  readonly rules = new Map<RuleRef, Counter>();
  readonly policies = new Map<ChainKey, Counter>();

  rule(ref: RuleRef, bytes: number): void {
    const c = this.rules.get(ref);
    this.rules.set(ref, { packets: (c?.packets ?? 0) + 1, bytes: (c?.bytes ?? 0) + bytes });
  }

  policy(chain: ChainKey, bytes: number): void {
    const c = this.policies.get(chain);
    this.policies.set(chain, { packets: (c?.packets ?? 0) + 1, bytes: (c?.bytes ?? 0) + bytes });
  }
}

/**
 * Simulates packets in order and counts every rule hit and policy decision, both passes
 * included, per family (IPv4 and IPv6 rules have their own counters, as in the kernel).
 *
 * @example
 * const { results, counters } = simulateBatch({ v4 }, packets);
 * counters.v4.rules.get(ruleRef('nat', 'ISTIO_REDIRECT', 1)); // { packets: 3, bytes: 180 }
 */
export function simulateBatch(
  rulesets: Rulesets,
  packets: readonly Packet[],
  pod: PodContext = DEFAULT_POD,
  options: Omit<SimulateOptions, 'counters'> = {},
): BatchResult {
  const v4 = new Counts();
  const v6 = new Counts();
  const results = packets.map((packet) =>
    simulatePacket(rulesets, packet, pod, { ...options, counters: packet.family === 4 ? v4 : v6 }),
  );
  return { results, counters: { v4, v6 } };
}
