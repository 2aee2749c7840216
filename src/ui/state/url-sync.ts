import { encodeHash } from './permalink.ts';
import { pickPersisted } from './store.ts';
import type { ExplorerState, ExplorerStore } from './store.ts';

/** How long typing must pause before the URL is rewritten. */
const WRITE_DELAY_MS = 300;

function persistedChanged(a: ExplorerState, b: ExplorerState): boolean {
  return a.input !== b.input || a.version !== b.version || a.ipv6 !== b.ipv6 || a.dnsServers !== b.dnsServers;
}

/**
 * Mirrors the persisted state into `location.hash` (debounced, `replaceState` so the history
 * is not flooded). Returns a function that stops syncing and flushes nothing further.
 */
export function startUrlSync(store: ExplorerStore, win: Window): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = (): void => {
    timer = undefined;
    const url = new URL(win.location.href);
    url.hash = encodeHash(pickPersisted(store.getState()));
    win.history.replaceState(win.history.state, '', url);
  };
  const unsubscribe = store.subscribe((next, prev) => {
    if (!persistedChanged(next, prev)) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(write, WRITE_DELAY_MS);
  });
  return () => {
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
  };
}
