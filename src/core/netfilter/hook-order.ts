import type { TableName } from '../iptables/model.ts';
import type { IpFamily } from '../shared/ip.ts';
import type { Hook } from './hooks.ts';
import { HOOK_TABLES } from './hooks.ts';
import type { CompiledNft, NftCompiledChain } from './nft/compile.ts';

/** What runs at a hook: an iptables(-nft) table, or a native nftables base chain. */
export type HookEntry =
  | {
      readonly kind: 'iptables';
      readonly table: TableName;
      readonly nat: boolean;
      readonly route: boolean;
      readonly priority: number;
    }
  | {
      readonly kind: 'nft';
      readonly chain: NftCompiledChain;
      readonly nat: boolean;
      readonly route: boolean;
      readonly priority: number;
    };

/** iptables-nft's table priorities (NF_IP_PRI_*). */
const TABLE_PRIORITY: Readonly<Record<TableName, number>> = {
  raw: -300,
  mangle: -150,
  nat: -100,
  filter: 0,
  security: 50,
};

/**
 * Where the nat "meta hook" runs: every nat-type chain of a hook is called from nf_nat's own
 * hook (NF_IP_PRI_NAT_DST -100 at prerouting/output, NF_IP_PRI_NAT_SRC 100 at input/postrouting),
 * the chains' own priorities only order them among themselves.
 */
function natPriority(hook: Hook): number {
  return hook === 'PREROUTING' || hook === 'OUTPUT' ? -100 : 100;
}

interface Sortable {
  readonly entry: HookEntry;
  readonly at: number;
  readonly sub: number;
  /** Registration order: iptables tables were loaded before the nftables program. */
  readonly order: number;
}

/**
 * Everything registered at a hook for one IP family, in the order the kernel calls it: by
 * priority; nat chains at nf_nat's hook, ordered by their own priority; on a tie the chain
 * registered later runs first (nf_hook_entries_grow inserts before an equal priority).
 *
 * @example
 * hookEntries('OUTPUT', new Set(['nat']), compiled, 4).map((e) => e.priority);
 */
export function hookEntries(
  hook: Hook,
  tables: ReadonlySet<TableName>,
  nft: CompiledNft | undefined,
  family: IpFamily,
): readonly HookEntry[] {
  const all: Sortable[] = [];
  for (const table of HOOK_TABLES[hook]) {
    if (!tables.has(table)) continue;
    const nat = table === 'nat';
    const priority = nat ? natPriority(hook) : TABLE_PRIORITY[table];
    const route = hook === 'OUTPUT' && table === 'mangle';
    all.push({
      entry: { kind: 'iptables', table, nat, route, priority },
      at: priority,
      sub: nat ? (hook === 'PREROUTING' || hook === 'OUTPUT' ? -100 : 100) : 0,
      order: -1,
    });
  }
  for (const { chain, order } of nft?.hooks[family].get(hook) ?? []) {
    const base = chain.base;
    if (!base) continue;
    const nat = base.type === 'nat';
    const route = hook === 'OUTPUT' && base.type === 'route';
    const at = nat ? natPriority(hook) : base.priority;
    all.push({
      entry: { kind: 'nft', chain, nat, route, priority: at },
      at,
      sub: nat ? base.priority : 0,
      order,
    });
  }
  all.sort((a, b) => a.at - b.at || a.sub - b.sub || b.order - a.order);
  return all.map((s) => s.entry);
}
