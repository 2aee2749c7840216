/**
 * What the kernel packet suites share (iptables-nft and native nftables): the simulator's answer
 * for a corpus probe, the comparison with the kernel's trace, bounded re-sends of probes the
 * monitor never showed, and a small job pool.
 */
import { DEFAULT_POD, normalizePacket, simulatePacket } from '@core';
import type { Rulesets, TraceResult } from '@core';
import type { LabeledProbe } from './packet-corpus.ts';
import type { KernelTrace, TracePod } from './packet-trace.ts';
import { FIRST_PROBE_PORT } from './packet-trace.ts';

/**
 * A probe the monitor did not show at all (no pass, and no errno from the socket call) is sent
 * again from fresh ports, at most this many times in all: under load the monitor's socket can
 * drop events. A probe the kernel shows differently from us is never re-sent.
 */
export const MAX_PROBE_ATTEMPTS = 3;
const RETRY_PORT_OFFSET = 5000;

/** One probe of one rule set: what the kernel traced and what we simulated. */
export interface Outcome {
  readonly config: string;
  readonly probe: LabeledProbe;
  readonly kernel: KernelTrace;
  readonly sim: TraceResult;
}

/** Re-sends and dropped monitor events of a run (reported by the suites). */
export interface ProbeStats {
  retried: number;
  lostEvents: number;
}

/** The simulator's trace of a corpus probe through the rule set's rulesets, in the default pod. */
export function simulateProbe(rulesets: Rulesets, p: LabeledProbe): TraceResult {
  const spec = {
    id: p.label,
    direction: p.direction,
    proto: p.proto,
    dst: p.dst,
    sport: p.sport,
    dport: p.dport,
    ...(p.src === undefined ? {} : { src: p.src }),
    ...(p.mark === undefined ? {} : { mark: p.mark }),
    ...(p.direction === 'outbound' ? { uid: p.uid, gid: p.gid } : {}),
  };
  const { value, diagnostics } = normalizePacket(spec, DEFAULT_POD);
  if (!value)
    throw new Error(`corpus packet rejected: ${diagnostics.map((d) => d.message).join('; ')}`);
  return simulatePacket(rulesets, value, DEFAULT_POD);
}

/** The errno of a send the kernel refused before any hook. */
export function kernelRefusal(kernel: KernelTrace): string | undefined {
  return kernel.passes.length === 0 ? kernel.errno : undefined;
}

/** The errno of a send our routing refused before any hook. */
export function simRefusal(sim: TraceResult): string | undefined {
  const d = sim.delivered;
  return d.kind === 'refused' && d.at === 'send' ? d.refusal.errno : undefined;
}

/** A probe the kernel never showed and never refused: lost by the tracer, not an answer. */
export function isLost(kernel: KernelTrace): boolean {
  return kernel.passes.length === 0 && kernel.errno === undefined;
}

/** Rule for rule: the matched rules of both passes, the verdict, and any refusal. */
export function sameTrace(kernel: KernelTrace, sim: TraceResult): boolean {
  return (
    JSON.stringify(kernel.matched) === JSON.stringify(sim.matched) &&
    JSON.stringify(kernel.matchedAfterLoopback) === JSON.stringify(sim.matchedAfterLoopback) &&
    kernel.final === sim.final &&
    kernelRefusal(kernel) === simRefusal(sim)
  );
}

/** A difference, as a failing test prints it (with the kernel's raw passes when asked). */
export function describeDifference(o: Outcome, options: { passes?: boolean } = {}): string {
  const p = o.probe;
  const who = p.direction === 'outbound' ? ` uid=${p.uid} gid=${p.gid}` : '';
  const show = (m: readonly string[], l: readonly string[], f: string) =>
    `matched=[${m.join(' ')}] loopback=[${l.join(' ')}] final=${f}`;
  return [
    `${o.config} | ${p.label}: ${p.direction} IPv${p.family} ${p.proto} ${p.src ?? '(auto)'}:${p.sport} -> ${p.dst}:${p.dport}${who}`,
    `  kernel: ${show(o.kernel.matched, o.kernel.matchedAfterLoopback, o.kernel.final)} errno=${o.kernel.errno ?? '-'}`,
    `  sim:    ${show(o.sim.matched, o.sim.matchedAfterLoopback, o.sim.final)} refused=${simRefusal(o.sim) ?? '-'} (${o.sim.delivered.kind})`,
    ...(options.passes === true
      ? o.kernel.passes.map(
          (pass, i) => `  kernel pass ${i + 1} (${pass.hook}): ${pass.header.slice(0, 160)}`,
        )
      : []),
  ].join('\n');
}

/** Ports for attempt `n` (0 = the probe as sampled): probe ports move up, special ones by one. */
function attemptPorts(first: LabeledProbe, n: number): LabeledProbe {
  if (n === 0) return first;
  return first.sport >= FIRST_PROBE_PORT
    ? { ...first, sport: first.sport + n * RETRY_PORT_OFFSET }
    : { ...first, dport: first.dport + n };
}

/**
 * Sends a probe in the pod and reads its trace; a probe the monitor lost is sent again from fresh
 * ports (MAX_PROBE_ATTEMPTS in all). Returns the probe as last sent, with its trace.
 */
export async function probeWithRetries(
  pod: TracePod,
  first: LabeledProbe,
  stats: ProbeStats,
): Promise<{ probe: LabeledProbe; kernel: KernelTrace }> {
  let probe = first;
  let kernel = await pod.probe(probe);
  stats.lostEvents += kernel.lostEvents;
  for (let n = 1; n < MAX_PROBE_ATTEMPTS && isLost(kernel); n++) {
    stats.retried++;
    probe = attemptPorts(first, n);
    kernel = await pod.probe(probe);
    stats.lostEvents += kernel.lostEvents;
  }
  return { probe, kernel };
}

/** Runs `work` over `items` with at most `jobs` at a time; results in input order. */
export async function runPool<T, R>(
  items: readonly T[],
  jobs: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return results;
}
