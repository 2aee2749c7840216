import { describe, expect, it } from 'vitest';
import { parseRoutingYaml, parseScenarioYaml } from '../mesh/index.ts';
import { parseIstioArgs } from '../generator/index.ts';
import { yamlNestingProblem } from './yaml-bounds.ts';
import { parseYamlDocuments } from './yaml-documents.ts';

describe('YAML bounds (before the yaml package sees the text)', () => {
  it('refuses `- ` × 1000 with a located message, twice in one process', () => {
    const nested = `${'- '.repeat(1000)}x\n`;
    for (let round = 0; round < 2; round++) {
      for (const parse of [parseScenarioYaml, parseRoutingYaml]) {
        const r = parse(nested);
        expect(r.diagnostics).toHaveLength(1);
        expect(r.diagnostics[0]?.message).toMatch(/nested more than 64 levels/);
        expect(r.diagnostics[0]?.range).toMatchObject({ line: 1, column: 129 });
      }
      const args = parseIstioArgs(`args:\n  ${'- '.repeat(1000)}-p\n`);
      expect(args.diagnostics.map((d) => d.message).join('\n')).toMatch(/nested more than 64/);
    }
  });

  it('measures block, compact and flow nesting, and skips block scalars and quotes', () => {
    expect(yamlNestingProblem('a:\n  b: [1, {c: 2}]\n')).toBeUndefined();
    expect(yamlNestingProblem('['.repeat(65))?.offset).toBe(63);
    const indented = Array.from({ length: 70 }, (_, i) => `${' '.repeat(2 * i)}k${i}:`).join('\n');
    expect(yamlNestingProblem(indented)?.depth).toBe(65);
    const scalar = `s: |\n${Array.from({ length: 100 }, (_, i) => `${' '.repeat(2 + i)}- [[`).join('\n')}\nt: 1\n`;
    expect(yamlNestingProblem(scalar)).toBeUndefined();
    expect(yamlNestingProblem(`a: "${'['.repeat(100)}" # ${'{'.repeat(100)}\n`)).toBeUndefined();
  });

  it('caps diagnostics of 5k commas (100k: bench) with a last line counting the rest', () => {
    const r = parseRoutingYaml(`[${','.repeat(5_000)}]`);
    expect(r.diagnostics).toHaveLength(500);
    expect(r.diagnostics[499]?.message).toMatch(/^45\d{2} more problems not shown$/);
    const s = parseScenarioYaml(`pods: [${','.repeat(5_000)}]`);
    expect(s.diagnostics.length).toBeLessThanOrEqual(500);
  }, 30_000);

  it('still reports duplicate keys (checked in linear time)', () => {
    const { problems } = parseYamlDocuments('a: 1\nb: 2\na: 3\n');
    expect(problems).toEqual([
      { severity: 'error', message: 'Map keys must be unique', start: 10, end: 11 },
    ]);
    const wide = Array.from({ length: 5_000 }, (_, i) => `k${i}: 1`).join('\n');
    const t0 = performance.now();
    expect(parseYamlDocuments(`${wide}\nk7: 2\n`).problems).toHaveLength(1);
    expect(performance.now() - t0).toBeLessThan(30_000);
  });
});
