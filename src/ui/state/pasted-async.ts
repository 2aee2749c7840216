import type { Parsed, Ruleset } from '@core';
import { createWorkerCall } from '../lib/worker-call.ts';
import { createLatestOnly } from '../lib/latest-only.ts';

/** Pasted texts at least this long are parsed in the worker; shorter ones stay synchronous. */
export const WORKER_THRESHOLD = 200_000;

/** The worker's answer: the parsed ruleset and its canonical iptables-save text. */
export interface PastedResult {
  readonly parsed: Parsed<Ruleset>;
  readonly save: string;
}

export type PastedParse = (text: string) => Promise<PastedResult>;

/** The latest pasted text's parse, once it has arrived. */
export interface AsyncPasted {
  /** The result for `text` when it is there; otherwise starts it (once per text) and returns undefined. */
  readonly read: (text: string) => PastedResult | undefined;
}

/**
 * Keeps one request in flight per text; a result for a text that is no longer the latest is
 * dropped (the request key is the text itself). `onReady` asks the page to derive again.
 *
 * @example
 * const pasted = createAsyncPasted(createPastedWorker(), () => store.getState().bumpAsyncRevision());
 */
export function createAsyncPasted(parse: PastedParse, onReady: () => void): AsyncPasted {
  // The text is its own key; a failed worker parse is forgotten, so the next read tries again.
  return createLatestOnly(parse, (text: string) => text, onReady);
}

/** The module worker (bundled by Vite) behind a promise per request; it starts on the first big paste. */
export function createPastedWorker(): PastedParse {
  return createWorkerCall<string, PastedResult>(
    () => new Worker(new URL('./pasted-worker.ts', import.meta.url), { type: 'module' }),
  );
}
