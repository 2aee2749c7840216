/**
 * iptables-save v1.8.9 (nf_tables) text of a ruleset, byte for byte as the kernel prints it
 * after a restore into an empty namespace (without the `# Generated`/`# Completed` lines).
 */
import type { Family } from './address.ts';
import { ruleSpecText, ruleTextsOf, type ChainTexts } from './fragments.ts';
import {
  BUILTIN_CHAINS,
  type Chain,
  type Rule,
  type Ruleset,
  type Table,
  type TableName,
} from './model.ts';

/**
 * The order iptables-save (nf_tables) prints tables in: nft's xtables table enum, measured.
 *
 * @example
 * SAVE_TABLE_ORDER.indexOf('nat') > SAVE_TABLE_ORDER.indexOf('mangle'); // true
 */
export const SAVE_TABLE_ORDER: readonly TableName[] = [
  'mangle',
  'security',
  'raw',
  'filter',
  'nat',
];

/**
 * The words after `-A CHAIN` (with a leading space when not empty), canonical.
 *
 * @example
 * renderRuleSpec({ protocol: { negated: false, value: 'tcp' }, matches: [{ module: 'tcp',
 *   implicit: true, known: true, options: [{ name: 'dport', negated: false, args: ['80'] }] }],
 *   target: { kind: 'verdict', verdict: 'ACCEPT' } }, 4);
 * // ' -p tcp -m tcp --dport 80 -j ACCEPT'
 */
export function renderRuleSpec(rule: Rule, family: Family): string {
  return ruleSpecText(rule, family);
}

/** Built-in chains in header order, then user chains sorted by byte value (strcmp). */
export function orderChains(table: Table): Chain[] {
  const builtins = BUILTIN_CHAINS[table.name].map(
    (name): Chain =>
      table.chains.find((c) => c.name === name && c.builtin) ?? {
        name,
        builtin: true,
        policy: 'ACCEPT',
        rules: [],
      },
  );
  const users = table.chains
    .filter((c) => !c.builtin)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [...builtins, ...users];
}

function pushRules(
  chain: Chain,
  family: Family,
  texts: ChainTexts | undefined,
  out: string[],
): void {
  const known = texts?.get(chain);
  chain.rules.forEach((r, i) => out.push(`-A ${chain.name}${ruleSpecText(r, family, known?.[i])}`));
}

function renderTable(
  table: Table,
  family: Family,
  texts: ChainTexts | undefined,
  out: string[],
): void {
  const chains = orderChains(table);
  out.push(`*${table.name}`);
  for (const c of chains)
    out.push(c.builtin ? `:${c.name} ${c.policy ?? 'ACCEPT'} [0:0]` : `:${c.name} - [0:0]`);
  for (const c of chains) pushRules(c, family, texts, out);
  out.push('COMMIT');
}

/**
 * What `iptables-save` (v1.8.9, nf_tables) prints for the ruleset after a restore into an empty
 * network namespace, minus its comment lines: tables in nft order, every built-in chain with its
 * policy and `[0:0]`, user chains sorted, every rule in canonical form.
 *
 * @example
 * renderIptablesSave(parseIptables('*nat\n-A OUTPUT -p tcp -j REDIRECT --to-port 15001\nCOMMIT\n').value);
 * // '*nat\n:PREROUTING ACCEPT [0:0]\n…\n-A OUTPUT -p tcp -j REDIRECT --to-ports 15001\nCOMMIT\n'
 */
export function renderIptablesSave(ruleset: Ruleset): string {
  const out: string[] = [];
  const texts = ruleTextsOf(ruleset);
  for (const name of SAVE_TABLE_ORDER) {
    const table = ruleset.tables.find((t) => t.name === name);
    if (table) renderTable(table, ruleset.family, texts, out);
  }
  if (out.length === 0) return '';
  // The trailing newline through join: one flat string (a `${…}\n` template would make a rope
  // that the output write copies once more: 11 MB for a kube-proxy dump).
  out.push('');
  return out.join('\n');
}

/**
 * What `iptables -t TABLE -S` prints: `-P` for built-in chains, `-N` for user chains (sorted),
 * then the rules.
 *
 * @example
 * renderIptablesS(ruleset, 'nat'); // '-P PREROUTING ACCEPT\n…\n-N ISTIO_INBOUND\n…'
 */
export function renderIptablesS(ruleset: Ruleset, tableName: TableName = 'filter'): string {
  const table = ruleset.tables.find((t) => t.name === tableName) ?? { name: tableName, chains: [] };
  const chains = orderChains(table);
  const out: string[] = [];
  for (const c of chains)
    out.push(c.builtin ? `-P ${c.name} ${c.policy ?? 'ACCEPT'}` : `-N ${c.name}`);
  const texts = ruleTextsOf(ruleset);
  for (const c of chains) pushRules(c, ruleset.family, texts, out);
  return `${out.join('\n')}\n`;
}
