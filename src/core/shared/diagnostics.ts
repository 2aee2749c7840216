import type { SourceRange } from './source-range.ts';
import { EMPTY_RANGE, formatPosition } from './source-range.ts';

/** Every diagnostic the core can raise. Closed, kebab-case; the UI and tests key on it. */
export type DiagnosticCode =
  // generator input
  | 'unknown-flag'
  | 'missing-value'
  | 'unexpected-value'
  | 'unexpected-argument'
  | 'bad-port'
  | 'bad-cidr'
  | 'bad-uid'
  | 'bad-mode'
  | 'bad-loopback-cidr'
  | 'exclude-wildcard'
  | 'too-many-owner-groups'
  | 'unsupported-iptables-binary'
  | 'conflicting-flags'
  | 'empty-value-swallowed'
  | 'dns-capture-disabled'
  | 'unterminated-quote'
  | 'yaml-syntax'
  | 'no-istio-init'
  | 'no-args'
  | 'binary-input'
  | 'input-too-large'
  | 'unknown-env'
  | 'ignored-flag'
  | 'profile-unsupported-flag'
  // ambient / CNI plugin input
  | 'bad-annotation'
  | 'ignored-annotation'
  // iptables text
  | 'syntax'
  | 'unknown-table'
  | 'unknown-chain'
  | 'unknown-option'
  | 'unknown-match'
  | 'unknown-target'
  | 'bad-address'
  | 'bad-number'
  | 'missing-commit'
  | 'duplicate-chain'
  | 'builtin-chain'
  | 'chain-in-use'
  | 'bad-position'
  | 'outside-table'
  | 'too-many-rules'
  // simulation
  | 'cannot-evaluate'
  | 'jump-loop'
  | 'jump-too-deep'
  | 'step-limit'
  | 'bad-packet'
  | 'kernel-rejects'
  // mesh
  | 'redirect-loop'
  | 'sidecar-bypass'
  | 'exclusion-shadowed'
  | 'health-port-captured'
  | 'no-listener'
  | 'legacy-single-port'
  | 'tproxy-routing'
  | 'missing-subset'
  | 'route-not-found'
  | 'no-healthy-upstream'
  | 'packet-dropped'
  | 'bad-scenario'
  | 'unknown-reference'
  // mesh, ambient
  | 'ignored-route';

export type Severity = 'error' | 'warning' | 'info';

/** A problem found in user input (or during simulation), located in the source text. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly range: SourceRange;
  /** The flag (long name) or rule the diagnostic is about, when there is one. */
  readonly subject?: string;
}

/** Builds a diagnostic; `subject` is omitted when undefined (exactOptionalPropertyTypes). */
export function diagnostic(
  code: DiagnosticCode,
  severity: Severity,
  message: string,
  range: SourceRange,
  subject?: string,
): Diagnostic {
  return subject === undefined
    ? { code, severity, message, range }
    : { code, severity, message, range, subject };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `line:col: severity: message [code]`, the one-line form used by the CLI. */
export function formatDiagnostic(d: Diagnostic, source?: string): string {
  const where =
    source === undefined ? formatPosition(d.range) : `${source}:${formatPosition(d.range)}`;
  return `${where}: ${d.severity}: ${d.message} [${d.code}]`;
}

/** The most diagnostics a parser returns; the rest are counted in one last line. */
export const MAX_DIAGNOSTICS = 500;

/**
 * At most `max` diagnostics: the first `max - 1` and a warning, located at the last one shown,
 * that says how many more there were ("N more problems not shown", like the iptables parser).
 *
 * @example
 * capDiagnostics(Array(1000).fill(d), 100).length; // 100
 */
export function capDiagnostics(
  list: readonly Diagnostic[],
  max = MAX_DIAGNOSTICS,
  code: DiagnosticCode = 'input-too-large',
): Diagnostic[] {
  if (list.length <= max) return [...list];
  const last = list[max - 2] ?? list[0];
  const more = diagnostic(
    code,
    'warning',
    `${list.length - max + 1} more problems not shown`,
    last?.range ?? EMPTY_RANGE,
  );
  return [...list.slice(0, max - 1), more];
}
