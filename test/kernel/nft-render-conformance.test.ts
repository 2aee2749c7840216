/**
 * Kernel conformance of the nftables model: every Istio nftables golden (the host-probe ones
 * after their sets prelude), the recorded set/map cases, the 14 computed ambient programs of
 * `intercept ambient --native-nftables` (host probe with the probe sets istio-cni creates) and
 * seeded random `--native-nftables` flag sets are loaded with `nft -f` (nftables 1.0.6) into a
 * real, empty network namespace, and the kernel's `nft list ruleset` is compared byte for byte
 * with renderNftList(applyNftCommands(parseNft(script))). Where nft refuses a script, our
 * parse/apply must report an error too, and the other way round.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyNftCommands,
  DEFAULT_AMBIENT_CONFIG,
  DEFAULT_CONFIG,
  generateAmbientNftables,
  generateNftables,
  hasErrors,
  parseNft,
  renderNftList,
  renderNftScript,
} from '@core';
import { ambientConfigFromArgv } from '../../src/cli/ambient.ts';
import { argvOf, loadAmbientCases } from '../golden/ambient/reference.ts';
import { NFT_REFERENCE_DIR, readNftReference } from '../golden/nftables/reference.ts';
import { pick, seededRandom } from '../support/random.ts';
import { requireKernelOrSkip, withNetns, type Netns } from './netns.ts';
import { randomSetPrograms } from './nft-set-cases.ts';
import { randomConfig } from './render-cases.ts';

const run = requireKernelOrSkip();
const RANDOM_FLAG_SETS = 110;
const RANDOM_SET_PROGRAMS = 40;
const counts = { compared: 0, refusedByBoth: 0, ambient: 0 };

interface NftCase {
  readonly name: string;
  readonly script: string;
}

/**
 * The kernel refuses a group name the host cannot resolve (`Error: Group does not exist`); our
 * core cannot know the host's group database, so the owner-group goldens are compared with the
 * numbers the recorded listings used (4242 for java, 4343 for ftp).
 */
const GROUP_NUMBERS: Readonly<Record<string, string>> = { java: '4242', ftp: '4343' };
/** The host-probe goldens refer to sets istio-cni creates first; their listings used this prelude. */
const PRELUDE = 'nft-list/ambient/hostprobe-sets.prelude.nft';
const SETS_DIR = fileURLToPath(new URL('../golden/nftables/sets/', import.meta.url));

function goldenCases(): NftCase[] {
  const out: NftCase[] = [];
  for (const sub of ['', 'builder/', 'ambient/']) {
    for (const f of readdirSync(`${NFT_REFERENCE_DIR}golden/${sub}`).sort()) {
      const name = `${sub}${f.replace(/\.golden$/, '')}`;
      if (!f.endsWith('.golden')) continue;
      const golden = readNftReference(`golden/${name}.golden`).replace(
        /(skgid (?:!= )?)(java|ftp)\b/g,
        (_m, pre: string, g: string) => `${pre}${GROUP_NUMBERS[g] ?? g}`,
      );
      const prelude = name.startsWith('ambient/hostprobe') ? readNftReference(PRELUDE) : '';
      out.push({ name: `golden/${name}`, script: prelude + golden });
    }
  }
  for (const f of readdirSync(SETS_DIR).sort()) {
    if (f.endsWith('.nft'))
      out.push({ name: `sets/${f}`, script: readFileSync(join(SETS_DIR, f), 'utf8') });
  }
  return out;
}

/** Every in-pod combination of the pod and node settings (48), and the host probe (2). */
function ambientCombinations(): NftCase[] {
  const out: NftCase[] = [];
  for (const enableIPv6 of [false, true])
    for (const redirectDns of [false, true])
      for (const podDns of [undefined, 'on', 'off'] as const)
        for (const ingressMode of [false, true])
          for (const virtualInterfaces of [[], ['veth-vm0', 'tap1']]) {
            const config = {
              ...DEFAULT_AMBIENT_CONFIG,
              enableIPv6,
              redirectDns,
              podDns,
              ingressMode,
              virtualInterfaces,
            };
            const g = generateAmbientNftables(config);
            const name = `ambient-combo/${JSON.stringify([enableIPv6, redirectDns, podDns ?? '-', ingressMode, virtualInterfaces.length])}`;
            out.push({ name, script: renderNftScript(g.commands) });
          }
  for (const enableIPv6 of [false, true]) {
    const g = generateAmbientNftables(
      { ...DEFAULT_AMBIENT_CONFIG, enableIPv6, kubeletUid: '0' },
      {
        hostProbe: true,
      },
    );
    out.push({
      name: `ambient-combo/host/${enableIPv6}`,
      script: renderNftScript([...g.sets, ...g.commands]),
    });
  }
  return out;
}

