/**
 * `iptables -t TABLE -L [-n] [-v]` text with zero counters, laid out like iptables v1.8.9
 * (nf_tables): print_header/print_rule_details/print_ifaces/print_ipv4_addresses column widths,
 * then each match's and target's own print text.
 */
import { formatListAddress, parseAddressList, type Family } from './address.ts';
import { canonicalizeRule, type CanonicalRule } from './canonical.ts';
import { findTarget } from './extensions/registry.ts';
import type { ExtensionContext } from './extensions/types.ts';
import type { Chain, Negatable, RuleOption, Ruleset, Table, TableName } from './model.ts';
import { parseProtocol, protocolName } from './protocol.ts';
import { orderChains } from './render-save.ts';

export interface ListOptions {
  /** `-n`: numbers instead of names (default true; names are looked up in our netdb only). */
  readonly numeric?: boolean;
  /** `-v`: counters and interface columns (default true). */
  readonly verbose?: boolean;
}

const pad = (s: string, n: number) => s.padEnd(n, ' ');

function header(chain: Chain, refs: number, verbose: boolean): string {
  const title = chain.builtin
    ? `Chain ${chain.name} (policy ${chain.policy ?? 'ACCEPT'}${verbose ? ' 0 packets, 0 bytes' : ''})`
    : `Chain ${chain.name} (${refs} references)`;
  let cols = verbose ? ' pkts bytes ' : '';
  cols += `${pad('target', 9)}  prot opt`;
  if (verbose) cols += ` ${pad('in', 6)} ${pad('out', 6)} `;
  cols += ` ${pad('source', 19)}  ${pad('destination', 19)} `;
  return `${title}\n${cols}`;
}

function addressColumn(a: Negatable<string> | undefined, family: Family, numeric: boolean): string {
  const inv = a?.negated ? '!' : ' ';
  const parsed = a ? parseAddressList(a.value, family)?.[0] : undefined;
  if (!parsed)
    return `${inv}${pad(numeric ? (family === 4 ? '0.0.0.0/0' : '::/0') : 'anywhere', 19)} `;
  if (parsed.mask === 0n && !numeric) return `${inv}${pad('anywhere', 19)} `;
  return `${inv}${pad(formatListAddress(parsed), 19)} `;
}

function targetName(r: CanonicalRule): string {
  const t = r.target;
  if (!t) return '';
  switch (t.kind) {
    case 'verdict':
      return t.verdict;
    case 'jump':
    case 'goto':
      return t.chain;
    case 'extension':
      // NOTRACK is CT --notrack under another name; the listing shows the real target.
      return t.name === 'NOTRACK' ? 'CT' : t.name;
  }
}

function verbatimOptions(options: readonly RuleOption[]): string {
  return options
    .map((o) => `${o.negated ? ' !' : ''} --${o.name}${o.args.map((a) => ` ${a}`).join('')}`)
    .join('');
}

function ruleLine(rule: CanonicalRule, family: Family, numeric: boolean, verbose: boolean): string {
  let line = verbose ? '    0     0 ' : '';
  line += `${pad(targetName(rule), 9)} `;
  line += rule.protocol?.negated ? '!' : ' ';
  const proto = rule.protocol ? (parseProtocol(rule.protocol.value) ?? 0) : 0;
  line += pad(numeric ? String(proto) : proto === 0 ? 'all' : protocolName(proto), 5);
  line += `${rule.fragment?.negated ? '!' : '-'}${rule.fragment ? 'f' : '-'} `;
  if (verbose) {
    const any = numeric ? '*' : 'any';
    const iface = (i: Negatable<string> | undefined) =>
      i ? `${i.negated ? '!' : ''}${i.value}` : any;
    line += ` ${pad(iface(rule.inInterface), 6)} ${pad(iface(rule.outInterface), 6)} `;
  }
  line +=
    addressColumn(rule.source, family, numeric) + addressColumn(rule.destination, family, numeric);
  if (rule.target?.kind === 'goto') line += '[goto] ';
  const ctx: ExtensionContext = { family, protocol: proto === 0 ? undefined : proto, numeric };
  for (const m of rule.matches)
    line += m.spec ? m.spec.list(m.options, ctx) : ` ${m.module}${verbatimOptions(m.options)}`;
  const t = rule.target;
  if (t?.kind === 'extension') {
    const spec = t.known ? findTarget(t.name, family) : undefined;
    line += spec && t.spec ? spec.list(t.options, ctx) : verbatimOptions(t.options);
  }
  return line;
}

function countReferences(table: Table): Map<string, number> {
  const refs = new Map<string, number>();
  for (const c of table.chains) {
    for (const r of c.rules) {
      const t = r.target;
      if (t && (t.kind === 'jump' || t.kind === 'goto'))
        refs.set(t.chain, (refs.get(t.chain) ?? 0) + 1);
    }
  }
  return refs;
}

/**
 * What `iptables -t TABLE -nvL` prints for the ruleset, all counters zero. `numeric: false`
 * prints names (`anywhere`, `tcp`, service names) but never resolves host names.
 *
 * @example
 * renderIptablesList(ruleset, 'nat').split('\n')[0]; // 'Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)'
 */
export function renderIptablesList(
  ruleset: Ruleset,
  tableName: TableName,
  opts: ListOptions = {},
): string {
  const numeric = opts.numeric ?? true;
  const verbose = opts.verbose ?? true;
  const table = ruleset.tables.find((t) => t.name === tableName) ?? { name: tableName, chains: [] };
  const refs = countReferences(table);
  const blocks = orderChains(table).map((chain) => {
    const lines = [header(chain, refs.get(chain.name) ?? 0, verbose)];
    for (const r of chain.rules)
      lines.push(
        ruleLine(canonicalizeRule(r, ruleset.family, numeric), ruleset.family, numeric, verbose),
      );
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}
