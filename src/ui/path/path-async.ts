import type { IstioVersion, RequestPath } from '@core';
import { createWorkerCall } from '../lib/worker-call.ts';
import { createLatestOnly } from '../lib/latest-only.ts';
import type { PathOrigin } from './path-spec.ts';

/** Everything a path depends on, as plain data (what crosses to the worker). */
export interface PathJob {
  readonly routing: string;
  readonly headers: string;
  readonly args: string | undefined;
  readonly version: IstioVersion;
  readonly origin: PathOrigin;
  /** Ambient: istio-cni's in-pod rules, ztunnel and waypoints (`args` unused). */
  readonly dataplane: 'sidecar' | 'ambient';
  /** Ambient: the Services given a waypoint. */
  readonly waypoints: readonly string[];
  /** Sidecar: the rule backend every istio-init uses. */
  readonly backend?: 'iptables' | 'nftables';
}

export type PathCompute = (job: PathJob) => Promise<RequestPath>;

/** The latest job's path, once it has arrived. */
export interface AsyncPath {
  /** The path for `job` when it is there; otherwise starts it (once per job) and returns undefined. */
  readonly read: (job: PathJob) => RequestPath | undefined;
}

function keyOf(job: PathJob): string {
  return JSON.stringify([
    job.routing,
    job.headers,
    job.args ?? null,
    job.version,
    job.origin,
    job.dataplane,
    job.waypoints,
    job.backend ?? 'iptables',
  ]);
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
 * that never needs the path never loads it.
 */
export function createPathWorker(): PathCompute {
  return createWorkerCall<PathJob, RequestPath>(
    () => new Worker(new URL('./path-worker.ts', import.meta.url), { type: 'module' }),
  );
}
