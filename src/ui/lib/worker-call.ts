/** The part of a `Worker` the caller uses (a MessagePort plus `onerror` will do in tests). */
export interface WorkerLike {
  onmessage: ((e: MessageEvent) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  postMessage(message: unknown): void;
}

/** The part of a worker's global scope `serveWorkerCalls` uses. */
export interface WorkerScope {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
}

interface CallMessage<Request> {
  readonly id: number;
  readonly request: Request;
}

type ReplyMessage<Result> =
  | { readonly id: number; readonly ok: true; readonly result: Result }
  | { readonly id: number; readonly ok: false; readonly error: string };

/**
 * A function whose calls run in a module worker: one message per call, replies matched by id.
 * The worker is started by the first call (`start` holds the `new Worker(new URL(…))` Vite
 * bundles), so a page that never needs it never loads it. A call the worker's handler throws on
 * rejects; a worker error rejects every call in flight.
 *
 * @example
 * const parse = createWorkerCall<string, Reply>(
 *   () => new Worker(new URL('./pasted-worker.ts', import.meta.url), { type: 'module' }),
 * );
 * await parse(text);
 */
export function createWorkerCall<Request, Result>(
  start: () => WorkerLike,
): (request: Request) => Promise<Result> {
  let worker: WorkerLike | undefined;
  const waiting = new Map<number, { resolve: (r: Result) => void; reject: (e: unknown) => void }>();
  let seq = 0;
  const launch = (): WorkerLike => {
    const w = start();
    w.onmessage = (e: MessageEvent<ReplyMessage<Result>>) => {
      const reply = e.data;
      const call = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.ok) call?.resolve(reply.result);
      else call?.reject(new Error(reply.error));
    };
    w.onerror = (e) => {
      for (const call of waiting.values()) call.reject(e);
      waiting.clear();
    };
    return w;
  };
  return (request) =>
    new Promise((resolve, reject) => {
      worker ??= launch();
      const id = ++seq;
      waiting.set(id, { resolve, reject });
      const message: CallMessage<Request> = { id, request };
      worker.postMessage(message);
    });
}

/**
 * The worker's side of `createWorkerCall`: answers every call with `handle(request)`.
 *
 * @example
 * // pasted-worker.ts
 * serveWorkerCalls(self, parsePasted);
 */
export function serveWorkerCalls<Request, Result>(
  scope: WorkerScope,
  handle: (request: Request) => Result,
): void {
  scope.onmessage = (e: MessageEvent<CallMessage<Request>>) => {
    const { id, request } = e.data;
    let reply: ReplyMessage<Result>;
    try {
      reply = { id, ok: true, result: handle(request) };
    } catch (error) {
      reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    scope.postMessage(reply);
  };
}
