/** Types every stage of the command parser shares (a leaf: imports nothing of the parser). */
import type { DiagnosticCode, Severity } from '../shared/diagnostics.ts';
import type { SourceRange } from '../shared/source-range.ts';

/** The command letters iptables-restore understands. */
export type CommandOp = 'A' | 'I' | 'D' | 'R' | 'N' | 'X' | 'F' | 'Z' | 'P' | 'E' | 'C' | 'L' | 'S';

/** Where the parser's stages send a located problem. */
export type Report = (
  code: DiagnosticCode,
  severity: Severity,
  message: string,
  range: SourceRange,
) => void;