/**
 * The 14 programs `intercept ambient --native-nftables` computes (cases.json), as the node is
 * given them: for the host probe the sets transaction first, then the rules; every combination
 * of the settings; and the host probe of a node with an enrolled pod (one element per set).
 */
function ambientCases(): NftCase[] {
  const out = loadAmbientCases().flatMap((c) => {
    if (c.nft === undefined) return [];
    const argv = argvOf(c.nft.cli).slice(1);
    const hostProbe = argv.includes('--host-probe');
    const config = ambientConfigFromArgv(argv.filter((a) => a !== '--host-probe'));
    const g = generateAmbientNftables(config, { hostProbe });
    return [{ name: `ambient/${c.name}`, script: renderNftScript([...g.sets, ...g.commands]) }];
  });
  out.push(...ambientCombinations());
  const host = out.find((c) => c.name === 'ambient/hostprobe_ipv6');
  if (host !== undefined) {
    const pods =
      'add element inet istio-ambient-nat istio-inpod-probes-v4 { 10.44.0.5 comment "pod-a" }\n' +
      'add element inet istio-ambient-nat istio-inpod-probes-v6 { fd00:44::5 comment "pod-a" }\n';
    out.push({ name: 'ambient/hostprobe_ipv6+pod', script: host.script + pods });
  }
  return out;
}

function randomCases(): NftCase[] {
  const rand = seededRandom(1327);
  const out: NftCase[] = [];
  for (let i = 0; i < RANDOM_FLAG_SETS; i++) {
    const config = { ...randomConfig(rand), nativeNftables: true };
    const backend = pick(rand, ['counter', 'counter', 'plain'] as const);
    const generated = generateNftables({ ...DEFAULT_CONFIG, ...config }, 'latest', backend);
    out.push({ name: `random/${i}/${backend}`, script: renderNftScript(generated.commands) });
  }
  return out;
}

function ours(script: string): { ok: true; list: string } | { ok: false; error: string } {
  const parsed = parseNft(script);
  if (hasErrors(parsed.diagnostics))
    return { ok: false, error: parsed.diagnostics[0]?.message ?? '' };
  const applied = applyNftCommands(parsed.value);
  if (hasErrors(applied.diagnostics))
    return { ok: false, error: applied.diagnostics[0]?.message ?? '' };
  return { ok: true, list: renderNftList(applied.value) };
}

async function kernel(ns: Netns, script: string): Promise<{ ok: boolean; out: string }> {
  const r = await ns.exec(
    ['sh', '-c', 'nft flush ruleset || exit 90; nft -f - || exit 91; nft list ruleset'],
    { input: script, timeoutMs: 30_000 },
  );
  return { ok: r.code === 0, out: r.code === 0 ? r.stdout : r.stderr };
}

const MARK = '=== ie-nft-case';

/**
 * Loads every script in one shell inside the namespace (a process per case costs more than the
 * work): flush, `nft -f`, `nft list ruleset`, with a marker line per case.
 */
