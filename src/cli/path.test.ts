import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ISTIO_VERSIONS, type NetfilterStep, type RequestPath } from '@core';
import { runCli } from '../../test/support/cli.ts';
import {
  cliArgs,
  computeCase,
  GOLDEN_DIR,
  loadCases,
  scenarioText,
} from '../../test/golden/mesh/cases.ts';

const MODERN = [
  '-p',
  '15001',
  '-z',
  '15006',
  '-u',
  '1337',
  '-m',
  'REDIRECT',
  '-i',
  '*',
  '-x',
  '',
  '-b',
  '*',
  '-d',
  '15090,15021,15020',
];

async function pathJson(
  argv: readonly string[],
  files: Record<string, string> = {},
): Promise<RequestPath> {
  const r = await runCli(['path', ...argv], { files });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as RequestPath;
}

/** Every netfilter step of the path: forward, response and probes. */
function netfilterSteps(p: RequestPath): NetfilterStep[] {
  const steps = p.hops
    .flatMap((h) => [...h.steps, ...h.response])
    .filter((s): s is NetfilterStep => s.kind === 'netfilter');
  return [...steps, ...p.probes.map((x) => x.step)];
}

interface TraceLine {
  readonly id: string;
  readonly matched: readonly string[];
  readonly matched_after_loopback?: readonly string[];
  readonly final: string;
}

/**
 * Ambient replies that carry the restored 0x111 connmark take istio-cni's policy route (fwmark
 * 0x111 → table 100, `local default dev lo`), which the pod model sets up and `intercept trace`
 * cannot (its pod has only istio-iptables' TPROXY routes): those are not replayed.
 */
function usesAmbientPolicyRoute(p: RequestPath, s: NetfilterStep): boolean {
  return p.dataplane === 'ambient' && ((s.packet.connmark ?? 0) & 0xfff) === 0x111;
}

/** Replays every netfilter step through `intercept trace` with that pod's rules and address. */
async function replayThroughTrace(
  p: RequestPath,
): Promise<{ compared: number; differences: string[]; policyRouted: string[] }> {
  const all = netfilterSteps(p);
  const policyRouted = all.filter((s) => usesAmbientPolicyRoute(p, s)).map((s) => s.id);
  const steps = all.filter((s) => !usesAmbientPolicyRoute(p, s));
  const differences: string[] = [];
  for (const pod of p.pods) {
    const mine = steps.filter((s) => s.pod === pod.name);
    if (mine.length === 0) continue;
    const input = mine.map((s) => JSON.stringify(s.packet)).join('\n');
    const r = await runCli(['trace', '--pod-ip', pod.ip, '--rules', 'rules.txt'], {
      stdin: input,
      files: { 'rules.txt': pod.rules },
    });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TraceLine);
    mine.forEach((s, i) => {
      const t = lines[i];
      const same =
        t !== undefined &&
        t.id === s.packet.id &&
        JSON.stringify(t.matched) === JSON.stringify(s.matched) &&
        JSON.stringify(t.matched_after_loopback ?? []) === JSON.stringify(s.matchedAfterLoopback) &&
        t.final === s.final;
      if (!same)
        differences.push(
          `${s.id} ${pod.name}: path ${s.final} [${s.matched.join(' ')}] | trace ${t?.final ?? '-'} [${t?.matched.join(' ') ?? ''}]`,
        );
    });
  }
  return { compared: steps.length, differences, policyRouted };
}

