/**
 * A half-open range of UTF-16 offsets into the text the user typed, plus the 1-based line and
 * column of its start (what editors and error messages show).
 */
export interface SourceRange {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

/** A range covering nothing, for diagnostics that concern the whole input. */
export const EMPTY_RANGE: SourceRange = { start: 0, end: 0, line: 1, column: 1 };

/**
 * Maps offsets of one text to line/column positions. Build once per text; lookups are
 * O(log lines).
 *
 * @example
 * const lines = new LineIndex('a\nbc');
 * lines.rangeOf(2, 4); // { start: 2, end: 4, line: 2, column: 1 }
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }

  /** 1-based line and column of an offset. */
  positionOf(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }

  rangeOf(start: number, end: number): SourceRange {
    const { line, column } = this.positionOf(start);
    return { start, end, line, column };
  }
}

/** `line:col` as used in CLI error messages. */
export function formatPosition(range: SourceRange): string {
  return `${range.line}:${range.column}`;
}
