/**
 * Netfilter trace goldens: each `<case>.scenario.json` (istio-iptables args or a rules file, plus
 * packets) → `<case>.trace.txt`, the canonical one-line-per-step trace of every packet and the
 * batch counters. Regenerate with `vitest -u` and review the diff. The same packets also go
 * through `intercept trace` in-process and must give the same matched/final.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_POD,
  formatTrace,
  generateNftables,
  generateRules,
  hasErrors,
  isNftText,
  loadNft,
  normalizePacket,
  parseIptables,
  parseIstioArgs,
  parseNft,
  renderNftScript,
  renderRestore,
  simulateBatch,
  type FamilyCounters,
  type IstioVersion,
  type Packet,
  type Rulesets,
} from '@core';
import { runCli } from '../../support/cli.ts';

const DIR = fileURLToPath(new URL('./', import.meta.url));

interface Scenario {
  readonly about: string;
  readonly istio?: {
    readonly args: string;
    readonly version?: IstioVersion;
    readonly ipv6?: boolean;
    readonly dnsServers?: readonly string[];
    /** `--native-nftables`: the rules are Istio's nftables program. */
    readonly nftables?: boolean;
  };
  readonly rules?: string;
  readonly packets: readonly Record<string, unknown>[];
}

interface Loaded {
  readonly header: string[];
  readonly v4: string;
  readonly v6: string;
  readonly rulesets: Rulesets;
  /** The parser found errors other than load-time refusals; the CLI then exits 2. */
  readonly parseErrors: boolean;
  /** The parser found rules the kernel would refuse to load (the CLI reports them and traces). */
  readonly refusals: boolean;
}

function load(s: Scenario): Loaded {
  if (s.istio) {
    const parsed = parseIstioArgs(s.istio.args, {
      enableIPv6: s.istio.ipv6 ?? false,
      dnsServers: s.istio.dnsServers ?? [],
    });
    if (s.istio.nftables === true) {
      const generated = generateNftables(
        { ...parsed.value.config, nativeNftables: true },
        s.istio.version ?? 'latest',
      );
      if (hasErrors(parsed.diagnostics) || hasErrors(generated.diagnostics))
        throw new Error(`scenario args do not generate: ${s.istio.args}`);
      const header = [
        `# rules: istio-iptables --native-nftables ${s.istio.args} (profile ${s.istio.version ?? 'latest'}${s.istio.ipv6 ? ', IPv6' : ''})`,
      ];
      return loadNftScenario(renderNftScript(generated.commands), header);
    }
    const rules = generateRules(parsed.value.config, s.istio.version ?? 'latest');
    if (hasErrors(parsed.diagnostics) || hasErrors(rules.diagnostics))
      throw new Error(`scenario args do not generate: ${s.istio.args}`);
    const v4 = renderRestore(rules, 4);
    const v6 = rules.enableIPv6 ? renderRestore(rules, 6) : '';
    const header = [
      `# rules: istio-iptables ${s.istio.args} (profile ${s.istio.version ?? 'latest'}${s.istio.ipv6 ? ', IPv6' : ''})`,
    ];
    return { header, v4, v6, ...parse(v4, v6, header) };
  }
  const v4 = readFileSync(`${DIR}${s.rules ?? ''}`, 'utf8');
  const header = [`# rules: ${s.rules ?? ''}`];
  if (isNftText(v4)) return loadNftScenario(v4, header);
  return { header, v4, v6: '', ...parse(v4, '', header) };
}

/** An nftables program, loaded as `nft -f` would: any error refuses it (the CLI exits 2). */
function loadNftScenario(script: string, header: string[]): Loaded {
  const loaded = loadNft(parseNft(script));
  for (const d of loaded.diagnostics) header.push(`# load ${d.severity}: ${d.message} [${d.code}]`);
  return {
    header,
    v4: script,
    v6: '',
    rulesets: { nft: loaded.value },
    parseErrors: hasErrors(loaded.diagnostics),
    refusals: false,
  };
}

const LOAD_TIME_REFUSALS: readonly string[] = ['kernel-rejects', 'jump-loop'];

/**
 * Parses both families; parse problems (load-time refusals included: the parser is their single
 * source) go into the golden's header, and the simulation still runs.
 */
function parse(
  v4: string,
  v6: string,
  header: string[],
): { rulesets: Rulesets; parseErrors: boolean; refusals: boolean } {
  const p4 = parseIptables(v4, { family: 4 });
  const p6 = parseIptables(v6, { family: 6 });
  const all = [...p4.diagnostics, ...p6.diagnostics];
  for (const d of all) header.push(`# parse ${d.severity}: ${d.message} [${d.code}]`);
  const refusal = (d: (typeof all)[number]) => LOAD_TIME_REFUSALS.includes(d.code);
  return {
    rulesets: { v4: p4.value, ...(v6 === '' ? {} : { v6: p6.value }) },
    parseErrors: hasErrors(all.filter((d) => !refusal(d))),
    refusals: all.some((d) => d.severity === 'error' && refusal(d)),
  };
}

