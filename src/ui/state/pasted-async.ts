import type { Parsed, Ruleset } from '@core';

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
  let latest: { readonly text: string; result: Omit<PastedReply, 'id'> | undefined } | undefined;
  return {
    read: (text) => {
      if (latest?.text === text) return latest.result;
      const entry: { readonly text: string; result: Omit<PastedReply, 'id'> | undefined } = { text, result: undefined };
      latest = entry;
      parse(text).then(
        (result) => {
          if (latest !== entry) return;
          entry.result = result;
          onReady();
        },
        () => {
          // The worker failed: forget the request so the next read parses on the main thread path.
          if (latest === entry) latest = undefined;
        },
      );
      return undefined;
    },
  };
}

/** The module worker (bundled by Vite) behind a promise per request. */
export function createPastedWorker(): PastedParse {
  const worker = new Worker(new URL('./pasted-worker.ts', import.meta.url), { type: 'module' });
  const waiting = new Map<number, { resolve: (r: PastedReply) => void; reject: (e: unknown) => void }>();
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
