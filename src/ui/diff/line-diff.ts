/** One line of a line diff: kept, only in the old text, or only in the new text. */
export interface DiffLine {
  readonly kind: 'same' | 'added' | 'removed';
  readonly text: string;
  /** 1-based line numbers in the old / new text (absent on the side the line is not in). */
  readonly oldLine?: number;
  readonly newLine?: number;
}

/** A run of diff lines to show, or a fold of unchanged lines hidden between two hunks. */
export type DiffRow =
  | { readonly kind: 'line'; readonly line: DiffLine }
  | { readonly kind: 'fold'; readonly count: number };

export interface DiffStats {
  readonly added: number;
  readonly removed: number;
}

/** Above this many edit steps the diff gives up on minimality and reports a replace (bounded work). */
const MAX_EDIT_DISTANCE = 4000;

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Myers' O((N+M)·D) greedy diff: walks diagonals of the edit graph, recording each step's
 * furthest-reaching x per diagonal, then backtracks through the recorded frontiers.
 */
function myersTrace(a: readonly string[], b: readonly string[]): Int32Array[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return trace;
    }
  }
  return undefined;
}

function backtrack(
  a: readonly string[],
  b: readonly string[],
  trace: readonly Int32Array[],
): DiffLine[] {
  const out: DiffLine[] = [];
  const offset = trace[0] === undefined ? 0 : (trace[0].length - 3) / 2 + 1;
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d] ?? new Int32Array(0);
    const k = x - y;
    const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : (v[offset + prevK] ?? 0);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ kind: 'same', text: a[x - 1] ?? '', oldLine: x, newLine: y });
      x--;
      y--;
    }
    if (d === 0) break;
    if (down) out.push({ kind: 'added', text: b[y - 1] ?? '', newLine: y });
    else out.push({ kind: 'removed', text: a[x - 1] ?? '', oldLine: x });
    x = prevX;
    y = prevY;
  }
  return out.reverse();
}

/**
 * A minimal line diff of two texts (Myers). Texts too different to diff within the bound come
 * back as "all removed, all added", which is still a correct (if not minimal) diff.
 *
 * @example
 * diffLines('a\nb\nc', 'a\nc\nd').map((l) => l.kind); // ['same','removed','same','added']
 */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const trace = myersTrace(a, b);
  if (trace) return backtrack(a, b, trace);
  return [
    ...a.map((text, i): DiffLine => ({ kind: 'removed', text, oldLine: i + 1 })),
    ...b.map((text, i): DiffLine => ({ kind: 'added', text, newLine: i + 1 })),
  ];
}

/** Counts added and removed lines. */
export function countChanges(lines: readonly DiffLine[]): DiffStats {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.kind === 'added') added++;
    else if (l.kind === 'removed') removed++;
  }
  return { added, removed };
}

/**
 * Keeps `context` unchanged lines around each change and folds the rest, like `diff -u`.
 *
 * @example
 * collapseUnchanged(diffLines(a, b), 3); // [{kind:'fold',count:40}, {kind:'line',…}, …]
 */
export function collapseUnchanged(lines: readonly DiffLine[], context: number): DiffRow[] {
  const keep = new Uint8Array(lines.length);
  lines.forEach((l, i) => {
    if (l.kind === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++)
      keep[j] = 1;
  });
  const rows: DiffRow[] = [];
  let folded = 0;
  lines.forEach((line, i) => {
    if (keep[i] === 1) {
      if (folded > 0) rows.push({ kind: 'fold', count: folded });
      folded = 0;
      rows.push({ kind: 'line', line });
    } else {
      folded++;
    }
  });
  if (folded > 0) rows.push({ kind: 'fold', count: folded });
  return rows;
}
