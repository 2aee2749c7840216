import type { IstioVersion, RequestPath } from '@core';
import { createLatestOnly } from '../state/latest-only.ts';
import type { PathOrigin } from './path-spec.ts';

/** Everything a path depends on, as plain data (what crosses to the worker). */
export interface PathJob {
  readonly routing: string;
  readonly headers: string;
  readonly args: string | undefined;
  readonly version: IstioVersion;
  readonly origin: PathOrigin;
}

export interface PathRequest extends PathJob {
  readonly id: number;
}

export interface PathReply {
  readonly id: number;
  readonly path: RequestPath;
}

export type PathCompute = (job: PathJob) => Promise<RequestPath>;

/** The latest job's path, once it has arrived. */
export interface AsyncPath {
  /** The path for `job` when it is there; otherwise starts it (once per job) and returns undefined. */
  readonly read: (job: PathJob) => RequestPath | undefined;
}

function keyOf(job: PathJob): string {
  return JSON.stringify([job.routing, job.headers, job.args ?? null, job.version, job.origin]);
}

/**
 * One job in flight per set of inputs; a reply for inputs that are no longer the latest is
 * dropped (the request key is the inputs themselves). `onReady` asks the page to derive again.
 *
 * @example
 * const path = createAsyncPath(createPathWorker(), () => store.getState().bumpAsyncRevision());
 */
export function createAsyncPath(compute: PathCompute, onReady: () => void): AsyncPath {
  return createLatestOnly(compute, keyOf, onReady);
}

/**
 * The path worker behind a promise per job. The worker starts with the first job, so a page
 * that never opens the path view never loads it.
 */
export function createPathWorker(): PathCompute {
  let worker: Worker | undefined;
  const waiting = new Map<
    number,
    { resolve: (p: RequestPath) => void; reject: (e: unknown) => void }
  >();
  let seq = 0;
  const start = (): Worker => {
    const w = new Worker(new URL('./path-worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<PathReply>) => {
      waiting.get(e.data.id)?.resolve(e.data.path);
      waiting.delete(e.data.id);
    };
    w.onerror = (e) => {
      for (const x of waiting.values()) x.reject(e);
      waiting.clear();
    };
    return w;
  };
  return (job) =>
    new Promise((resolve, reject) => {
      worker ??= start();
      const id = ++seq;
      waiting.set(id, { resolve, reject });
      const request: PathRequest = { id, ...job };
      worker.postMessage(request);
    });
}
