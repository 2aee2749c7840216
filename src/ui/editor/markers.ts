import type { editor, MarkerSeverity } from 'monaco-editor/editor/editor.api';
import type { Severity } from '@core';
import type { ShownDiagnostic } from '../store/derived.ts';

/** The owner id of our markers on the model. */
export const MARKER_OWNER = 'core';

// monaco's MarkerSeverity values; spelled out so this module stays testable without Monaco.
const SEVERITY: Readonly<Record<Severity, MarkerSeverity>> = {
  error: 8,
  warning: 4,
  info: 2,
};

export interface EditorPosition {
  readonly lineNumber: number;
  readonly column: number;
}

/**
 * Converts located core diagnostics to Monaco markers. An empty range is widened to one
 * character so the squiggle is visible; offsets are clamped to the text.
 *
 * @example
 * toMarkers(diagnostics, text.length, (o) => model.getPositionAt(o));
 */
export function toMarkers(
  diagnostics: readonly ShownDiagnostic[],
  textLength: number,
  positionAt: (offset: number) => EditorPosition,
): editor.IMarkerData[] {
  return diagnostics
    .filter((d) => d.located)
    .map(({ diagnostic: d }) => {
      const start = Math.min(Math.max(0, d.range.start), textLength);
      const end = Math.min(Math.max(start + 1, d.range.end), Math.max(textLength, start));
      const from = positionAt(start);
      const to = positionAt(end);
      return {
        severity: SEVERITY[d.severity],
        message: d.message,
        code: d.code,
        source: 'istio-iptables',
        startLineNumber: from.lineNumber,
        startColumn: from.column,
        endLineNumber: to.lineNumber,
        endColumn: to.column,
      };
    });
}
