import { ruleRef } from '@core';
import type { RuleRef, TableName } from '@core';

const TABLES: ReadonlySet<string> = new Set(['raw', 'mangle', 'nat', 'filter', 'security']);

/**
 * The RuleRef of each `-A CHAIN …` line of iptables-save text (undefined for other lines), so
 * the rules pane can mark the rule picked in the graph or the workbench. Positions count per
 * table and chain, as iptables-save lists them.
 *
 * @example
 * listSaveLineRules('*nat\n-A OUTPUT -j X\nCOMMIT'); // [undefined, 'nat/OUTPUT#1', undefined]
 */
export function listSaveLineRules(text: string): (RuleRef | undefined)[] {
  if (text.startsWith('table ')) return listNftLineRules(text);
  let table: TableName | undefined;
  const counts = new Map<string, number>();
  return text.split('\n').map((line) => {
    if (line.startsWith('*')) {
      const name = line.slice(1).trim();
      table = TABLES.has(name) ? (name as TableName) : undefined;
      counts.clear();
      return undefined;
    }
    if (table === undefined || !line.startsWith('-A ')) return undefined;
    const chain = line.slice(3).split(' ', 1)[0] ?? '';
    const n = (counts.get(chain) ?? 0) + 1;
    counts.set(chain, n);
    return ruleRef(table, chain, n);
  });
}

/**
 * The same for `nft list ruleset` text: each rule line of a chain block gets
 * `family/table/chain#N`, as the simulator names nftables rules.
 *
 * @example
 * listNftLineRules('table inet t {\n\tchain c {\n\t\treturn\n\t}\n}')[2]; // 'inet/t/c#1'
 */
export function listNftLineRules(text: string): (RuleRef | undefined)[] {
  let table: string | undefined;
  let chain: string | undefined;
  let n = 0;
  return text.split('\n').map((line) => {
    const t = /^table (\S+) (\S+) \{$/.exec(line);
    if (t) {
      table = `${t[1] ?? ''}/${t[2] ?? ''}`;
      return undefined;
    }
    const c = /^\tchain (\S+) \{$/.exec(line);
    if (c) {
      chain = c[1];
      n = 0;
      return undefined;
    }
    if (/^\t\S/.test(line)) chain = undefined;
    if (table === undefined || chain === undefined || !line.startsWith('\t\t')) return undefined;
    if (/^\t\ttype \S+ hook /.test(line)) return undefined;
    n += 1;
    return `${table}/${chain}#${n}` as RuleRef;
  });
}
