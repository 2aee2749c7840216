import type { Diagnostic, DiagnosticCode } from '../../shared/diagnostics.ts';
import { diagnostic } from '../../shared/diagnostics.ts';
import type { SourceRange } from '../../shared/source-range.ts';
import { assertNever } from '../../shared/assert.ts';
import type { FlagSpec } from '../flag-spec.ts';
import type { GoParse } from './go-values.ts';
import { goQuote, parseGoBool, parseGoDuration, parseGoInt, parseGoUint } from './go-values.ts';

export interface ValueProblem {
  readonly code: DiagnosticCode;
  readonly message: string;
}

/**
 * What pflag itself checks when a flag is set (it fails the whole run with this message): only
 * the Go-typed flags; Istio's own options are plain strings and pass here.
 * upstream: pkg/flag/flag.go — Bind uses StringVarP/BoolVarP/DurationVarP/Uint16VarP.
 */
export function checkPflagValue(spec: FlagSpec, value: string): ValueProblem | undefined {
  const result = parseByType(spec, value);
  if (result === undefined || result.ok) return undefined;
  const name = spec.short === undefined ? `--${spec.long}` : `-${spec.short}, --${spec.long}`;
  return {
    code: spec.type === 'uint16' ? 'bad-port' : 'unexpected-value',
    message: `invalid argument ${goQuote(value)} for "${name}" flag: ${result.error}`,
  };
}

function parseByType(spec: FlagSpec, value: string): GoParse<unknown> | undefined {
  switch (spec.type) {
    case 'bool':
      return parseGoBool(value);
    case 'uint16':
      return parseGoUint(value, 16);
    case 'duration':
      return parseGoDuration(value);
    case 'int':
      return parseGoInt(value);
    case 'port':
    case 'port-list':
    case 'cidr-list':
    case 'id-list':
    case 'name-list':
    case 'mode':
    case 'mark':
    case 'number':
    case 'iptables-binary':
    case 'string':
    case 'string-array':
      return undefined;
    default:
      return assertNever(spec.type, 'flag type');
  }
}

/** Flags that are accepted but do nothing for the rules get a note saying so. */
export function statusDiagnostic(
  spec: FlagSpec,
  written: string,
  range: SourceRange,
): Diagnostic | undefined {
  switch (spec.status) {
    case 'current':
    case 'removed':
      return undefined;
    case 'variant':
      return diagnostic(
        'ignored-flag',
        'info',
        `${written} exists only in a sibling version of the newest istio-iptables and does not change the rules`,
        range,
        spec.long,
      );
    case 'older':
      return diagnostic(
        'ignored-flag',
        'warning',
        `${written} is from older istio-iptables releases (the newest one rejects it as unknown); ignored here`,
        range,
        spec.long,
      );
    case 'pilot-agent':
      return spec.long === 'help'
        ? diagnostic(
            'ignored-flag',
            'warning',
            `${written} only prints usage: istio-iptables would program nothing; ignored here`,
            range,
            spec.long,
          )
        : diagnostic(
            'ignored-flag',
            'info',
            `${written} is a pilot-agent logging flag and does not change the rules`,
            range,
            spec.long,
          );
    default:
      return assertNever(spec.status, 'flag status');
  }
}