function formatCounters(family: string, c: FamilyCounters): string[] {
  const rules = [...c.rules]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ref, n]) => `  ${family} ${ref.padEnd(36)} pkts ${n.packets} bytes ${n.bytes}`);
  const policies = [...c.policies]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([key, n]) => `  ${family} ${`${key} policy`.padEnd(36)} pkts ${n.packets} bytes ${n.bytes}`,
    );
  return [...rules, ...policies];
}

function renderScenario(s: Scenario, loaded: Loaded): { text: string; packets: Packet[] } {
  const lines = [`# ${s.about}`, ...loaded.header];
  const packets: Packet[] = [];
  const blocks: string[] = [];
  s.packets.forEach((spec, i) => {
    const { value, diagnostics } = normalizePacket(spec, DEFAULT_POD, `packet-${i + 1}`);
    if (value) packets.push(value);
    else
      blocks.push(
        `packet ${String(spec['id'])}: not simulated: ${diagnostics.map((d) => d.message).join('; ')}`,
      );
  });
  const batch = simulateBatch(loaded.rulesets, packets, DEFAULT_POD);
  blocks.unshift(...batch.results.map(formatTrace));
  const counters = [
    ...formatCounters('v4', batch.counters.v4),
    ...formatCounters('v6', batch.counters.v6),
  ];
  const text = [
    lines.join('\n'),
    ...blocks,
    ['counters (iptables -L -v):', ...counters].join('\n'),
  ].join('\n\n');
  return { text: `${text}\n`, packets };
}

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.scenario.json'))
  .map((f) => f.slice(0, -'.scenario.json'.length))
  .sort();

describe('netfilter trace goldens', () => {
  it('has scenarios', () => expect(cases.length).toBeGreaterThanOrEqual(8));

  for (const name of cases) {
    it(name, async () => {
      const scenario = JSON.parse(readFileSync(`${DIR}${name}.scenario.json`, 'utf8')) as Scenario;
      const loaded = load(scenario);
      const { text, packets } = renderScenario(scenario, loaded);
      await expect(text).toMatchFileSnapshot(`${DIR}${name}.trace.txt`);

      const stdin = scenario.packets
        .filter((p) => normalizePacket(p, DEFAULT_POD).value)
        .map((p) => JSON.stringify(p))
        .join('\n');
      const rules = loaded.v6 === '' ? loaded.v4 : `${loaded.v4}\n${loaded.v6}`;
      const cli = await runCli(['trace', '--rules', 'rules'], { stdin, files: { rules } });
      if (loaded.parseErrors) {
        expect(cli.code).toBe(2);
        expect(cli.stdout).toBe('');
        return;
      }
      expect(cli.code).toBe(0);
      // Load-time refusals are reported on stderr (FILE:line:col) and the packets traced anyway.
      if (loaded.refusals) expect(cli.stderr).toMatch(/^rules:\d+:\d+: error: /m);
      else expect(cli.stderr).not.toMatch(/ error: /);
      const fromCli = cli.stdout
        .trim()
        .split('\n')
        .map(
          (l) =>
            JSON.parse(l) as { matched: string[]; matched_after_loopback: string[]; final: string },
        );
      const fromCore = simulateBatch(loaded.rulesets, packets).results;
      expect(fromCli.map((r) => [r.matched, r.matched_after_loopback, r.final])).toEqual(
        fromCore.map((r) => [r.matched, r.matchedAfterLoopback, r.final]),
      );
    });
  }
});

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUNDLE = `${ROOT}dist/cli.mjs`;

describe('the built binary', () => {
  beforeAll(() => {
    // `npm test` builds dist/cli.mjs before vitest; build it when run on its own or stale.
    if (
      !existsSync(BUNDLE) ||
      !readFileSync(BUNDLE, 'utf8').includes('intercept trace [--pod-ip IP]')
    ) {
      const build = spawnSync(process.execPath, [`${ROOT}scripts/build-cli.mjs`], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(build.status, build.stderr).toBe(0);
    }
  });

  it('bin/intercept.mjs trace reproduces the CONTRACTS.md §3 example', () => {
    const scenario = JSON.parse(
      readFileSync(`${DIR}redirect-default.scenario.json`, 'utf8'),
    ) as Scenario;
    const dir = mkdtempSync(join(tmpdir(), 'intercept-trace-'));
    try {
      writeFileSync(join(dir, 'rules'), load(scenario).v4);
      const packet =
        '{"id":"app-out","direction":"outbound","uid":1000,"dst":"10.44.0.9","dport":9080}\n';
      const run = spawnSync(
        process.execPath,
        [`${ROOT}bin/intercept.mjs`, 'trace', '--rules', join(dir, 'rules')],
        {
          cwd: ROOT,
          encoding: 'utf8',
          input: packet,
          timeout: 30_000,
        },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        id: 'app-out',
        matched: ['nat/OUTPUT#1', 'nat/ISTIO_OUTPUT#9', 'nat/ISTIO_REDIRECT#1'],
        final: 'REDIRECT:15001',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
