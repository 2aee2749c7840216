/**
 * Kernel packet conformance for nftables (issue 13 items 3–4): Istio's `--native-nftables`
 * goldens, seeded random flag sets and hand-written programs (iptables-nft tables interleaved
 * with native chains, nat chains of one hook, goto/return, drop policies) are loaded with
 * `nft -f` into a real pod namespace; real packets are sent and traced with `nft monitor trace`
 * (a `meta nftrace set 1` chain at priority -500, before every other chain of its hook), and
 * every rule hit, named `family/table/chain#N` (CONTRACTS §3), and the final verdict are
 * compared with simulatePacket. The kernel is the truth.
 */
import { describe, expect, it } from 'vitest';
import { checkNftLoad, hasErrors, loadNft, parseNft } from '@core';
import { NFT_LOAD_CASES } from './nft-load-checks.ts';
import { kernelStatus, requireKernelOrSkip, withNetns } from './netns.ts';
import type { LabeledProbe } from './packet-corpus.ts';
import { samplePackets } from './packet-corpus.ts';
import type { NftBuiltConfig, NftCorpusEntry, NftRefused } from './nft-packet-corpus.ts';
import {
  ambientNftConfigs,
  featureNftConfigs,
  goldenNftConfigs,
  isRefused,
  randomNftConfigs,
} from './nft-packet-corpus.ts';
import { FIRST_PROBE_PORT, withTracePod } from './packet-trace.ts';
import { helperAvailable } from './probe-helper.ts';
import type { Outcome, ProbeStats } from './trace-compare.ts';
import {
  describeDifference,
  isLost,
  probeWithRetries,
  runPool,
  sameTrace,
  simulateProbe,
} from './trace-compare.ts';

const SEED = 20_261_207;
const RANDOM_CONFIGS = 30;
const PACKETS_PER_CONFIG = 18;
const FEATURE_PACKETS = 40;
const JOBS = Number(process.env['PACKET_CONFORMANCE_JOBS'] ?? 2);

/**
 * Known, explained differences between the simulator and the kernel, keyed by packet label.
 * Empty: every difference found so far was a simulator bug and got fixed.
 */
const SKIP: ReadonlyMap<string, string> = new Map();

/**
 * Rules the kernel must have hit somewhere in the corpus, so that each feature is compared and
 * not just loaded: iptables-nft tables interleaved with native chains (mangle between early and
 * late), ties of priority (the chain registered later runs first: a native chain before
 * iptables' mangle at -150, the second of two native chains at -200), a route chain's mark, two
 * nat chains of one hook, a goto, named sets, a verdict map's jump and drop, an anonymous vmap,
 * IPv6 masquerade, the ambient host probe's SNAT to a named set.
 */
const REQUIRED_HITS = [
  'inet/early/out#2',
  'inet/early/out2#1',
  'inet/late/tie#2',
  'mangle/OUTPUT#1',
  'inet/late/out#1',
  'ip/natty/out#1',
  'ip/natty/out2#1',
  'inet/flows/cls#2',
  'inet/lookups/out#1',
  'inet/lookups/out#2',
  'inet/lookups/out#3',
  'inet/lookups/tls#2',
  'inet/lookups/out#4',
  'ip6/v6only/post#1',
  'inet/istio-ambient-nat/postrouting#1',
];

interface Job {
  readonly config: NftBuiltConfig;
  readonly probes: readonly LabeledProbe[];
}

const stats: ProbeStats = { retried: 0, lostEvents: 0 };

async function traceConfig({ config: b, probes }: Job): Promise<Outcome[]> {
  const setup = {
    v4Rules: b.v4,
    v6Rules: b.v6,
    nft: b.nft,
    setup: b.setup,
    tproxyPorts: b.tproxyPorts,
    special: probes,
  };
  return withTracePod(setup, async (pod) => {
    const outcomes: Outcome[] = [];
    for (const first of probes) {
      const { probe, kernel } = await probeWithRetries(pod, first, stats);
      outcomes.push({ config: b.name, probe, kernel, sim: simulateProbe(b.rulesets, probe) });
    }
    return outcomes;
  });
}

function corpus(): { jobs: Job[]; refused: NftRefused[]; generatorRefused: string[] } {
  const refused: NftRefused[] = [];
  const generatorRefused: string[] = [];
  const jobs: Job[] = [];
  const seen = new Set<string>();
  const add = (c: NftCorpusEntry, seed: number, count: number) => {
    if (typeof c === 'string') {
      generatorRefused.push(c);
      return;
    }
    if (isRefused(c)) {
      refused.push(c);
      return;
    }
    if (seen.has(c.nft + c.v4)) return;
    seen.add(c.nft + c.v4);
    jobs.push({ config: c, probes: samplePackets(c, seed, count, FIRST_PROBE_PORT) });
  };
  featureNftConfigs().forEach((c, i) => add(c, SEED - i, FEATURE_PACKETS));
  goldenNftConfigs().forEach((c, i) => add(c, SEED + i, PACKETS_PER_CONFIG));
  ambientNftConfigs().forEach((c, i) => add(c, SEED + 50 + i, PACKETS_PER_CONFIG));
  randomNftConfigs(SEED, RANDOM_CONFIGS).forEach((c, i) =>
    add(c, SEED + 100 + i, PACKETS_PER_CONFIG),
  );
  return { jobs, refused, generatorRefused };
}

/** Programs our loader refuses, each loaded with `nft -f` for real: the names the kernel loaded. */
async function kernelLoads(refused: readonly NftRefused[]): Promise<string[]> {
  if (refused.length === 0) return [];
  return withNetns(
    async (ns) => {
      const loaded: string[] = [];
      for (const r of refused) {
        await ns.reset();
        if ((await ns.exec(['nft', '-f', '-'], { input: r.script })).code === 0)
          loaded.push(r.name);
      }
      return loaded;
    },
    { prefix: 'nftl' },
  );
}

