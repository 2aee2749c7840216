import { assertNever } from '@core';
import type { IpFamily } from '@core';
import type { FamilyViews, OutputViews } from '../store/derived.ts';
import type { OutputTab } from '../store/store.ts';

/** One titled text block of the rules pane, with what copy/download need. */
export interface TextBlock {
  readonly id: string;
  readonly title: string;
  readonly filename: string;
  readonly text: string;
}

function binary(family: IpFamily): string {
  return family === 4 ? 'iptables' : 'ip6tables';
}

function familyBlocks(
  f: FamilyViews,
  tab: 'save' | 'restore' | 'list',
  version: string,
): TextBlock[] {
  const bin = binary(f.family);
  const suffix = `ipv${f.family}`;
  switch (tab) {
    case 'save':
      return [
        {
          id: `save-${suffix}`,
          title: `${bin}-save`,
          filename: `${bin}-save-${version}.txt`,
          text: f.save,
        },
      ];
    case 'restore':
      return [
        {
          id: `restore-${suffix}`,
          title: `${bin}-restore --noflush input`,
          filename: `${bin}-restore-${version}.txt`,
          text: f.restore,
        },
      ];
    case 'list':
      return f.lists.map((l) => ({
        id: `list-${suffix}-${l.table}`,
        title: `${bin} -t ${l.table} -nvL`,
        filename: `${bin}-${l.table}-nvL-${version}.txt`,
        text: l.text,
      }));
    default:
      return assertNever(tab);
  }
}

/**
 * The blocks a tab shows: one per family for save/restore, one per family and table for `-nvL`,
 * and the single dry-run transcript (it already covers both families).
 *
 * @example
 * listTabBlocks(views, 'save').map((b) => b.title); // ['iptables-save', 'ip6tables-save']
 */
export function listTabBlocks(views: OutputViews, tab: OutputTab): readonly TextBlock[] {
  if (tab === 'dry-run') {
    if (views.dryRun === undefined) return [];
    return [
      {
        id: 'dry-run',
        title: 'istio-iptables --dry-run',
        filename: `istio-iptables-dry-run-${views.version ?? 'pasted'}.txt`,
        text: views.dryRun,
      },
    ];
  }
  return views.families.flatMap((f) => familyBlocks(f, tab, views.version ?? 'pasted'));
}
