import type { ExplorerStore } from '../store/store.ts';
import { TUTORIAL_PARAM } from './tutorial-location.ts';

/**
 * Embed mode with `&tutorial=<lesson>/<step>` (what `embed.js` writes for `data-step`): sets the
 * step's state before the embed mounts. The lessons load only then; a `#s=` state wins, as in the
 * full page. Resolves (never rejects) so the embed mounts even if the lessons chunk fails.
 *
 * @example
 * await applyEmbeddedStep(store, '?embed=graph&tutorial=intercept%2Ftproxy', '');
 */
export async function applyEmbeddedStep(
  store: ExplorerStore,
  search: string,
  hash: string,
): Promise<void> {
  const value = new URLSearchParams(search).get(TUTORIAL_PARAM);
  if (value === null || /[#&]s=/.test(hash)) return;
  try {
    const { applyLinkedStep } = await import('./linked-step.ts');
    applyLinkedStep(store, value);
  } catch {
    // A failed chunk load leaves the embed's own state: still a working explorer.
  }
}
