import { describe, expect, it } from 'vitest';
import { createWorkerCall, serveWorkerCalls } from './worker-call.ts';
import type { WorkerLike } from './worker-call.ts';

/** A worker made of a MessageChannel: port1 is the page's end, port2 the worker's. */
function channelWorker(handle: (n: number) => number): {
  start: () => WorkerLike;
  starts: () => number;
  fail: (e: ErrorEvent) => void;
} {
  let count = 0;
  let page: WorkerLike | undefined;
  return {
    start: () => {
      count++;
      const { port1, port2 } = new MessageChannel();
      serveWorkerCalls(port2, handle);
      const w: WorkerLike = {
        onmessage: null,
        onerror: null,
        postMessage: (m) => port1.postMessage(m),
      };
      port1.onmessage = (e) => w.onmessage?.(e);
      page = w;
      return w;
    },
    starts: () => count,
    fail: (e) => page?.onerror?.(e),
  };
}

describe('createWorkerCall', () => {
  it('starts the worker on the first call only, and matches replies to calls', async () => {
    const w = channelWorker((n) => n * 2);
    const double = createWorkerCall<number, number>(w.start);
    expect(w.starts()).toBe(0);
    const results = await Promise.all([double(1), double(2), double(21)]);
    expect(results).toEqual([2, 4, 42]);
    expect(w.starts()).toBe(1);
  });

  it('rejects a call the handler throws on, and keeps serving the next ones', async () => {
    const w = channelWorker((n) => {
      if (n < 0) throw new Error(`negative: ${n}`);
      return n;
    });
    const call = createWorkerCall<number, number>(w.start);
    await expect(call(-1)).rejects.toThrow('negative: -1');
    await expect(call(3)).resolves.toBe(3);
  });

  it('rejects every call in flight when the worker fails', async () => {
    const w = channelWorker((n) => n);
    const call = createWorkerCall<number, number>(w.start);
    const pending = [call(1), call(2)];
    const error = new Event('error') as ErrorEvent;
    w.fail(error);
    for (const p of pending) await expect(p).rejects.toBe(error);
  });
});
