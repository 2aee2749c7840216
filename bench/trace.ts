/**
 * Trace speed: one packet through a kube-proxy-shaped ruleset of 100,000 rules must take < 1 ms.
 * The simulator compiles each Ruleset once (cached) and indexes long chains by destination host
 * and port, so it visits the few rules that could match instead of scanning like the kernel.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  DEFAULT_POD,
  normalizePacket,
  parseIptables,
  simulatePacket,
  type Packet,
  type Ruleset,
} from '../src/core/index.ts';
import { buildKubeProxyDump } from './trace-kube-proxy.ts';

export interface TraceBenchResult {
  readonly rules: number;
  readonly parseMs: number;
  /** First simulation: compiles and indexes the ruleset (cached afterwards). */
  readonly compileMs: number;
  readonly packets: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  /** The same packets with the index off (a linear scan like the kernel), for comparison. */
  readonly linearMedianMs: number;
  readonly targetMs: number;
}

/** Nearest-rank percentile of an ascending array (0 when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function packetsFor(
  services: readonly { ip: string; port: number; nodePort?: number }[],
  count: number,
): Packet[] {
  const out: Packet[] = [];
  for (let i = 0; i < count; i++) {
    const svc = services[(i * 7919) % services.length] ?? { ip: '10.96.0.1', port: 80 };
    const kind = i % 4;
    const spec =
      kind === 0
        ? { id: `svc-${i}`, dst: svc.ip, dport: svc.port, uid: 1000 }
        : kind === 1
          ? { id: `miss-${i}`, dst: `10.97.${i & 255}.9`, dport: 443, uid: 1000 }
          : kind === 2
            ? { id: `in-${i}`, direction: 'inbound', dport: svc.nodePort ?? 30000 }
            : { id: `udp-${i}`, proto: 'udp', dst: svc.ip, dport: 53, uid: 1000 };
    const { value } = normalizePacket(spec, DEFAULT_POD);
    if (value) out.push(value);
  }
  return out;
}

function time(ruleset: Ruleset, packets: readonly Packet[], index: boolean): number[] {
  return packets.map((p) => {
    const t = performance.now();
    simulatePacket({ v4: ruleset }, p, DEFAULT_POD, { index });
    return performance.now() - t;
  });
}

/** Builds the ruleset, then times `packets` simulations (steps recorded, as the UI uses it). */
export function benchTrace(options: { rules?: number; packets?: number } = {}): TraceBenchResult {
  const dump = buildKubeProxyDump(options.rules ?? 100_000);
  let t = performance.now();
  const parsed = parseIptables(dump.text, { family: 4 });
  const parseMs = performance.now() - t;
  const packets = packetsFor(dump.services, options.packets ?? 1000);
  const [first] = packets;
  t = performance.now();
  if (first) simulatePacket({ v4: parsed.value }, first, DEFAULT_POD);
  const compileMs = performance.now() - t;
  time(parsed.value, packets.slice(0, 50), true);
  const timings = time(parsed.value, packets, true).sort((a, b) => a - b);
  const linear = time(parsed.value, packets.slice(0, 20), false).sort((a, b) => a - b);
  return {
    rules: dump.rules,
    parseMs,
    compileMs,
    packets: timings.length,
    medianMs: percentile(timings, 0.5),
    p95Ms: percentile(timings, 0.95),
    maxMs: timings[timings.length - 1] ?? 0,
    linearMedianMs: percentile(linear, 0.5),
    targetMs: 1,
  };
}

/** One line for the bench report. */
export function formatTraceBench(r: TraceBenchResult): string {
  const f = (n: number) => n.toFixed(3);
  return (
    `trace: ${r.rules} kube-proxy rules, ${r.packets} packets: median ${f(r.medianMs)} ms, p95 ${f(r.p95Ms)} ms, ` +
    `max ${f(r.maxMs)} ms (target < ${r.targetMs} ms) ${r.p95Ms < r.targetMs ? 'OK' : 'SLOW'}; ` +
    `linear scan median ${f(r.linearMedianMs)} ms; parse ${Math.round(r.parseMs)} ms, compile+index ${Math.round(r.compileMs)} ms`
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatTraceBench(benchTrace()));
}
