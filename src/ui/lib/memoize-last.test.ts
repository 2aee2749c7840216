import { describe, expect, it } from 'vitest';
import { memoizeLast } from './memoize-last.ts';

describe('memoizeLast', () => {
  it('returns the previous result for identical arguments and recomputes otherwise', () => {
    let calls = 0;
    const pair = memoizeLast((a: object, b: number) => {
      calls++;
      return { a, b };
    });
    const x = {};
    const first = pair(x, 1);
    expect(pair(x, 1)).toBe(first);
    expect(calls).toBe(1);
    expect(pair({}, 1)).not.toBe(first);
    expect(pair(x, 2)).not.toBe(first);
    expect(calls).toBe(3);
  });

  it('compares with Object.is (NaN equals NaN, +0 differs from -0)', () => {
    let calls = 0;
    const f = memoizeLast((n: number) => ++calls + n * 0);
    f(Number.NaN);
    f(Number.NaN);
    expect(calls).toBe(1);
    f(0);
    f(-0);
    expect(calls).toBe(3);
  });
});
