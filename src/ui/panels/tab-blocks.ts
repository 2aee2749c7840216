import { assertNever } from '@core';
import type { IpFamily } from '@core';
import type { FamilyViews, NftViews, OutputViews } from '../store/derived.ts';
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

/** The nftables views per tab: the ruleset list, the `nft -f` input, the transcript, per table. */
function nftBlocks(nft: NftViews, tab: OutputTab, version: string | undefined): TextBlock[] {
  const v = version ?? 'pasted';
  switch (tab) {
    case 'save':
      // `save-` ids carry data-rule line refs in the rules pane (nft's family/table/chain#N).
      return [
        {
          id: 'save-nft',
          title: 'nft list ruleset',
          filename: `nft-list-ruleset-${v}.txt`,
          text: nft.list,
        },
      ];
    case 'restore':
      return [
        { id: 'restore-nft', title: 'nft -f -', filename: `nft-f-${v}.nft`, text: nft.script },
      ];
    case 'dry-run':
      return version === undefined
        ? []
        : [
            {
              id: 'dry-run',
              title: 'istio-iptables --native-nftables --dry-run',
              filename: `istio-nftables-dry-run-${v}.nft`,
              text: nft.script,
            },
          ];
    case 'list':
      return nft.tables.map((t) => ({
        id: `list-nft-${t.table.replace(' ', '-')}`,
        title: `nft list table ${t.table}`,
        filename: `nft-list-table-${t.table.replace(' ', '-')}-${v}.txt`,
        text: t.text,
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
  if (views.nft !== undefined) return nftBlocks(views.nft, tab, views.version);
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
