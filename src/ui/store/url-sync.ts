import { encodeHash } from './permalink.ts';
import { persistedChanged, pickPersisted } from './store.ts';
import type { ExplorerStore } from './store.ts';

/** How long typing must pause before the URL is rewritten. */
const WRITE_DELAY_MS = 300;
/** Inputs the core refuses as too large are not worth a multi-megabyte URL either. */
const MAX_LINKED_TEXT = 1_000_000;

/**
 * Mirrors the persisted state into `location.hash` (debounced, `replaceState` so the history
 * is not flooded). Returns a function that stops syncing and flushes nothing further.
 */
export function startUrlSync(store: ExplorerStore, win: Window): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = (): void => {
    timer = undefined;
    const url = new URL(win.location.href);
    const state = pickPersisted(store.getState());
    // Too big to link: drop the hash rather than leave a link to an older state.
    const texts =
      state.input.text.length +
      state.otherText.length +
      (state.dataplane ? state.dataplane.ambient.length + state.dataplane.cni.length : 0);
    url.hash = texts > MAX_LINKED_TEXT ? '' : encodeHash(state);
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
