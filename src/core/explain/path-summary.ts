import type { RequestPath } from '../mesh/path-types.ts';

/** What really happened to a request: the caller's status and the upstream calls that failed. */
export interface PathSummary {
  readonly status: number;
  /** Hops below the first (upstream calls) that failed, in path order. */
  readonly failedCalls: number;
  /** The distinct statuses of those calls, ascending (`[503]`). */
  readonly failedStatuses: readonly number[];
  /** True when the caller got 200 and no upstream call failed. */
  readonly ok: boolean;
}

/**
 * Summarises a request path: a 200 whose page is missing parts (details and reviews 503) is not
 * a success, and the summary says so.
 *
 * @example
 * summarizePath(path); // { status: 200, failedCalls: 2, failedStatuses: [503], ok: false } with -u 1000
 */
export function summarizePath(path: RequestPath): PathSummary {
  const failed = path.hops.filter((h) => h.depth > 0 && !h.ok);
  const failedStatuses = [...new Set(failed.map((h) => h.status))].sort((a, b) => a - b);
  return {
    status: path.status,
    failedCalls: failed.length,
    failedStatuses,
    ok: path.status >= 200 && path.status < 300 && failed.length === 0,
  };
}
