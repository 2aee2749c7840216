/**
 * Mesh goldens: every `<case>.json` → `<case>.path.txt` (formatRequestPath). Regenerate with
 * `npx vitest run test/golden/mesh -u` and review the diff.
 */
import { describe, expect, it } from 'vitest';
import { formatRequestPath } from '@core';
import { computeCase, GOLDEN_DIR, loadCases } from './cases.ts';

describe('mesh goldens (core)', () => {
  const cases = loadCases();
  it('has the cases the issue asks for', () => {
    expect(cases.map((c) => c.name)).toEqual(expect.arrayContaining([
      'default-latest', 'default-1.25', 'default-1.20', 'default-1.11', 'default-1.0',
      'b-15090', 'u-1000', 'x-reviews-pod-ip', 'reviews-v1', 'reviews-v1-no-destinationrule',
    ]));
  });
  for (const c of cases) {
    it(`${c.name}: ${c.description}`, async () => {
      const text = `# ${c.description}\n${formatRequestPath(computeCase(c))}`;
      await expect(text).toMatchFileSnapshot(`${GOLDEN_DIR}${c.name}.path.txt`);
    });
  }
});
