import { describe, expect, it } from 'vitest';
import { parseIptables } from './parse.ts';

const chain = (n: number, from = 'OUTPUT') => [
  '*filter',
  ...Array.from({ length: n }, (_, i) => `:D${i} - [0:0]`),
  `-A ${from} -j D0`,
  ...Array.from({ length: n - 1 }, (_, i) => `-A D${i} -j D${i + 1}`),
  'COMMIT',
  '',
];

function depthErrors(text: string) {
  return parseIptables(text, { family: 4 }).diagnostics.filter((d) => d.code === 'jump-too-deep');
}

describe('jump depth (nf_tables refuses a chain entered 16 levels below a built-in chain)', () => {
  it('accepts 15 levels and refuses 16 at the rule the kernel names', () => {
    expect(depthErrors(chain(15).join('\n'))).toEqual([]);
    const refused = depthErrors(chain(16).join('\n'));
    expect(refused).toHaveLength(1);
    expect(refused[0]?.range.line).toBe(33);
    expect(refused[0]?.message).toMatch(
      /^RULE_APPEND failed \(Too many links\): rule in chain D14 /,
    );
  });

  it('blames the first rule in text order that makes the chain too deep', () => {
    const lines = chain(16);
    const head = lines.slice(0, 17);
    const links = lines.slice(18, -2).reverse();
    const text = [...head, ...links, '-A OUTPUT -j D0', 'COMMIT', ''].join('\n');
    const refused = depthErrors(text);
    expect(refused.map((d) => d.range.line)).toEqual([33]);
    expect(refused[0]?.message).toContain('rule in chain OUTPUT');
  });

  it('keeps unreachable deep chains and leaves loops to jump-loop', () => {
    expect(depthErrors(chain(30).join('\n').replace('-A OUTPUT -j D0\n', ''))).toEqual([]);
    const loop = chain(20).join('\n').replace('-A D18 -j D19', '-A D18 -j D0');
    const codes = parseIptables(loop, { family: 4 }).diagnostics.map((d) => d.code);
    expect(codes).toContain('jump-loop');
    expect(codes).not.toContain('jump-too-deep');
  });

  it('checks 10,000 chained jumps and a 2,000-chain DAG in bounded time', () => {
    const t0 = performance.now();
    expect(depthErrors(chain(10_000).join('\n'))).toHaveLength(1);
    const n = 2_000;
    const dag = [
      '*filter',
      ...Array.from({ length: n }, (_, i) => `:D${i} - [0:0]`),
      '-A OUTPUT -j D0',
    ];
    for (let i = 0; i + 2 < n; i++) dag.push(`-A D${i} -j D${i + 1}`, `-A D${i} -j D${i + 2}`);
    dag.push('COMMIT', '');
    expect(depthErrors(dag.join('\n'))[0]?.message).toContain('rule in chain D14');
    expect(performance.now() - t0).toBeLessThan(30_000);
  });
});
