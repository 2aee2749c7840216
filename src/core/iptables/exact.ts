const EMPTY: readonly never[] = [];

/**
 * A copy of an array without the spare capacity `push` leaves (16+ slots). The model keeps small
 * arrays for every rule (matches, option arguments), so at 100k rules that slack was the largest
 * part of the heap — and of the garbage collector's work.
 *
 * @example
 * exact(['80']); // ['80'], allocated at its size
 */
export function exact<T>(items: readonly T[]): readonly T[] {
  return items.length === 0 ? EMPTY : items.slice();
}
