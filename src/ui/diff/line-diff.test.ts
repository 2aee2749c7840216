import { describe, expect, it } from 'vitest';
import { collapseUnchanged, countChanges, diffLines } from './line-diff.ts';
import type { DiffLine } from './line-diff.ts';

const oldSide = (ls: readonly DiffLine[]): string[] =>
  ls.filter((l) => l.kind !== 'added').map((l) => l.text);
const newSide = (ls: readonly DiffLine[]): string[] =>
  ls.filter((l) => l.kind !== 'removed').map((l) => l.text);

/** The classic LCS length, to check the Myers result is minimal. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] ?? 0;
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1] ?? 0);
      diag = up;
    }
  }
  return row[b.length] ?? 0;
}

describe('diffLines', () => {
  it('marks removed and added lines', () => {
    expect(diffLines('a\nb\nc', 'a\nc\nd').map((l) => `${l.kind}:${l.text}`)).toEqual([
      'same:a',
      'removed:b',
      'same:c',
      'added:d',
    ]);
  });

  it('handles empty sides and a trailing newline', () => {
    expect(diffLines('', 'x\n').map((l) => l.kind)).toEqual(['added']);
    expect(diffLines('x\ny\n', '').map((l) => l.kind)).toEqual(['removed', 'removed']);
    expect(diffLines('', '')).toEqual([]);
  });

  it('numbers lines on each side', () => {
    const d = diffLines('a\nb', 'z\na\nb');
    expect(d[0]).toEqual({ kind: 'added', text: 'z', newLine: 1 });
    expect(d[2]).toEqual({ kind: 'same', text: 'b', oldLine: 2, newLine: 3 });
  });

  it('reproduces both texts and is minimal (random cases vs LCS)', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: rnd(12) }, () => 'abcd'[rnd(4)] ?? 'a');
      const b = Array.from({ length: rnd(12) }, () => 'abcd'[rnd(4)] ?? 'a');
      const d = diffLines(a.join('\n'), b.join('\n'));
      expect(oldSide(d)).toEqual(a);
      expect(newSide(d)).toEqual(b);
      expect(d.filter((l) => l.kind === 'same').length).toBe(lcsLength(a, b));
    }
  });
});

describe('collapseUnchanged', () => {
  it('folds unchanged runs beyond the context', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const b = [...a];
    b[10] = 'changed';
    const rows = collapseUnchanged(diffLines(a.join('\n'), b.join('\n')), 2);
    expect(rows.map((r) => (r.kind === 'fold' ? `fold ${r.count}` : r.line.kind))).toEqual([
      'fold 8',
      'same',
      'same',
      'removed',
      'added',
      'same',
      'same',
      'fold 7',
    ]);
    expect(countChanges(diffLines(a.join('\n'), b.join('\n')))).toEqual({ added: 1, removed: 1 });
  });

  it('shows nothing but one fold for identical texts', () => {
    expect(collapseUnchanged(diffLines('a\nb', 'a\nb'), 3)).toEqual([{ kind: 'fold', count: 2 }]);
  });
});
