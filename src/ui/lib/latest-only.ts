/** The result of the latest request, once it has arrived (AST Explorer's stale-reply guard). */
export interface LatestOnly<Job, Result> {
  /** The result for `job` when it is there; otherwise starts it (once per key) and returns undefined. */
  readonly read: (job: Job) => Result | undefined;
}

/**
 * Keeps one request in flight per key; a reply for a key that is no longer the latest is
 * dropped. `onReady` asks the page to derive again. A failed request is forgotten, so the next
 * read tries again.
 *
 * @example
 * const parse = createLatestOnly((text: string) => worker.parse(text), (text) => text, rerender);
 * parse.read(text); // undefined now, the result after rerender
 */
export function createLatestOnly<Job, Result>(
  compute: (job: Job) => Promise<Result>,
  keyOf: (job: Job) => string,
  onReady: () => void,
): LatestOnly<Job, Result> {
  let latest: { readonly key: string; result: Result | undefined } | undefined;
  return {
    read: (job) => {
      const key = keyOf(job);
      if (latest?.key === key) return latest.result;
      const entry: { readonly key: string; result: Result | undefined } = {
        key,
        result: undefined,
      };
      latest = entry;
      compute(job).then(
        (result) => {
          if (latest !== entry) return;
          entry.result = result;
          onReady();
        },
        () => {
          if (latest === entry) latest = undefined;
        },
      );
      return undefined;
    },
  };
}
