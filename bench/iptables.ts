/**
 * Parse + render speed on a kube-proxy-shaped dump of 100,000 rules (target: under 1 s in Node),
 * compared with `iptables-restore --test` of the same text in a throwaway network namespace.
 * Run alone with `npx tsx bench/iptables.ts`, or through the bench runner (`benchIptables`).
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseIptables, renderIptablesSave } from '../src/core/index.ts';
import { kernelStatus, withNetns } from '../test/kernel/netns.ts';
import { buildCanonicalKubeProxyDump } from './iptables-dump.ts';

export interface IptablesBenchResult {
  readonly rules: number;
  readonly bytes: number;
  /** Best of `runs` (the machine may be shared; the minimum is the least disturbed run). */
  readonly parseMs: number;
  readonly renderMs: number;
  readonly totalMs: number;
  readonly targetMs: number;
  /** render(parse(dump)) === dump, and no diagnostics. */
  readonly roundTrip: boolean;
  /** `iptables-restore --test` of the same text (best of `runs`), when the kernel tools are usable. */
  readonly restoreTestMs?: number;
  /** totalMs / restoreTestMs. */
  readonly ratioToRestoreTest?: number;
  /** Best parse+render CPU time of this process (includes GC threads), for loaded machines. */
  readonly cpuMs: number;
  /** 1-minute load average and CPU count while measuring (wall times depend on both). */
  readonly loadAverage: number;
  readonly cpus: number;
  readonly note?: string;
}

function best(times: readonly number[]): number {
  return Math.round(Math.min(...times) * 10) / 10;
}

async function timeRestoreTest(text: string, runs: number): Promise<number[] | string> {
  const status = kernelStatus();
  if (!status.ok) return status.reason;
  return withNetns(
    async (ns) => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const r = await ns.exec(['iptables-restore', '--test'], {
          input: text,
          timeoutMs: 120_000,
        });
        times.push(performance.now() - t);
        if (r.code !== 0) return `iptables-restore --test failed: ${r.stderr.trim()}`;
      }
      return times;
    },
    { prefix: 'bench', timeoutMs: 600_000 },
  );
}

/** Builds the dump, times parse and render (best of `runs`), and iptables-restore --test. */
export async function benchIptables(
  options: { rules?: number; runs?: number; text?: string } = {},
): Promise<IptablesBenchResult> {
  const runs = options.runs ?? 5;
  const dump =
    options.text === undefined
      ? buildCanonicalKubeProxyDump(options.rules ?? 100_000)
      : { text: options.text, rules: (options.text.match(/^(\[\d+:\d+\] )?-A /gm) ?? []).length };
  // The kernel's own `iptables-save -c` comes back without counters, chain counters [0:0].
  const expected =
    options.text === undefined
      ? dump.text
      : dump.text.replace(/^\[\d+:\d+\] /gm, '').replace(/^(:\S+ \S+) \[\d+:\d+\]$/gm, '$1 [0:0]');
  const parseTimes: number[] = [];
  const renderTimes: number[] = [];
  const cpuTimes: number[] = [];
  let roundTrip = true;
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    let t = performance.now();
    const parsed = parseIptables(dump.text, { family: 4 });
    parseTimes.push(performance.now() - t);
    t = performance.now();
    const text = renderIptablesSave(parsed.value);
    renderTimes.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
    roundTrip &&= text === expected && parsed.diagnostics.length === 0;
  }
  const parseMs = best(parseTimes);
  const renderMs = best(renderTimes);
  const totalMs = Math.round((parseMs + renderMs) * 10) / 10;
  const restore =
    options.text === undefined
      ? await timeRestoreTest(dump.text, Math.min(runs, 3))
      : 'measured cold by bench/cli-cold.ts';
  const base = {
    rules: dump.rules,
    bytes: dump.text.length,
    parseMs,
    renderMs,
    totalMs,
    targetMs: 1000,
    roundTrip,
    cpuMs: best(cpuTimes),
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    cpus: cpus().length,
  };
  if (typeof restore === 'string')
    return { ...base, note: `iptables-restore --test not measured: ${restore}` };
  const restoreTestMs = best(restore);
  return {
    ...base,
    restoreTestMs,
    ratioToRestoreTest: Math.round((totalMs / restoreTestMs) * 1000) / 1000,
  };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const result = await benchIptables();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
