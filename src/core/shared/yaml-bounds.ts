/**
 * Bounds checked on YAML text before the `yaml` package sees it. The package nests recursively
 * (and compiles a regular expression per indentation level): `- ` × 1000 surfaces engine errors
 * ("Maximum call stack size exceeded") and, parsed twice in one process, aborts Node with
 * `RegExpCompiler Allocation failed`. Real manifests nest about 15 levels, so anything deeper than
 * MAX_YAML_DEPTH is refused with a located message instead of being parsed.
 *
 * The scan is one linear pass: block nesting is the stack of indentation columns (a compact
 * `- - x` or `? ` opens one column per indicator), flow nesting counts `[`/`{` outside quotes and
 * comments, and block scalars (`|`, `>`) are skipped. It may over-estimate odd layouts (a
 * multi-line quoted string full of brackets), never under-estimate.
 */

/** Deepest nesting accepted (block and flow levels together). */
export const MAX_YAML_DEPTH = 64;

export interface YamlNestingProblem {
  /** Offset of the first character that nests too deep. */
  readonly offset: number;
  readonly depth: number;
}

/** Leading compact indicators (`- `, `? `) of a line's content: columns they open. */
function compactIndicators(line: string, from: number, columns: number[]): number {
  let i = from;
  for (;;) {
    const c = line.charCodeAt(i);
    const next = line.charCodeAt(i + 1);
    if ((c === 45 || c === 63) && (next === 32 || next === 9)) {
      i += 2;
      while (line.charCodeAt(i) === 32) i++;
      columns.push(i);
      continue;
    }
    return i;
  }
}

/**
 * Flow depth after one line (quotes and `#` comments skipped), or the offset in the line where it
 * first goes over `limit`.
 */
function flowDepth(
  line: string,
  from: number,
  depth: number,
  limit: number,
): number | { over: number } {
  let d = depth;
  let quote = 0;
  for (let i = from; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
      else if (c === 92 && quote === 34) i++;
      continue;
    }
    if (c === 34 || c === 39) quote = c;
    else if (c === 35 && (i === 0 || line.charCodeAt(i - 1) === 32)) break;
    else if (c === 91 || c === 123) {
      if (++d > limit) return { over: i };
    } else if ((c === 93 || c === 125) && d > 0) d--;
  }
  return d;
}

const BLOCK_SCALAR = /[|>][+-]?[0-9]?[+-]?\s*(#.*)?$/;

/**
 * Where the text first nests deeper than `max` levels, or undefined when it does not.
 *
 * @example
 * yamlNestingProblem('- '.repeat(100) + 'x')?.depth; // 65
 * yamlNestingProblem('a:\n  b: [1, {c: 2}]'); // undefined
 */
export function yamlNestingProblem(
  text: string,
  max = MAX_YAML_DEPTH,
): YamlNestingProblem | undefined {
  const columns: number[] = [];
  let flow = 0;
  let scalarIndent = -1;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    const blank = indent === line.length || line.charCodeAt(indent) === 35;
    if (scalarIndent >= 0 && (blank || indent > scalarIndent)) {
      start = end + 1;
      continue;
    }
    scalarIndent = -1;
    if (!blank) {
      if (flow === 0) {
        while (columns.length > 0 && (columns[columns.length - 1] ?? 0) >= indent) columns.pop();
        columns.push(indent);
      }
      const content = flow === 0 ? compactIndicators(line, indent, columns) : indent;
      if (columns.length + flow > max)
        return { offset: start + (columns[max] ?? content), depth: columns.length + flow };
      const next = flowDepth(line, content, flow, max - columns.length);
      if (typeof next !== 'number') return { offset: start + next.over, depth: max + 1 };
      flow = next;
      if (flow === 0 && BLOCK_SCALAR.test(line)) scalarIndent = indent;
    }
    start = end + 1;
  }
  return undefined;
}
