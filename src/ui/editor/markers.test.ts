import { describe, expect, it } from 'vitest';
import { diagnostic, LineIndex } from '@core';
import type { ShownDiagnostic } from '../store/derived.ts';
import { toMarkers } from './markers.ts';

const TEXT = 'istio-iptables \\\n  -p 99999 -z 15006';
const lines = new LineIndex(TEXT);
const positionAt = (o: number): { lineNumber: number; column: number } => {
  const p = lines.positionOf(o);
  return { lineNumber: p.line, column: p.column };
};

function shown(start: number, end: number, located = true): ShownDiagnostic {
  return {
    diagnostic: diagnostic(
      'bad-port',
      'error',
      'bad port',
      lines.rangeOf(start, end),
      'envoy-port',
    ),
    origin: 'input',
    located,
  };
}

describe('toMarkers', () => {
  it('maps offsets to 1-based line/column ranges with the severity and code', () => {
    const start = TEXT.indexOf('99999');
    const [m] = toMarkers([shown(start, start + 5)], TEXT.length, positionAt);
    expect(m).toMatchObject({
      severity: 8,
      code: 'bad-port',
      startLineNumber: 2,
      startColumn: 6,
      endLineNumber: 2,
      endColumn: 11,
    });
  });

  it('widens empty ranges to one character and clamps past the end', () => {
    const [empty, past] = toMarkers(
      [shown(3, 3), shown(TEXT.length + 5, TEXT.length + 9)],
      TEXT.length,
      positionAt,
    );
    expect(empty).toMatchObject({ startLineNumber: 1, startColumn: 4, endColumn: 5 });
    expect(past).toMatchObject({ startLineNumber: 2, startColumn: 20, endColumn: 20 });
  });

  it('leaves out diagnostics that are not located in the editor text', () => {
    expect(toMarkers([shown(0, 1, false)], TEXT.length, positionAt)).toEqual([]);
  });
});
