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
