/**
 * `intercept save` COLD — a fresh `node dist/cli.mjs save FILE` process, file read and output
 * included — against `iptables-restore --test FILE` in a throwaway network namespace, on the
 * kernel-built kube-proxy dump (bench/kernel-dump.ts). Rounds are interleaved (CLI, kernel, CLI,
 * …) so both see the same machine load; wall time is measured around the process, peak RSS by
 * `/usr/bin/time -f %M`; medians are reported. Also checks that the CLI prints exactly what the
 * kernel's `iptables-save` prints after `iptables-restore` of the same file.
 * Run alone with `npx tsx bench/cli-cold.ts`, or through `npm run bench`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stripSaveComments, withNetns } from '../test/kernel/netns.ts';
import { kernelKubeProxyDump, type KernelDump } from './kernel-dump.ts';

export interface ColdRun {
  readonly wallMs: number;
  readonly rssKb: number;
}

export interface ColdBenchResult {
  readonly dump: Omit<KernelDump, 'text'>;
  readonly cli: readonly ColdRun[];
  readonly restoreTest: readonly ColdRun[];
  readonly cliMedianMs: number;
  readonly restoreTestMedianMs: number;
  readonly cliMedianRssKb: number;
  readonly restoreTestMedianRssKb: number;
  /** cliMedianMs / restoreTestMedianMs (target ≤ 1.0). */
  readonly wallRatio: number;
  /** cliMedianRssKb / restoreTestMedianRssKb (target ≤ 1.5). */
  readonly rssRatio: number;
  /** The CLI's output equals the kernel's iptables-save after iptables-restore of the file. */
  readonly matchesKernel: boolean;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIME = '/usr/bin/time';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Runs argv under /usr/bin/time; wall time around the whole process, peak RSS from time. */
function timed(argv: readonly string[]): ColdRun & { stdout: string; ok: boolean } {
  const t = performance.now();
  const r = spawnSync(TIME, ['-f', '%M', ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    timeout: 300_000,
  });
  const wallMs = performance.now() - t;
  const lines = r.stderr.trim().split('\n');
  const rssKb = Number(lines[lines.length - 1]);
  return { wallMs, rssKb, stdout: r.stdout, ok: r.status === 0 };
}

function buildCli(): void {
  const r = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('scripts/build-cli.mjs failed');
}

/** Builds dist/cli.mjs (fresh), then times `rounds` interleaved cold runs of each side. */
export async function benchCliCold(rounds = 5): Promise<ColdBenchResult | string> {
  if (!existsSync(TIME)) return `${TIME} is missing (apt-get install time)`;
  const dump = await kernelKubeProxyDump();
  if (typeof dump === 'string') return dump;
  buildCli();
  const cliArgv = [process.execPath, `${ROOT}dist/cli.mjs`, 'save', dump.path];
  return withNetns(
    async (ns) => {
      const cli: ColdRun[] = [];
      const restoreTest: ColdRun[] = [];
      let cliOut = '';
      for (let i = 0; i < rounds; i++) {
        const c = timed(cliArgv);
        if (!c.ok) return 'intercept save failed on the dump';
        cliOut = c.stdout;
        cli.push({ wallMs: c.wallMs, rssKb: c.rssKb });
        const k = timed(['ip', 'netns', 'exec', ns.name, 'iptables-restore', '--test', dump.path]);
        if (!k.ok) return 'iptables-restore --test failed on the dump';
        restoreTest.push({ wallMs: k.wallMs, rssKb: k.rssKb });
      }
      const loaded = await ns.exec(['iptables-restore', dump.path], { timeoutMs: 300_000 });
      const save =
        loaded.code === 0
          ? await ns.exec(['iptables-save'], { timeoutMs: 600_000 })
          : { code: 1, stdout: '' };
      const saved = save.code === 0 ? stripSaveComments(save.stdout) : undefined;
      const { text: _text, ...shape } = dump;
      const cliMedianMs = median(cli.map((r) => r.wallMs));
      const restoreTestMedianMs = median(restoreTest.map((r) => r.wallMs));
      const cliMedianRssKb = median(cli.map((r) => r.rssKb));
      const restoreTestMedianRssKb = median(restoreTest.map((r) => r.rssKb));
      return {
        dump: shape,
        cli,
        restoreTest,
        cliMedianMs,
        restoreTestMedianMs,
        cliMedianRssKb,
        restoreTestMedianRssKb,
        wallRatio: Math.round((cliMedianMs / restoreTestMedianMs) * 1000) / 1000,
        rssRatio: Math.round((cliMedianRssKb / restoreTestMedianRssKb) * 1000) / 1000,
        matchesKernel: saved !== undefined && saved === cliOut,
      };
    },
    { prefix: 'benchcli', timeoutMs: 1_800_000 },
  );
}

/** One line for the bench report. */
export function formatColdBench(r: ColdBenchResult): string {
  const d = r.dump;
  return (
    `${d.lines} lines, ${d.rules} rules, ${d.chains} chains, ${Math.round(d.commentShare * 100)}% with -m comment, counters; ` +
    `median of ${r.cli.length} interleaved cold runs: intercept save ${r.cliMedianMs.toFixed(0)} ms / ${(r.cliMedianRssKb / 1024).toFixed(0)} MB, ` +
    `iptables-restore --test ${r.restoreTestMedianMs.toFixed(0)} ms / ${(r.restoreTestMedianRssKb / 1024).toFixed(0)} MB; ` +
    `RSS ratio ${r.rssRatio} (target 1.5); output ${r.matchesKernel ? 'equals' : 'DIFFERS FROM'} the kernel's iptables-save`
  );
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const result = await benchCliCold(Number(process.argv[2] ?? 5));
  if (typeof result === 'string') console.log(`not measured: ${result}`);
  else console.log(`${formatColdBench(result)}\nwall ratio ${result.wallRatio} (target 1.0)`);
}
