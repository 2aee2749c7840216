import { createPod, normalizePacket, simulateBatch, simulatePacket } from '@core';
import type { Diagnostic, Packet, PacketSpec, PodContext, Rulesets, TraceResult } from '@core';
import type { PacketForm } from '../store/store.ts';
import { TYPICAL_PACKETS } from './typical-packets.ts';
import type { TypicalPacketId } from './typical-packets.ts';

/** The pod of CONTRACTS.md §3 (10.44.0.5/24, fd00:44::5/64): the workbench's packets live in it. */
const POD: PodContext = createPod().value;

/** A traced packet: its problems, and the result when it could be simulated. */
export interface PacketTrace {
  readonly diagnostics: readonly Diagnostic[];
  readonly result: TraceResult | undefined;
}

/**
 * The form as a `PacketSpec`: empty fields are left out so the core fills its defaults
 * (source address by routing, source port from the id, gid = uid).
 *
 * @example
 * toPacketSpec({ ...DEFAULT_PACKET, sport: '' }).sport; // undefined
 */
export function toPacketSpec(form: PacketForm): PacketSpec {
  const spec: Record<string, string> = {
    id: form.preset,
    direction: form.direction,
    proto: form.proto,
  };
  for (const field of ['src', 'dst', 'sport', 'dport', 'uid', 'gid'] as const) {
    const v = form[field].trim();
    if (v !== '') spec[field] = v;
  }
  return spec;
}

function normalize(form: PacketForm): {
  packet: Packet | undefined;
  diagnostics: readonly Diagnostic[];
} {
  const parsed = normalizePacket(toPacketSpec(form), POD, form.preset);
  return { packet: parsed.value, diagnostics: parsed.diagnostics };
}

/**
 * Simulates the workbench packet through the rules (the family follows the packet's addresses).
 *
 * @example
 * tracePacket({ v4: ruleset }, DEFAULT_PACKET).result?.final; // 'REDIRECT:15001'
 */
export function tracePacket(rulesets: Rulesets, form: PacketForm): PacketTrace {
  const { packet, diagnostics } = normalize(form);
  if (!packet) return { diagnostics, result: undefined };
  const result = simulatePacket(rulesets, packet, POD);
  return { diagnostics: [...diagnostics, ...result.diagnostics], result };
}

/** One row of the batch table. */
export interface BatchRow {
  readonly id: TypicalPacketId;
  readonly result: TraceResult;
}

/** The typical packets through the rules at once, with `iptables -L -v`-like counters. */
export interface BatchView {
  readonly rows: readonly BatchRow[];
  readonly counters: ReturnType<typeof simulateBatch>['counters'];
}

/**
 * Runs every typical packet (in list order, so counters accumulate like a real pod's).
 *
 * @example
 * traceTypicalPackets({ v4 }).counters.v4.rules.get('nat/ISTIO_REDIRECT#1'); // { packets: 2, … }
 */
export function traceTypicalPackets(rulesets: Rulesets): BatchView {
  const ids: TypicalPacketId[] = [];
  const packets: Packet[] = [];
  for (const t of TYPICAL_PACKETS) {
    const { packet } = normalize(t.form);
    if (packet) {
      ids.push(t.id);
      packets.push(packet);
    }
  }
  const batch = simulateBatch(rulesets, packets, POD, { recordSteps: false });
  const rows = batch.results.flatMap((result, i) => {
    const id = ids[i];
    return id === undefined ? [] : [{ id, result }];
  });
  return { rows, counters: batch.counters };
}
