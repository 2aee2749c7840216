import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, generateRules, renderDryRun } from '../../../src/core/index.ts';
import { runCli } from '../../support/cli.ts';
import { cliArgsForCase, configForCase, hasReference, loadCases, readGolden, type GoldenCase } from './reference.ts';

/**
 * Istio's own golden test (tools/istio-iptables/pkg/capture/run_test.go — TestIptables), driven by
 * ../shared/reference/istio-iptables/cases.json: every `mainline-newest` golden must come out byte
 * for byte (after trimming, as upstream compares), through the CLI exactly as CONTRACTS.md §1 runs
 * it, and through generateRules directly.
 */

/**
 * Goldens we do not reproduce with the newest profile, and why (the yaml-test-suite habit).
 * pr-branch-only: from unmerged/closed pull requests, not mainline behaviour.
 * Older-era goldens are checked against the older profiles in eras.test.ts.
 */
const SKIP: Readonly<Record<string, string>> = {
  'outbound-ports-exclude': 'pr-branch-only: multiport exclusions from the closed PR istio/istio#59544; mainline writes one tcp and one udp RETURN per port',
  'outbound-ports-exclude-single': 'pr-branch-only: the multiport PR (#59355), config inferred; for one port it equals mainline (checked in eras.test.ts)',
  'inbound-wildcard-exclude': 'pr-branch-only: multiport inbound exclusions from the closed PR istio/istio#59544',
  'outbound-owner-users': 'pr-branch-only: "owner users" include list exists only on an unmerged branch (old command format)',
  'outbound-owner-users-exclude': 'pr-branch-only: "owner users" exclude list exists only on an unmerged branch',
  'ipv6-dns-outbound-owner-users-outbound-owner-groups': 'pr-branch-only: owner users + pre-short-circuit DNS on an unmerged branch',
  'ipv6-dns-outbound-owner-users-exclude-outbound-owner-groups-exclude': 'pr-branch-only: owner users exclude on an unmerged branch',
  'ipv6-empty-inbound-ports': 'mainline-older (1.24 restore era, `-p tcp` OUTPUT jump): reproduced by the 1.20 profile, see eras.test.ts',
  'ipv6-virt-interfaces': 'mainline-older (command-line harness): reproduced by the 1.20 profile, see eras.test.ts',
  'inbound-ports-include': 'mainline-older (command-line harness): reproduced exactly by the 1.20 profile, see eras.test.ts',
  'dns-uid-gid': 'mainline-intermediate: per-owner UDP RETURNs inside ISTIO_OUTPUT_DNS that the newest run.go no longer writes',
  'basic-exclude-nic': 'mainline-older (1.24, `-p tcp` OUTPUT jump): reproduced by the 1.20 profile, see eras.test.ts',
  logging: 'mainline-older: NFLOG trace logging, removed from the newest tool (see eras.test.ts)',
  'drop-invalid': 'mainline-older: direct DROP instead of the newest ISTIO_DROP chain (see eras.test.ts)',
};

const referenceMissing = !hasReference();
const cases: readonly GoldenCase[] = referenceMissing ? [] : loadCases();
const newest = cases.filter((c) => c.goldenStatus === 'mainline-newest');

describe.skipIf(referenceMissing)('istio-iptables goldens', () => {
  it('has all 21 mainline-newest cases, and every other case in the skip map with a reason', () => {
    expect(newest).toHaveLength(21);
    const others = cases.filter((c) => c.goldenStatus !== 'mainline-newest').map((c) => c.name);
    expect(Object.keys(SKIP).sort()).toEqual([...others].sort());
  });

  describe('through the CLI in-process (CONTRACTS.md §1 golden check)', () => {
    for (const c of newest) {
      it(c.name, async () => {
        const result = await runCli(cliArgsForCase(c), { env: c.env });
        expect(result.stderr.split('\n').filter((l) => l.includes('error'))).toEqual([]);
        expect(result.code).toBe(0);
        expect(result.stdout.trim()).toBe(readGolden(`golden/${c.golden}`).trim());
      });
    }
  });

  describe('through generateRules with the upstream test config', () => {
    for (const c of newest) {
      it(c.name, () => {
        const rules = generateRules(configForCase(DEFAULT_CONFIG, c));
        expect(renderDryRun(rules).trim()).toBe(readGolden(`golden/${c.golden}`).trim());
      });
    }
  });

  describe('not reproduced by the newest profile', () => {
    for (const c of cases.filter((x) => x.goldenStatus !== 'mainline-newest')) {
      it.skip(`${c.name}: ${SKIP[c.name] ?? 'no reason recorded'}`, () => undefined);
    }
  });
});

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUNDLE = `${ROOT}dist/cli.mjs`;

describe.skipIf(referenceMissing)('the built binary', () => {
  beforeAll(() => {
    // `npm test` builds dist/cli.mjs before vitest; build it when run on its own.
    if (!existsSync(BUNDLE)) {
      const build = spawnSync(process.execPath, [`${ROOT}scripts/build-cli.mjs`], { cwd: ROOT, encoding: 'utf8' });
      expect(build.status, build.stderr).toBe(0);
    }
  });

  it('bin/intercept.mjs reproduces the tproxy golden', () => {
    const c = newest.find((x) => x.name === 'tproxy');
    expect(c).toBeDefined();
    if (!c) return;
    const run = spawnSync(process.execPath, [`${ROOT}bin/intercept.mjs`, ...cliArgsForCase(c)], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', ...c.env },
      timeout: 30_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(readGolden(`golden/${c.golden}`).trim());
  });
});
