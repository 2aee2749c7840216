import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, generateRules, renderDryRun } from '../../../src/core/index.ts';
import { configForCase, loadCases, loadHistoryCases, readGolden } from './reference.ts';

/**
 * Istio 1.24.x (every 1.24 tag tests the same 28 goldens, golden-history/1.24.6/): the `1.24`
 * profile reproduces each byte for byte (after trimming, as upstream compares; these files end
 * without a newline). Same test configs as HEAD plus `logging`, which 1.24 still had.
 */
const RELEASE_1_24_CASES = 28;

const cases = [...loadCases(), ...loadHistoryCases()].filter(
  (c, i, all) => all.findIndex((x) => x.name === c.name) === i,
);
const goldens = cases
  .map((c) => ({ c, path: `golden-history/1.24.6/${c.golden}` }))
  .filter(({ path }) => {
    try {
      return readGolden(path).length > 0;
    } catch {
      return false;
    }
  });

describe('Istio 1.24.6 goldens through the 1.24 profile', () => {
  it(`has all ${RELEASE_1_24_CASES} goldens of release 1.24`, () => {
    expect(goldens).toHaveLength(RELEASE_1_24_CASES);
  });

  for (const { c, path } of goldens) {
    it(c.name, () => {
      const rules = generateRules(configForCase(DEFAULT_CONFIG, c), '1.24');
      expect(renderDryRun(rules).trim()).toBe(readGolden(path).trim());
    });
  }
});
