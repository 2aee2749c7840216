/**
 * `npm run bench`: every speed budget of the project in one report. Budgets live here, not in
 * timed unit tests (a loaded CI machine must not fail a correctness run). Exits 1 when a budget
 * is missed, so a regression is visible. Writes bench/.out/report.json for the README numbers.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import {
  generateRules,
  loadGeneratedRules,
  parseIstioArgs,
  PROFILES,
  renderIptablesSave,
  simulatePacket,
  normalizePacket,
  DEFAULT_POD,
} from '../src/core/index.ts';
import { benchCliCold, formatColdBench } from './cli-cold.ts';
import { benchIptables } from './iptables.ts';
import { benchNftables } from './nftables.ts';
import { benchTrace, formatTraceBench, percentile } from './trace.ts';
import { benchUiKeystrokes } from './ui-keystroke.ts';

interface Budget {
  readonly name: string;
  readonly value: number;
  readonly budget: number;
  readonly unit: string;
  readonly detail: string;
}

/** The core work behind one keystroke in the args editor: parse → generate → restore → save. */
function benchKeystrokePipeline(samples = 400): Budget {
  const base = PROFILES.latest.defaultArgs;
  const times: number[] = [];
  const packet = normalizePacket(
    { id: 'k', direction: 'outbound', uid: 1000, dst: '10.96.0.10', dport: 9080 },
    DEFAULT_POD,
  ).value;
  if (!packet) throw new Error('bench packet is invalid');
  for (let i = 0; i < samples; i++) {
    const text = base.replace('15006', String(15000 + (i % 100)));
    const t = performance.now();
    const parsed = parseIstioArgs(text);
    const rules = generateRules(parsed.value.config);
    const { ruleset } = loadGeneratedRules(rules, 4);
    renderIptablesSave(ruleset);
    simulatePacket({ v4: ruleset }, packet);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 0.95);
  return {
    name: 'keystroke core pipeline (p95)',
    value: p95,
    budget: 10,
    unit: 'ms',
    detail: `parse args → generate → restore → parse → iptables-save → 1 trace; median ${percentile(times, 0.5).toFixed(2)} ms over ${samples}`,
  };
}

