/**
 * Wraps a pure function so that a call with the same arguments (by identity) as the previous
 * call returns the previous result. This is what keeps derived views referentially stable:
 * unchanged input → same object → no re-render (STYLE.md §4).
 *
 * @example
 * const double = memoizeLast((xs: readonly number[]) => xs.map((x) => x * 2));
 * const xs = [1, 2];
 * double(xs) === double(xs); // true
 */
export function memoizeLast<A extends readonly unknown[], R>(
  fn: (...args: A) => R,
): (...args: A) => R {
  let last: { args: A; result: R } | undefined;
  return (...args: A): R => {
    if (last !== undefined && sameArgs(last.args, args)) return last.result;
    const result = fn(...args);
    last = { args, result };
    return result;
  };
}

function sameArgs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) return false;
  }
  return true;
}
