import type { Diagnostic } from './diagnostics.ts';

/** What every core function that reads user input returns: a value and what was wrong. */
export interface Parsed<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}