async function kernelBatch(
  ns: Netns,
  cases: readonly NftCase[],
): Promise<{ ok: boolean; out: string }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ie-nft-'));
  try {
    cases.forEach((c, i) => writeFileSync(join(dir, `${i}.nft`), c.script));
    const loop = `for i in $(seq 0 ${cases.length - 1}); do nft flush ruleset; echo "${MARK} $i"; if nft -f ${dir}/$i.nft 2>/dev/null; then echo ok; nft list ruleset; else echo refused; fi; done`;
    const r = await ns.exec(['sh', '-c', loop], { timeoutMs: 240_000 });
    const parts = r.stdout.split(`${MARK} `).slice(1);
    return parts.map((p) => {
      const body = p.slice(p.indexOf('\n') + 1);
      const ok = body.startsWith('ok\n');
      return { ok, out: body.slice(body.indexOf('\n') + 1) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function compare(c: NftCase, theirs: { ok: boolean; out: string } | undefined): string | undefined {
  const mine = ours(c.script);
  if (theirs === undefined) return `${c.name}: no kernel output`;
  if (!mine.ok && !theirs.ok) {
    counts.refusedByBoth++;
    return undefined;
  }
  if (!mine.ok) return `${c.name}: nft accepted, we refused: ${mine.error}`;
  if (!theirs.ok) return `${c.name}: nft refused, we accepted`;
  counts.compared++;
  return mine.list === theirs.out
    ? undefined
    : `${c.name}:\n--- ours\n${mine.list}--- nft\n${theirs.out}`;
}

describe.skipIf(!run)('nft list ruleset: ours vs the kernel', () => {
  afterAll(() => {
    console.log(
      `nft render conformance: ${counts.compared} rulesets byte-identical (${counts.ambient} computed ambient programs), ${counts.refusedByBoth} refused by both`,
    );
  });

  it(`every golden and ${RANDOM_FLAG_SETS} random --native-nftables flag sets`, async () => {
    const cases = [...goldenCases(), ...randomCases()];
    const problems = await withNetns(
      async (ns) => {
        const outs = await kernelBatch(ns, cases);
        return cases.flatMap((c, i) => compare(c, outs[i]) ?? []);
      },
      { prefix: 'nftr', timeoutMs: 300_000 },
    );
    expect(problems.slice(0, 3)).toEqual([]);
    expect(counts.compared + counts.refusedByBoth).toBe(cases.length);
    expect(counts.compared).toBeGreaterThanOrEqual(50 + 2 + RANDOM_FLAG_SETS - 5);
  }, 320_000);

  it('the 14 computed ambient programs, all 50 setting combinations and a host with an enrolled pod', async () => {
    const cases = ambientCases();
    expect(cases).toHaveLength(65);
    const before = counts.compared;
    const problems = await withNetns(
      async (ns) => {
        const outs = await kernelBatch(ns, cases);
        return cases.flatMap((c, i) => compare(c, outs[i]) ?? []);
      },
      { prefix: 'nftamb', timeoutMs: 120_000 },
    );
    expect(problems).toEqual([]);
    counts.ambient = counts.compared - before;
    expect(counts.ambient).toBe(65);
  }, 150_000);

  it('refuses what nft refuses: an unknown group name, an insert index past the end', async () => {
    const bad = [
      'add table inet t\nadd chain inet t c\nadd rule inet t c skgid no-such-group-ie return\n',
      'add table inet t\nadd chain inet t c\ninsert rule inet t c index 2 return\n',
      'add table inet t\nadd rule inet t missing return\n',
    ];
    await withNetns(
      async (ns) => {
        for (const script of bad) {
          expect((await kernel(ns, script)).ok, script).toBe(false);
        }
      },
      { prefix: 'nftr' },
    );
    // Group names: nft resolves them through the host's group database, which the core cannot
    // see; we accept any name (documented), so only the two structural refusals are ours too.
    expect(ours(bad[1] ?? '').ok).toBe(false);
    expect(ours(bad[2] ?? '').ok).toBe(false);
  }, 60_000);

  it(`${RANDOM_SET_PROGRAMS} random programs with named sets, maps and verdict maps`, async () => {
    const cases = randomSetPrograms(RANDOM_SET_PROGRAMS);
    const before = { ...counts };
    const problems = await withNetns(
      async (ns) => {
        const outs = await kernelBatch(ns, cases);
        return cases.flatMap((c, i) => compare(c, outs[i]) ?? []);
      },
      { prefix: 'nftset', timeoutMs: 120_000 },
    );
    expect(problems.slice(0, 2)).toEqual([]);
    expect(counts.compared - before.compared).toBe(RANDOM_SET_PROGRAMS);
  }, 150_000);

  it('refuses what nft refuses about sets: missing set, set in use, prefix without interval, type mismatch', async () => {
    const head = 'add table inet t\nadd set inet t s { type ipv4_addr ; }\nadd chain inet t c\n';
    const bad = [
      `${head}add rule inet t c ip daddr @nope accept\n`,
      `${head}add rule inet t c ip daddr @s accept\ndelete set inet t s\n`,
      `${head}add element inet t s { 10.0.0.0/8 }\n`,
      `${head}add rule inet t c tcp dport @s accept\n`,
      `${head}add rule inet t c ip daddr vmap @s\n`,
      `${head}delete element inet t s { 10.0.0.9 }\n`,
      'add table inet t\nadd map inet t m { type ipv4_addr : verdict ; }\nadd element inet t m { 10.0.0.1 }\n',
    ];
    await withNetns(
      async (ns) => {
        for (const script of bad) {
          expect((await kernel(ns, script)).ok, script).toBe(false);
          expect(ours(script).ok, script).toBe(false);
        }
        const fine = `${head}add rule inet t c ip daddr @s accept\nflush chain inet t c\ndelete set inet t s\n`;
        const theirs = await kernel(ns, fine);
        expect(theirs.ok).toBe(true);
        expect(ours(fine)).toEqual({ ok: true, list: theirs.out });
      },
      { prefix: 'nftr' },
    );
  }, 60_000);
});
