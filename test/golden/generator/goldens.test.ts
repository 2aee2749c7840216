import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, generateRules, renderDryRun } from '../../../src/core/index.ts';
import { runCli } from '../../support/cli.ts';
import {
  cliArgsForCase,
  configForCase,
  loadCases,
  readGolden,
  type GoldenCase,
} from './reference.ts';

/**
 * Istio's own golden test (tools/istio-iptables/pkg/capture/run_test.go — TestIptables), driven by
 * the vendored test/fixtures/istio/istio-iptables/cases.json: every HEAD golden must come out byte
 * for byte (after trimming, as upstream compares), through the CLI exactly as CONTRACTS.md §1 runs
 * it, and through generateRules directly. The goldens of PR branches and removed cases
 * (golden-history/) are checked against the era profiles in eras.test.ts.
 */

/** HEAD's run_test.go has 27 cases; fewer means a fixture went missing. */
const HEAD_CASES = 27;

const cases: readonly GoldenCase[] = loadCases();
const newest = cases.filter((c) => c.goldenStatus === 'head');

describe('istio-iptables goldens', () => {
  it(`has all ${HEAD_CASES} upstream HEAD cases, each with its golden file`, () => {
    expect(cases).toHaveLength(HEAD_CASES);
    expect(newest).toHaveLength(HEAD_CASES);
    for (const c of newest)
      expect(readGolden(`golden/${c.golden}`).length, c.golden).toBeGreaterThan(0);
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
});

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUNDLE = `${ROOT}dist/cli.mjs`;

describe('the built binary', () => {
  beforeAll(() => {
    // `npm test` builds dist/cli.mjs before vitest; build it when run on its own.
    if (!existsSync(BUNDLE)) {
      const build = spawnSync(process.execPath, [`${ROOT}scripts/build-cli.mjs`], {
        cwd: ROOT,
        encoding: 'utf8',
      });
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
