import { describe, expect, it } from 'vitest';
import { PROFILES } from '@core';
import type { RequestPath } from '@core';
import { createDeriver } from '../state/derive.ts';
import { createExplorerStore, defaultPersistedState } from '../store/store.ts';
import { createAsyncPath } from './path-async.ts';
import type { PathJob } from './path-async.ts';
import { computePathJob } from './path-model.ts';

/** The worker's body, run in-process, with replies released by hand. */
function manualCompute(): {
  compute: (job: PathJob) => Promise<RequestPath>;
  release: (i: number) => void;
  jobs: PathJob[];
} {
  const jobs: PathJob[] = [];
  const resolvers: ((p: RequestPath) => void)[] = [];
  return {
    jobs,
    compute: (job) => {
      jobs.push(job);
      return new Promise((resolve) => resolvers.push(resolve));
    },
    release: (i) => {
      const job = jobs[i];
      if (!job) throw new Error(`no job ${i}`);
      resolvers[i]?.(computePathJob(job));
    },
  };
}

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('path in a worker', () => {
  it('shows the last good path while the next one is computed, and drops replies for old inputs', async () => {
    const manual = manualCompute();
    const store = createExplorerStore(defaultPersistedState(PROFILES.latest.defaultArgs));
    let ready = 0;
    const derive = createDeriver({
      path: createAsyncPath(manual.compute, () => {
        ready++;
        store.getState().bumpAsyncRevision();
      }),
    });
    store.getState().setMainView('path');
    expect(derive(store.getState()).path).toMatchObject({ pending: true, path: undefined });
    expect(derive(store.getState()).path).toBe(derive(store.getState()).path);
    manual.release(0);
    await flush();
    expect(ready).toBe(1);
    const first = derive(store.getState()).path;
    expect(first).toMatchObject({ pending: false, stale: false });
    expect(first?.path?.hops).toHaveLength(4);

    store.getState().setPathSpec({ headers: 'end-user: jason' });
    expect(derive(store.getState()).path).toMatchObject({ pending: true, path: first?.path });
    store.getState().setPathSpec({ headers: 'end-user: bob' });
    derive(store.getState());
    expect(manual.jobs.map((j) => j.headers)).toEqual(['', 'end-user: jason', 'end-user: bob']);
    manual.release(1);
    await flush();
    expect(ready).toBe(1);
    manual.release(2);
    await flush();
    expect(ready).toBe(2);
    expect(derive(store.getState()).path?.path?.request.headers).toEqual({ 'end-user': 'bob' });
  });
});
