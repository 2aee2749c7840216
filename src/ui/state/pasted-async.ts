import type { Parsed, Ruleset } from '@core';
import { createLatestOnly } from './latest-only.ts';

/** Pasted texts at least this long are parsed in the worker; shorter ones stay synchronous. */
export const WORKER_THRESHOLD = 200_000;

export interface PastedRequest {
  readonly id: number;
  readonly text: string;
}

/** The worker's answer: the parsed ruleset and its canonical iptables-save text. */
export interface PastedReply {
  readonly id: number;
  readonly parsed: Parsed<Ruleset>;
  readonly save: string;
}

export type PastedParse = (text: string) => Promise<Omit<PastedReply, 'id'>>;

/** The latest pasted text's parse, once it has arrived. */
export interface AsyncPasted {
  /** The result for `text` when it is there; otherwise starts it (once per text) and returns undefined. */
  readonly read: (text: string) => Omit<PastedReply, 'id'> | undefined;
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

/** The module worker (bundled by Vite) behind a promise per request. */
export function createPastedWorker(): PastedParse {
  const worker = new Worker(new URL('./pasted-worker.ts', import.meta.url), { type: 'module' });
  const waiting = new Map<
    number,
    { resolve: (r: PastedReply) => void; reject: (e: unknown) => void }
  >();
  let seq = 0;
  worker.onmessage = (e: MessageEvent<PastedReply>) => {
    waiting.get(e.data.id)?.resolve(e.data);
    waiting.delete(e.data.id);
  };
  worker.onerror = (e) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  return (text) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      waiting.set(id, { resolve, reject });
      const request: PastedRequest = { id, text };
      worker.postMessage(request);
    });
}