describe('intercept path', () => {
  it('prints the default Bookinfo path as JSON and exits 0', async () => {
    const p = await pathJson([]);
    expect(p.v).toBe(1);
    expect(p.status).toBe(200);
    expect(p.hops.map((h) => h.label)).toEqual([
      'client → productpage (productpage-v1)',
      'productpage-v1 → details (details-v1)',
      'productpage-v1 → reviews (reviews-v2)',
      'reviews-v2 → ratings (ratings-v1)',
    ]);
  });

  it('flags after -- replace every pod’s args', async () => {
    const p = await pathJson(['--', ...MODERN.map((w) => (w === '1337' ? '1000' : w))]);
    expect(p.pods.filter((x) => x.sidecar).every((x) => x.commandLine?.includes('-u 1000'))).toBe(
      true,
    );
    expect(p.diagnostics.map((d) => d.code)).toContain('redirect-loop');
  });

  it('a request from a pod to a Service, with headers and choices', async () => {
    const p = await pathJson([
      '--from',
      'productpage-v1',
      '--to',
      'reviews',
      '--path',
      '/reviews/0',
      '--choose',
      'reviews=reviews-v3',
      '--header',
      'end-user: jason',
    ]);
    expect(p.hops.map((h) => h.label)).toEqual([
      'productpage-v1 → reviews (reviews-v3)',
      'reviews-v3 → ratings (ratings-v1)',
    ]);
    expect(p.request.headers).toEqual({ 'end-user': 'jason' });
  });

  it('reports -- flag errors at the position istio-iptables itself reports', async () => {
    const flags = ['-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '--bogus'];
    const own = await runCli(['istio-iptables', ...flags]);
    const where = /args:1:\d+/.exec(own.stderr)?.[0];
    expect(where).toBe('args:1:39');
    const r = await runCli(['path', '--', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${where ?? ''}: error: unknown flag: --bogus [unknown-flag]`);
  });

  it.each([
    [['--istio-version', '2.0'], /--istio-version: unknown profile '2.0'/],
    [['--format', 'xml'], /--format/],
    [['--nope'], /Unknown option '--nope'/],
    [['--from', 'nobody'], /--from: no pod 'nobody'/],
    [['--from', 'productpage-v1'], /--to: a request from a pod needs/],
    [['--header', 'no-colon'], /--header/],
    [['--', '-p', '99999'], /istio-iptables flags:\nargs:1:4: error: .*99999/],
    [
      ['--', '--bogus'],
      /istio-iptables flags:\nargs:1:1: error: unknown flag: --bogus \[unknown-flag\]/,
    ],
    [['--scenario', 'missing.yaml'], /cannot read missing.yaml/],
  ])('bad input %j exits 2 with a message and no stdout', async (argv, message) => {
    const r = await runCli(['path', ...argv]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('a scenario with errors exits 2 naming FILE:line:col', async () => {
    const r = await runCli(['path', '--scenario', 's.yaml'], {
      files: { 's.yaml': 'pods:\n  - name: a\n    ip: nope\n' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s\.yaml:3:9: error: pod a: ip 'nope'/);
  });

  it('--help prints the usage', async () => {
    const r = await runCli(['path', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^intercept path/);
  });
});

describe('intercept path: the mesh goldens through the CLI, in-process', () => {
  for (const c of loadCases()) {
    it(`${c.name}`, async () => {
      const text = scenarioText(c);
      const r = await runCli(cliArgs(c, 'scenario.yaml'), {
        files: text === undefined ? {} : { 'scenario.yaml': text },
      });
      expect(r.code, r.stderr).toBe(0);
      const golden = readFileSync(`${GOLDEN_DIR}${c.name}.path.txt`, 'utf8');
      expect(`# ${c.description}\n${r.stdout}`).toBe(golden);
    });
  }
});

describe('every netfilter step of a path equals `intercept trace` for the same packet', () => {
  for (const version of ISTIO_VERSIONS) {
    it(`default path, profile ${version}`, async () => {
      const p = await pathJson(['--istio-version', version]);
      const { compared, differences } = await replayThroughTrace(p);
      expect(differences).toEqual([]);
      expect(compared).toBeGreaterThanOrEqual(version === '1.0' ? 25 : 35);
    });
  }

  for (const c of loadCases().filter((x) => !x.name.startsWith('default-'))) {
    it(`golden case ${c.name}`, async () => {
      const { differences, policyRouted } = await replayThroughTrace(computeCase(c));
      expect(differences).toEqual([]);
      // Ambient: exactly the app's replies (each hop's first response step) took table 100.
      const replies = c.dataplane === 'ambient' ? computeCase(c).hops.map((h) => `${h.id}.r1`) : [];
      expect(policyRouted).toEqual(replies);
    });
  }
});
