import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node, YAMLMap, YAMLSeq } from 'yaml';
import type { Diagnostic, DiagnosticCode, Severity } from '../shared/diagnostics.ts';
import { diagnostic } from '../shared/diagnostics.ts';
import type { SourceRange } from '../shared/source-range.ts';
import { LineIndex } from '../shared/source-range.ts';
import type { YamlTextProblem } from '../shared/yaml-documents.ts';

function scalarString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return undefined;
}

/** Reads typed values out of YAML nodes, reporting every problem at the node that has it. */
export class YamlReader {
  readonly diagnostics: Diagnostic[] = [];
  private readonly lines: LineIndex;
  private readonly length: number;
  /** The document being read (aliases resolve against it). */
  doc: Document.Parsed | undefined;

  constructor(text: string) {
    this.lines = new LineIndex(text);
    this.length = text.length;
  }

  range(node: unknown): SourceRange {
    const r = (node as Node | undefined)?.range;
    return r ? this.rangeAt(r[0], r[1]) : this.lines.rangeOf(0, 0);
  }

  /** A range clamped to the text (the yaml package reports end-of-input errors one past it). */
  rangeAt(start: number, end: number): SourceRange {
    const s = Math.max(0, Math.min(start, this.length));
    return this.lines.rangeOf(s, Math.max(s, Math.min(end, this.length)));
  }

  report(
    code: DiagnosticCode,
    severity: Severity,
    message: string,
    node: unknown,
    subject?: string,
  ): void {
    this.diagnostics.push(diagnostic(code, severity, message, this.range(node), subject));
  }

  /** The yaml package's (and the nesting guard's) problems, as `yaml-syntax` diagnostics. */
  yamlProblems(problems: readonly YamlTextProblem[]): void {
    for (const p of problems)
      this.diagnostics.push(
        diagnostic('yaml-syntax', p.severity, p.message, this.rangeAt(p.start, p.end)),
      );
  }

  /** The node as a mapping, or a reported problem. */
  map(raw: unknown, what: string): YAMLMap | undefined {
    const node = this.deref(raw);
    if (isMap(node)) return node;
    this.report('bad-scenario', 'error', `${what}: expected a mapping`, node);
    return undefined;
  }

  /** The node as a sequence, or a reported problem. */
  seq(raw: unknown, what: string): YAMLSeq | undefined {
    const node = this.deref(raw);
    if (isSeq(node)) return node;
    this.report('bad-scenario', 'error', `${what}: expected a list`, node);
    return undefined;
  }

  /** Reports keys outside `allowed` (ignored, kept out of the model). */
  checkKeys(map: YAMLMap, allowed: readonly string[], what: string): void {
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key))
        this.report(
          'bad-scenario',
          'warning',
          `${what}: unknown field '${key}' (ignored); known: ${allowed.join(', ')}`,
          pair.key,
          key,
        );
    }
  }

  node(map: YAMLMap, key: string): unknown {
    return this.deref(map.items.find((p) => isScalar(p.key) && String(p.key.value) === key)?.value);
  }

  /** `*anchor` → the node it names (bounded: an alias to an alias is not followed further). */
  deref(node: unknown): unknown {
    return isAlias(node) && this.doc ? node.resolve(this.doc) : node;
  }

  has(map: YAMLMap, key: string): boolean {
    return map.items.some((p) => isScalar(p.key) && String(p.key.value) === key);
  }

  string(map: YAMLMap, key: string, what: string): string | undefined {
    const n = this.node(map, key);
    if (n === undefined || n === null) return undefined;
    if (
      isScalar(n) &&
      (typeof n.value === 'string' || typeof n.value === 'number' || typeof n.value === 'boolean')
    )
      return String(n.value);
    if (isScalar(n) && n.value === null) return '';
    this.report('bad-scenario', 'error', `${what}.${key}: expected a string`, n, key);
    return undefined;
  }

  requiredString(map: YAMLMap, key: string, what: string): string | undefined {
    const value = this.string(map, key, what);
    if (value === undefined && !this.has(map, key))
      this.report('bad-scenario', 'error', `${what}: missing '${key}'`, map, key);
    return value;
  }

  int(map: YAMLMap, key: string, what: string, min: number, max: number): number | undefined {
    const n = this.node(map, key);
    if (n === undefined) return undefined;
    const raw = isScalar(n) ? n.value : undefined;
    const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)
      return value;
    this.report(
      'bad-scenario',
      'error',
      `${what}.${key}: expected an integer ${min}..${max}, got ${JSON.stringify(raw ?? null)}`,
      n,
      key,
    );
    return undefined;
  }

  bool(map: YAMLMap, key: string, what: string): boolean | undefined {
    const n = this.node(map, key);
    if (n === undefined) return undefined;
    if (isScalar(n) && typeof n.value === 'boolean') return n.value;
    this.report('bad-scenario', 'error', `${what}.${key}: expected true or false`, n, key);
    return undefined;
  }

  oneOf<T extends string>(
    map: YAMLMap,
    key: string,
    what: string,
    choices: readonly T[],
  ): T | undefined {
    const value = this.string(map, key, what);
    if (value === undefined) return undefined;
    const found = choices.find((c) => c === value);
    if (!found)
      this.report(
        'bad-scenario',
        'error',
        `${what}.${key}: expected one of ${choices.join(', ')}, got '${value}'`,
        this.node(map, key),
        key,
      );
    return found;
  }

  /** A mapping of string to string (labels, annotations, headers); scalar values are stringified. */
  record(map: YAMLMap, key: string, what: string): Record<string, string> | undefined {
    const n = this.node(map, key);
    if (n === undefined || (isScalar(n) && n.value === null)) return undefined;
    const m = this.map(n, `${what}.${key}`);
    if (!m) return undefined;
    const out: Record<string, string> = {};
    for (const pair of m.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      const v = isScalar(pair.value) ? scalarString(pair.value.value) : undefined;
      if (v !== undefined) out[k] = v;
      else
        this.report(
          'bad-scenario',
          'error',
          `${what}.${key}.${k}: expected a string value`,
          pair.value ?? pair.key,
          k,
        );
    }
    return out;
  }

  /** A list of strings. */
  strings(map: YAMLMap, key: string, what: string): string[] | undefined {
    const n = this.node(map, key);
    if (n === undefined) return undefined;
    const s = this.seq(n, `${what}.${key}`);
    if (!s) return undefined;
    const out: string[] = [];
    for (const raw of s.items) {
      const item = this.deref(raw);
      const v = isScalar(item) ? scalarString(item.value) : undefined;
      if (v !== undefined) out.push(v);
      else this.report('bad-scenario', 'error', `${what}.${key}: expected strings`, item);
    }
    return out;
  }

  /** Items of a list field (absent = undefined). */
  items(map: YAMLMap, key: string, what: string): unknown[] | undefined {
    const n = this.node(map, key);
    if (n === undefined || (isScalar(n) && n.value === null)) return undefined;
    return this.seq(n, `${what}.${key}`)?.items;
  }
}