const runnable = (() => {
  if (!requireKernelOrSkip()) return false;
  if (helperAvailable()) return true;
  const message = 'KERNEL NFT PACKET CONFORMANCE SKIPPED: python3 is needed to send probe packets';
  if (process.env['CI']) throw new Error(`${message} — in CI the kernel suite must run`);
  console.warn(message);
  return false;
})();

describe('kernel packet conformance for nftables (nft monitor trace vs simulator)', () => {
  it.runIf(runnable)(
    'gives the same family/table/chain#N hits and final verdict as the kernel',
    async () => {
      const started = Date.now();
      const { jobs, refused, generatorRefused } = corpus();
      const loadedByKernel = await kernelLoads(refused);
      const outcomes = (await runPool(jobs, JOBS, traceConfig)).flat();
      const compared = outcomes.filter((o) => !SKIP.has(o.probe.label));
      const differences = compared.filter((o) => !sameTrace(o.kernel, o.sim));
      const lost = outcomes.filter((o) => isLost(o.kernel));
      const native = outcomes.filter((o) =>
        o.kernel.matched.some((r) => r.split('/').length === 3),
      );
      const looped = outcomes.filter((o) => o.kernel.passes.length > 1).length;
      const v6 = outcomes.filter((o) => o.probe.family === 6).length;
      const finals = new Map<string, number>();
      for (const o of outcomes) finals.set(o.kernel.final, (finals.get(o.kernel.final) ?? 0) + 1);
      console.log(
        `nft packet conformance: ${jobs.length} programs (${refused.length} refused by our loader, ` +
          `${refused.length - loadedByKernel.length} of them by nft too; ${generatorRefused.length} flag sets the generator refuses), ` +
          `${outcomes.length} real packets (${v6} IPv6, ${looped} looped back over lo, ${native.length} hit native rules), ` +
          `${compared.length} compared, ${differences.length} differences, ${outcomes.length - compared.length} in the skip map, ` +
          `${stats.retried} re-sent (${stats.lostEvents} monitor events dropped), ${Math.round((Date.now() - started) / 1000)} s` +
          `\n  kernel finals: ${[...finals].map(([f, n]) => `${f} ×${n}`).join(', ')}` +
          `\n  refused: ${refused.map((r) => `${r.name}: ${r.reason}`).join(' | ')}`,
      );
      expect(
        lost.map((o) => `${o.config} | ${o.probe.label}`),
        `probes the kernel trace never showed; first: ${lost[0]?.kernel.raw.join('\n') ?? ''}`,
      ).toEqual([]);
      expect(
        differences
          .slice(0, 12)
          .map((o) => describeDifference(o))
          .join('\n\n'),
      ).toBe('');
      const hits = new Set(
        outcomes.flatMap((o) => [...o.kernel.matched, ...o.kernel.matchedAfterLoopback]),
      );
      expect(REQUIRED_HITS.filter((r) => !hits.has(r))).toEqual([]);
      // A program we refuse must be one nft refuses: then no packet of it can be compared.
      expect(loadedByKernel).toEqual([]);
      expect(generatorRefused).toEqual([]);
      expect(compared.length).toBeGreaterThanOrEqual(1000);
      expect(native.length).toBeGreaterThanOrEqual(750);
      expect(looped).toBeGreaterThanOrEqual(200);
      expect(v6).toBeGreaterThanOrEqual(150);
      for (const f of ['TPROXY:15006', 'REDIRECT:15001', 'REDIRECT:15006', 'DROP', 'MASQUERADE'])
        expect(finals.get(f) ?? 0, f).toBeGreaterThan(0);
    },
    600_000,
  );

  it.runIf(runnable)(
    'refuses to load exactly what checkNftLoad predicts, and predicts no refusal in the corpus',
    async () => {
      const outcomes = await withNetns(
        async (ns) => {
          const out: string[] = [];
          for (const c of NFT_LOAD_CASES) {
            await ns.reset();
            const kernel = await ns.exec(['nft', '-f', '-'], { input: c.script });
            const loaded = loadNft(parseNft(c.script));
            const other = loaded.diagnostics.filter((d) => d.severity === 'error');
            const predicted = hasErrors(checkNftLoad(loaded.value));
            out.push(
              `${c.name}: kernel ${kernel.code === 0 ? 'loads' : 'refuses'}, we ${predicted ? 'refuse' : 'load'}${other.length > 0 ? ` (loader errors: ${other.map((d) => d.message).join('; ')})` : ''}`,
            );
          }
          return out;
        },
        { prefix: 'nftl' },
      );
      const wrong = outcomes.filter((l) =>
        /loads, we refuse|refuses, we load|loader errors/.test(l),
      );
      const refused = outcomes.filter((l) => /kernel refuses, we refuse/.test(l)).length;
      console.log(
        `nft load checks: ${outcomes.length} programs (${refused} refused by both), ${wrong.length} wrong predictions`,
      );
      expect(wrong).toEqual([]);
      expect(refused).toBeGreaterThanOrEqual(10);
      const corpusRefusals = corpus().jobs.flatMap((j) =>
        checkNftLoad(j.config.rulesets.nft ?? { tables: [] }).map(
          (d) => `${j.config.name}: ${d.message}`,
        ),
      );
      expect(corpusRefusals).toEqual([]);
    },
    120_000,
  );

  if (!runnable) {
    const reason = kernelStatus().ok ? 'python3 is missing' : 'no kernel access (see above)';
    it.skip(`KERNEL NFT PACKET CONFORMANCE SKIPPED: ${reason}`, () => undefined);
  }
});
