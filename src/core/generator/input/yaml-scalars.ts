import type { Scalar } from 'yaml';
import { assertNever } from '../../shared/assert.ts';
import type { ArgToken } from './tokens.ts';

/**
 * Turns a YAML scalar into an argument token whose characters map back to the source, so a bad
 * port inside `"80,abc"` is underlined at `abc`. Plain, single- and double-quoted one-line scalars
 * map exactly; folded or block scalars fall back to the whole scalar.
 */
export function scalarToken(
  text: string,
  node: Scalar,
  value: string,
  commandPosition: boolean,
): ArgToken {
  const [start, end] = node.range ?? [0, 0];
  const raw = text.slice(start, end);
  const inexact: ArgToken = { value, start, end, exact: false, commandPosition };
  let map: number[] | undefined;
  switch (node.type) {
    case 'PLAIN':
      return raw === value ? { value, start, end, exact: true, commandPosition } : inexact;
    case 'QUOTE_SINGLE':
      map = mapSingleQuoted(raw, start, value);
      break;
    case 'QUOTE_DOUBLE':
      map = mapDoubleQuoted(raw, start, value);
      break;
    case 'BLOCK_FOLDED':
    case 'BLOCK_LITERAL':
    case undefined:
      return inexact;
    default:
      return assertNever(node.type, 'scalar type');
  }
  return map === undefined ? inexact : { value, start, end, map, exact: true, commandPosition };
}

function mapSingleQuoted(raw: string, start: number, value: string): number[] | undefined {
  if (raw.length < 2 || !raw.startsWith("'") || !raw.endsWith("'")) return undefined;
  const map: number[] = [];
  let decoded = '';
  for (let i = 1; i < raw.length - 1; i++) {
    const c = raw[i] ?? '';
    if (c === '\n' || c === '\r') return undefined;
    map.push(start + i);
    decoded += c;
    if (c === "'") i++;
  }
  map.push(start + raw.length - 1);
  return decoded === value ? map : undefined;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

function mapDoubleQuoted(raw: string, start: number, value: string): number[] | undefined {
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) return undefined;
  const map: number[] = [];
  let decoded = '';
  for (let i = 1; i < raw.length - 1; i++) {
    const c = raw[i] ?? '';
    if (c === '\n' || c === '\r') return undefined;
    if (c !== '\\') {
      map.push(start + i);
      decoded += c;
      continue;
    }
    const at = start + i;
    const esc = raw[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[esc];
    const width = HEX_ESCAPES[esc];
    let unit: string;
    if (simple !== undefined) {
      unit = simple;
      i += 1;
    } else if (width !== undefined) {
      const hex = raw.slice(i + 2, i + 2 + width);
      const code = parseInt(hex, 16);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width || code > 0x10ffff) return undefined;
      unit = String.fromCodePoint(code);
      i += 1 + width;
    } else {
      return undefined;
    }
    for (let k = 0; k < unit.length; k++) map.push(at);
    decoded += unit;
  }
  map.push(start + raw.length - 1);
  return decoded === value ? map : undefined;
}
