import { encodeHash } from '../store/permalink.ts';
import { pickPersisted } from '../store/store.ts';
import type { ExplorerState } from '../store/store.ts';

/**
 * The page's own address (any sub-path, without query or fragment) with the state's `#s=`: the
 * link written now, not the debounced one in the address bar.
 *
 * @example
 * shareUrl('https://x.dev/explorer/?embed=rules#old', state); // 'https://x.dev/explorer/#s=…'
 */
export function shareUrl(href: string, state: ExplorerState): string {
  const url = new URL(href);
  return `${url.origin}${url.pathname}#${encodeHash(pickPersisted(state))}`;
}

/** The page's address without query and fragment: where embeds point. */
export function pageBase(href: string): string {
  const url = new URL(href);
  return `${url.origin}${url.pathname}`;
}
