/**
 * `intercept path --dataplane ambient [--waypoint SERVICE]…`: the ambient goldens (JSON) through
 * the CLI, and what the issue asks of them. Regenerate the goldens with
 * `npx vitest run src/cli/path-ambient.test.ts -u` and review the diff.
 */
import { describe, expect, it } from 'vitest';
import type { PathStep, RequestPath, ZtunnelStep } from '@core';
import { runCli } from '../../test/support/cli.ts';
import {
  cliArgs,
  GOLDEN_DIR,
  goldenJson,
  loadCases,
  scenarioText,
} from '../../test/golden/mesh/cases.ts';

const AMBIENT_CASES = loadCases().filter((c) => c.dataplane === 'ambient');

async function casePath(name: string): Promise<{ stdout: string; path: RequestPath }> {
  const c = AMBIENT_CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no golden case ${name}`);
  const text = scenarioText(c);
  const argv = cliArgs(c, 'scenario.yaml');
  argv.splice(argv.indexOf('--format'), 2);
  const r = await runCli(argv, { files: text === undefined ? {} : { 'scenario.yaml': text } });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { stdout: r.stdout, path: JSON.parse(r.stdout) as RequestPath };
}

const stepsOf = (p: RequestPath, service: string): readonly PathStep[] =>
  p.hops.find((h) => h.service === service)?.steps ?? [];

const ztunnelActions = (steps: readonly PathStep[]): string[] =>
  steps.filter((s): s is ZtunnelStep => s.kind === 'ztunnel').map((s) => s.action);

describe('intercept path --dataplane ambient: JSON goldens', () => {
  it('has the three cases the issue asks for', () => {
    expect(AMBIENT_CASES.map((c) => c.name)).toEqual([
      'ambient-default',
      'ambient-reviews-vs-no-waypoint',
      'ambient-waypoint-reviews',
    ]);
  });

  for (const c of AMBIENT_CASES) {
    it(`${c.name}.path.json`, async () => {
      const { stdout } = await casePath(c.name);
      await expect(goldenJson(stdout)).toMatchFileSnapshot(`${GOLDEN_DIR}${c.name}.path.json`);
    });
  }
});

describe('the ambient path', () => {
  it('default: 200, every call through ztunnel and HBONE to the destination pod :15008', async () => {
    const { path } = await casePath('ambient-default');
    expect(path.status).toBe(200);
    expect(path.dataplane).toBe('ambient');
    expect(path.hops.map((h) => `${h.label} ${h.status}`)).toEqual([
      'client → productpage (productpage-v1) 200',
      'productpage-v1 → details (details-v1) 200',
      'productpage-v1 → reviews (reviews-v2) 200',
      'reviews-v2 → ratings (ratings-v1) 200',
    ]);
    const reviews = stepsOf(path, 'reviews');
    expect(ztunnelActions(reviews)).toEqual([
      'dns',
      'outbound',
      'pick',
      'hbone',
      'inbound',
      'deliver',
    ]);
    const hbone = reviews.find((s) => s.kind === 'ztunnel' && s.action === 'hbone');
    expect(hbone).toMatchObject({ upstream: '172.33.78.5:15008', target: '172.33.78.5:9080' });
    const pick = reviews.find((s) => s.kind === 'ztunnel' && s.action === 'pick');
    expect(pick).toMatchObject({ endpoints: ['reviews-v1', 'reviews-v2', 'reviews-v3'] });
    expect(reviews.find((s) => s.kind === 'app')).toMatchObject({ peer: '172.33.78.10' });
    expect(path.hops.flatMap((h) => h.steps).some((s) => s.kind === 'waypoint')).toBe(false);
    expect(path.diagnostics).toEqual([]);
  });

  it('DNS and the app redirect are the in-pod rules, and the reply takes table 100 back to ztunnel', async () => {
    const { path } = await casePath('ambient-default');
    const hop = path.hops.find((h) => h.service === 'reviews');
    const [dns, out] = hop?.steps.filter((s) => s.kind === 'netfilter') ?? [];
    expect(dns).toMatchObject({ final: 'REDIRECT:15053', packet: { proto: 'udp', dport: 53 } });
    expect(out).toMatchObject({ final: 'REDIRECT:15001', decisive: 'nat/ISTIO_OUTPUT#6' });
    const reply = hop?.response[0];
    expect(reply?.kind).toBe('netfilter');
    if (reply?.kind !== 'netfilter') return;
    expect(reply.matched).toContain('mangle/ISTIO_OUTPUT#1');
    expect(reply.delivered).toMatchObject({ kind: 'local', iif: 'lo' });
    expect(reply.delivered.packet.mark).toBe('0x111');
  });

  it('kubelet probes reach the app through the node SNAT to 169.254.7.127', async () => {
    const { path } = await casePath('ambient-default');
    expect(path.probes.map((p) => `${p.id} ${p.captured}`)).toEqual([
      'p.productpage-v1.9080 false',
      'p.details-v1.9080 false',
      'p.reviews-v2.9080 false',
      'p.ratings-v1.9080 false',
    ]);
    const probe = path.probes[0];
    expect(probe?.node?.delivered.packet.src).toBe('169.254.7.127');
    expect(probe?.node?.matched).toContain('nat/ISTIO_POSTRT#1');
    expect(probe?.step.decisive).toBe('nat/ISTIO_PRERT#1');
  });

  it('--waypoint reviews puts the waypoint on the path and it applies the VirtualService', async () => {
    const { path } = await casePath('ambient-waypoint-reviews');
    expect(path.status).toBe(200);
    expect(path.waypoints).toEqual(['reviews']);
    const reviews = path.hops.find((h) => h.service === 'reviews');
    expect(reviews?.callee).toBe('reviews-v1');
    const steps = reviews?.steps ?? [];
    expect(steps.filter((s) => s.kind === 'waypoint').map((s) => s.action)).toEqual([
      'accept',
      'connect',
    ]);
    const route = steps.find((s) => s.kind === 'envoy-route');
    expect(route).toMatchObject({
      pod: 'waypoint',
      chosen: 'outbound|9080|v1|reviews.default.svc.cluster.local',
    });
    expect(steps.find((s) => s.kind === 'app')).toMatchObject({ peer: '172.33.78.10' });
    expect(path.diagnostics.map((d) => d.code)).not.toContain('ignored-route');
  });

  it('a reviews VirtualService without a waypoint raises ignored-route, and v2 is still reached', async () => {
    const { path } = await casePath('ambient-reviews-vs-no-waypoint');
    expect(path.diagnostics.map((d) => `${d.code} ${d.hop ?? ''} ${d.step ?? ''}`)).toEqual([
      'ignored-route h3 h3.6',
    ]);
    expect(path.diagnostics[0]?.messageRef).toMatchObject({
      id: 'ambient.ignored-route',
      params: { kind: 'VirtualService', name: 'reviews', service: 'reviews', count: 3 },
    });
    expect(path.hops.find((h) => h.service === 'reviews')?.callee).toBe('reviews-v2');
  });

  it('--waypoint outside ambient, an unknown Service, and -- flags in ambient exit 2', async () => {
    for (const [argv, message] of [
      [['--waypoint', 'reviews'], /waypoints exist in ambient mode only/],
      [['--dataplane', 'ambient', '--waypoint', 'nope'], /--waypoint: no Service 'nope'/],
      [['--dataplane', 'kube'], /--dataplane: expected sidecar or ambient/],
      [['--dataplane', 'ambient', '--', '-p', '15001'], /ambient pods have no istio-init/],
    ] as const) {
      const r = await runCli(['path', ...argv]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
  });

  it('--dataplane sidecar prints exactly the default path', async () => {
    const plain = await runCli(['path']);
    const sidecar = await runCli(['path', '--dataplane', 'sidecar']);
    expect(sidecar.stdout).toBe(plain.stdout);
    expect(plain.stdout).not.toContain('"dataplane"');
  });
});
