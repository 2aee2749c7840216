/**
 * Mesh goldens: every `<case>.json` → `<case>.path.txt` (formatRequestPath). Regenerate with
 * `npx vitest run test/golden/mesh -u` and review the diff.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatRequestPath } from '@core';
import { cliArgs, computeCase, GOLDEN_DIR, loadCases } from './cases.ts';

describe('mesh goldens (core)', () => {
  const cases = loadCases();
  it('has the cases the issue asks for', () => {
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'default-latest',
        'default-1.25',
        'default-1.20',
        'default-1.11',
        'default-1.0',
        'b-15090',
        'u-1000',
        'x-reviews-pod-ip',
        'reviews-v1',
        'reviews-v1-no-destinationrule',
      ]),
    );
  });
  for (const c of cases) {
    it(`${c.name}: ${c.description}`, async () => {
      const text = `# ${c.description}\n${formatRequestPath(computeCase(c))}`;
      await expect(text).toMatchFileSnapshot(`${GOLDEN_DIR}${c.name}.path.txt`);
    });
  }
});

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUNDLE = `${ROOT}dist/cli.mjs`;

describe('mesh goldens through the built binary', () => {
  beforeAll(() => {
    // `npm test` builds dist/cli.mjs first; build it when this runs on its own or the bundle is stale.
    if (!existsSync(BUNDLE) || !readFileSync(BUNDLE, 'utf8').includes('intercept path [options]')) {
      const build = spawnSync(process.execPath, [`${ROOT}scripts/build-cli.mjs`], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(build.status, build.stderr).toBe(0);
    }
  });

  it('bin/intercept.mjs path --format text -- <u-1000 flags> prints the u-1000 golden', () => {
    const c = loadCases().find((x) => x.name === 'u-1000');
    expect(c).toBeDefined();
    if (!c) return;
    const run = spawnSync(process.execPath, [`${ROOT}bin/intercept.mjs`, ...cliArgs(c, '')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(`# ${c.description}\n${run.stdout}`).toBe(
      readFileSync(`${GOLDEN_DIR}${c.name}.path.txt`, 'utf8'),
    );
  });
});
