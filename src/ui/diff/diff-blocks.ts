import type { OutputViews } from '../store/derived.ts';
import type { OutputTab } from '../store/store.ts';
import { listTabBlocks } from '../panels/tab-blocks.ts';
import { memoizeLast } from '../lib/memoize-last.ts';
import { collapseUnchanged, countChanges, diffLines } from './line-diff.ts';
import type { DiffRow, DiffStats } from './line-diff.ts';

/** Unchanged lines kept around each change, like `diff -u`. */
export const DIFF_CONTEXT = 3;

/** One block of the tab (a family's save text, one -nvL table…) diffed against its counterpart. */
export interface DiffBlock {
  readonly id: string;
  readonly title: string;
  readonly rows: readonly DiffRow[];
  readonly stats: DiffStats;
}

/**
 * Diffs the blocks a tab shows, matching old and new blocks by id (a block only on one side is
 * diffed against nothing, e.g. ip6tables-save after IPv6 was switched on).
 *
 * @example
 * diffTabBlocks(before, after, 'save')[0]?.stats; // { added: 2, removed: 0 }
 */
export function diffTabBlocks(
  oldViews: OutputViews,
  newViews: OutputViews,
  tab: OutputTab,
): DiffBlock[] {
  const oldBlocks = listTabBlocks(oldViews, tab);
  const newBlocks = listTabBlocks(newViews, tab);
  const ids = [...new Set([...newBlocks.map((b) => b.id), ...oldBlocks.map((b) => b.id)])];
  return ids.map((id) => {
    const o = oldBlocks.find((b) => b.id === id);
    const n = newBlocks.find((b) => b.id === id);
    const lines = diffLines(o?.text ?? '', n?.text ?? '');
    return {
      id,
      title: n?.title ?? o?.title ?? id,
      rows: collapseUnchanged(lines, DIFF_CONTEXT),
      stats: countChanges(lines),
    };
  });
}

export const diffTabBlocksStage = memoizeLast(diffTabBlocks);