/** Gzip size of what the page loads before any lazy chunk: the entry script and its modulepreloads. */
function benchInitialJs(): Budget | undefined {
  const dir = new URL('../dist/app/', import.meta.url);
  if (!existsSync(new URL('index.html', dir))) return undefined;
  const html = readFileSync(new URL('index.html', dir), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map(
    (m) => m[1] ?? '',
  );
  const bytes = files.reduce(
    (sum, f) => sum + gzipSync(readFileSync(new URL(f, dir)), { level: 9 }).length,
    0,
  );
  return {
    name: 'initial JS without Monaco (gzip)',
    value: bytes / 1024,
    budget: 300,
    unit: 'KB',
    detail: `${files.length} files loaded by index.html before any lazy chunk (Monaco, graph, path worker are lazy)`,
  };
}

async function main(): Promise<void> {
  const results: Budget[] = [];
  // The 100k-rule parse runs first, on a fresh heap: it is the budget most sensitive to GC state.
  const ipt = await benchIptables();
  results.push({
    name: 'parse + render 100k-rule dump',
    value: ipt.totalMs,
    budget: ipt.targetMs,
    unit: 'ms',
    detail:
      `${ipt.rules} rules, ${(ipt.bytes / 1e6).toFixed(1)} MB: parse ${ipt.parseMs} ms, render ${ipt.renderMs} ms, round trip ${ipt.roundTrip ? 'exact' : 'DIFFERS'}; ` +
      (ipt.restoreTestMs === undefined
        ? (ipt.note ?? 'iptables-restore --test not measured')
        : `iptables-restore --test ${ipt.restoreTestMs} ms, ratio ${ipt.ratioToRestoreTest}`),
  });

  // Cold: fresh `intercept save` processes against iptables-restore --test, interleaved.
  const cold = await benchCliCold();
  const unmeasured: string[] = [];
  if (typeof cold === 'string') {
    unmeasured.push(
      `n/a  intercept save cold vs iptables-restore --test: not measured\n     ${cold}`,
    );
  } else {
    const detail = formatColdBench(cold);
    results.push(
      {
        name: 'intercept save COLD / iptables-restore --test, wall (kernel-built kube-proxy dump)',
        value: cold.wallRatio,
        budget: 1,
        unit: '×',
        detail,
      },
      {
        name: 'intercept save COLD / iptables-restore --test, peak RSS',
        value: cold.rssRatio,
        budget: 1.5,
        unit: '×',
        detail: `${(cold.cliMedianRssKb / 1024).toFixed(0)} MB vs ${(cold.restoreTestMedianRssKb / 1024).toFixed(0)} MB (medians, /usr/bin/time %M)`,
      },
    );
    const warm = await benchIptables({ text: readFileSync(cold.dump.path, 'utf8'), runs: 3 });
    results.push({
      name: 'WARM parse + render of the same dump / iptables-restore --test',
      value: cold.restoreTestMedianMs > 0 ? warm.totalMs / cold.restoreTestMedianMs : Infinity,
      budget: 1,
      unit: '×',
      detail: `in-process best of 3: parse ${warm.parseMs} ms, render ${warm.renderMs} ms (total ${warm.totalMs} ms) vs the cold runs' iptables-restore --test median ${cold.restoreTestMedianMs.toFixed(0)} ms; round trip ${warm.roundTrip ? 'exact' : 'DIFFERS'}`,
    });
  }

  // nftables: parse + apply + render of a large ruleset against nft's own check mode, same file.
  const nft = await benchNftables();
  const nftDetail = `${nft.rules} rules, ${nft.chains} chains, ${nft.sets} sets/maps with ${nft.elements} elements, ${(nft.bytes / 1e6).toFixed(1)} MB: parse ${nft.parseMs} ms, apply ${nft.applyMs} ms, render ${nft.renderMs} ms (total ${nft.totalMs} ms), listing a fixed point: ${nft.fixedPoint ? 'yes' : 'NO'}`;
  if (nft.nftCheckMs === undefined || nft.ratioToNftCheck === undefined) {
    unmeasured.push(
      `n/a  nft parse + render / nft -c -f: not measured\n     ${nftDetail}; ${nft.note ?? ''}`,
    );
  } else {
    results.push({
      name: 'parse + apply + render large nft ruleset / nft -c -f',
      value: nft.ratioToNftCheck,
      budget: 1,
      unit: '×',
      detail: `${nftDetail}; nft -c -f ${nft.nftCheckMs} ms (best of 3)`,
    });
  }

  results.push(benchKeystrokePipeline());
  const trace = benchTrace();
  results.push({
    name: 'trace 1 packet through 100k rules (p95)',
    value: trace.p95Ms,
    budget: trace.targetMs,
    unit: 'ms',
    detail: formatTraceBench(trace),
  });

  // Last: the browser run needs the CPU the Node budgets above would otherwise share.
  const ui = benchUiKeystrokes();
  const initialJs = benchInitialJs();
  if (initialJs) results.push(initialJs);
  else
    unmeasured.push(
      'n/a  initial JS without Monaco (gzip): not measured\n     dist/app is missing',
    );
  const uiBudgets: readonly (readonly [string, string, number])[] = [
    ['graph+trace', 'keystroke → views (graph + trace), p95', 50],
    ['bookinfo-path', 'keystroke → views (Bookinfo path), p95', 50],
    ['first-paint', 'first contentful paint from localhost, p95 of 10 fresh visits', 1000],
  ];
  for (const [key, name, budget] of uiBudgets) {
    const run = ui.kind === 'measured' ? ui.runs.find((r) => r.name === key) : undefined;
    if (run) {
      const how =
        key === 'first-paint'
          ? 'paint timing of a fresh context'
          : 'keydown → DOM updated → next frame';
      const detail = `Playwright, Chromium, production build: ${how}; median ${run.median.toFixed(1)} ms, max ${run.max.toFixed(1)} ms over ${run.n}`;
      results.push({ name, value: run.p95, budget, unit: 'ms', detail });
    } else {
      unmeasured.push(
        `${ui.kind === 'absent' ? 'n/a ' : 'FAIL'} ${name}: not measured\n     ${ui.kind === 'measured' ? `no BENCH line for ${key}` : ui.note}`,
      );
    }
  }

  let failed =
    !ipt.roundTrip ||
    !nft.fixedPoint ||
    ui.kind === 'broken' ||
    (ui.kind === 'measured' && ui.runs.length < uiBudgets.length);
  for (const r of results) {
    const ok = r.value <= r.budget;
    failed ||= !ok;
    console.log(
      `${ok ? 'ok  ' : 'SLOW'} ${r.name}: ${r.value.toFixed(3)} ${r.unit} (budget ${r.budget} ${r.unit})\n     ${r.detail}`,
    );
  }
  for (const line of unmeasured) console.log(line);
  mkdirSync(new URL('./.out/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('./.out/report.json', import.meta.url),
    `${JSON.stringify({ date: new Date().toISOString(), results, iptables: ipt, nftables: nft, cold, trace, ui }, null, 2)}\n`,
  );
  process.exitCode = failed ? 1 : 0;
}

await main();
