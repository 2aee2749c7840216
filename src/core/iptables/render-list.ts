/**
 * `iptables -t TABLE -L [-n] [-v]` text with zero counters, laid out like iptables v1.8.9
 * (nf_tables): print_header/print_rule_details/print_ifaces/print_ipv4_addresses column widths,
 * then each match's and target's own print text.
 */
import {
  allOnes,
  formatListAddress,
  parseAddressList,
  type Family,
  type MaskedAddress,
} from './address.ts';
import { canonicalizeRule, type CanonicalRule } from './canonical.ts';
import { findTarget } from './extensions/registry.ts';
import type { ExtensionContext } from './extensions/types.ts';
import type { Chain, Negatable, RuleOption, Ruleset, Table, TableName } from './model.ts';
import { chainProtocolName, parseProtocol, protocolName } from './protocol.ts';
import { orderChains } from './render-save.ts';

export interface ListOptions {
  /** `-n`: numbers instead of names (default true; names are looked up in our netdb only). */
  readonly numeric?: boolean;
  /** `-v`: counters and interface columns (default true). */
  readonly verbose?: boolean;
  /** Which iptables prints the listing (default: v1.8.9, the one the kernel suites run). */
  readonly userspace?: ListUserspace;
}

/**
 * What differs between iptables releases (and the files of the image they run in) in `-L`.
 *
 * @example
 * renderIptablesList(ruleset, 'nat', { userspace: { ...IPTABLES_1_8_9, numericProtocols: false } });
 */
export interface ListUserspace {
  /**
   * Under `-n`, the prot column prints numbers (`6`, `0`): only v1.8.9 (bugzilla #1729). Before
   * and since (v1.8.10) proto_to_name answers from the built-in table first (`tcp`, `all`).
   */
  readonly numericProtocols: boolean;
  /** ip6tables' opt column prints `--` (v1.8.9+); before, blanks. */
  readonly ip6OptDashes: boolean;
  /** Without `-n`: the image's /etc/hosts (address → name), as getnameinfo answers. */
  readonly hosts?: Readonly<Record<string, string>>;
  /** Without `-n`: the image's /etc/passwd and /etc/group (id → name), for the owner match. */
  readonly users?: Readonly<Record<string, string>>;
  readonly groups?: Readonly<Record<string, string>>;
}

/** iptables v1.8.9 (nf_tables) of Debian 12, the userspace every kernel suite measures. */
export const IPTABLES_1_8_9: ListUserspace = { numericProtocols: true, ip6OptDashes: true };

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

interface Style {
  readonly family: Family;
  readonly numeric: boolean;
  readonly verbose: boolean;
  readonly userspace: ListUserspace;
}

/** xtables_ipaddr_to_anyname: a host name from /etc/hosts for a host address, else the number. */
function addressText(parsed: MaskedAddress, style: Style): string {
  const text = formatListAddress(parsed);
  if (style.numeric || parsed.mask !== allOnes(parsed.family)) return text;
  return style.userspace.hosts?.[text] ?? text;
}

function addressColumn(a: Negatable<string> | undefined, style: Style): string {
  const { family, numeric } = style;
  const inv = a?.negated ? '!' : ' ';
  const parsed = a ? parseAddressList(a.value, family)?.[0] : undefined;
  if (!parsed)
    return `${inv}${pad(numeric ? (family === 4 ? '0.0.0.0/0' : '::/0') : 'anywhere', 19)} `;
  if (parsed.mask === 0n && !numeric) return `${inv}${pad('anywhere', 19)} `;
  return `${inv}${pad(addressText(parsed, style), 19)} `;
}

function protocolColumn(proto: number, style: Style): string {
  if (!style.numeric) return proto === 0 ? 'all' : protocolName(proto);
  if (style.userspace.numericProtocols) return String(proto);
  return chainProtocolName(proto) ?? String(proto);
}

function optColumn(rule: CanonicalRule, style: Style): string {
  if (style.family === 6 && !style.userspace.ip6OptDashes) return '   ';
  return `${rule.fragment?.negated ? '!' : '-'}${rule.fragment ? 'f' : '-'} `;
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

function ruleLine(rule: CanonicalRule, style: Style): string {
  const { family, numeric, verbose } = style;
  let line = verbose ? '    0     0 ' : '';
  line += `${pad(targetName(rule), 9)} `;
  line += rule.protocol?.negated ? '!' : ' ';
  const proto = rule.protocol ? (parseProtocol(rule.protocol.value) ?? 0) : 0;
  line += pad(protocolColumn(proto, style), 5);
  line += optColumn(rule, style);
  if (verbose) {
    const any = numeric ? '*' : 'any';
    const iface = (i: Negatable<string> | undefined) =>
      i ? `${i.negated ? '!' : ''}${i.value}` : any;
    line += ` ${pad(iface(rule.inInterface), 6)} ${pad(iface(rule.outInterface), 6)} `;
  }
  line += addressColumn(rule.source, style) + addressColumn(rule.destination, style);
  if (rule.target?.kind === 'goto') line += '[goto] ';
  const ctx: ExtensionContext = {
    family,
    protocol: proto === 0 ? undefined : proto,
    numeric,
    ...(numeric ? {} : { names: style.userspace }),
  };
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
 * prints names (`anywhere`, `tcp`, service names); host, user and group names only from the
 * tables `opts.userspace` carries (no resolver is ever asked).
 *
 * @example
 * renderIptablesList(ruleset, 'nat').split('\n')[0]; // 'Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)'
 */
export function renderIptablesList(
  ruleset: Ruleset,
  tableName: TableName,
  opts: ListOptions = {},
): string {
  const style: Style = {
    family: ruleset.family,
    numeric: opts.numeric ?? true,
    verbose: opts.verbose ?? true,
    userspace: opts.userspace ?? IPTABLES_1_8_9,
  };
  const table = ruleset.tables.find((t) => t.name === tableName) ?? { name: tableName, chains: [] };
  const refs = countReferences(table);
  const blocks = orderChains(table).map((chain) => {
    const lines = [header(chain, refs.get(chain.name) ?? 0, style.verbose)];
    for (const r of chain.rules)
      lines.push(ruleLine(canonicalizeRule(r, ruleset.family, style.numeric), style));
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}
