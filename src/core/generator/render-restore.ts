import type { RuleOrigin, TableName } from '../iptables/model.ts';
import { assertNever } from '../shared/assert.ts';
import type { IpFamily } from '../shared/ip.ts';
import type { GeneratedRules, RuleCommand } from './generate.ts';
import { ERAS } from './profiles/eras.ts';

/** Chains iptables already has; istio-iptables never `-N`s them. upstream: constants.BuiltInChainsMap. */
const BUILTIN = new Set(['INPUT', 'OUTPUT', 'FORWARD', 'PREROUTING', 'POSTROUTING']);
/** Jump targets that are verdicts, not chains. */
const VERDICTS = new Set(['ACCEPT', 'RETURN', 'DROP']);

/**
 * `-A CHAIN args…` or `-I CHAIN N args…`, the words Istio writes for one rule.
 *
 * @example
 * formatRuleCommand({ family: 4, table: 'nat', chain: 'PREROUTING', op: 'insert', position: 1,
 *   args: ['-i', 'eth1', '-j', 'RETURN'], origin: { flags: [], reason: '' } }); // '-I PREROUTING 1 -i eth1 -j RETURN'
 */
export function formatRuleCommand(rule: RuleCommand): string {
  const head =
    rule.op === 'append' ? ['-A', rule.chain] : ['-I', rule.chain, String(rule.position ?? 1)];
  return [...head, ...rule.args].join(' ');
}

function rulesOf(rules: GeneratedRules, family: IpFamily): readonly RuleCommand[] {
  return family === 4 ? rules.v4 : rules.v6;
}

/**
 * `-N` lines of one table: each rule's own chain at first use, then chains that are only jumped
 * to (the last two words are `-j X`). upstream: builder/iptables_builder_impl.go — buildRestore.
 */
function chainsToCreate(rules: readonly RuleCommand[]): string[] {
  const seen = new Set<string>();
  const created: string[] = [];
  const create = (chain: string): void => {
    if (seen.has(chain) || BUILTIN.has(chain) || VERDICTS.has(chain)) return;
    seen.add(chain);
    created.push(chain);
  };
  for (const rule of rules) create(rule.chain);
  for (const rule of rules) {
    const n = rule.args.length;
    if (n >= 2 && rule.args[n - 2] === '-j') create(rule.args[n - 1] ?? '');
  }
  return created;
}

/**
 * The iptables-restore input for one family, as istio-iptables feeds it with `--noflush`: tables
 * that have rules, in alphabetical order, each `* table`, `-N` lines, rules, `COMMIT`. Empty when
 * the family has no rules (IPv6 off).
 *
 * @example
 * renderRestore(generateRules(config), 4); // '* nat\n-N ISTIO_INBOUND\n…\nCOMMIT\n'
 */
export function renderRestore(rules: GeneratedRules, family: IpFamily): string {
  return renderRestoreLines(rules, family).text;
}

/**
 * The restore text of {@link renderRestore} and, per line (index = line number − 1), the origin
 * of the generated command written there (undefined for `*`, `-N` and `COMMIT` lines): what the
 * parser needs to set `Rule.origin` while it loads the text.
 *
 * @example
 * const { text, lineOrigins } = renderRestoreLines(generateRules(config), 4);
 * lineOrigins[text.split('\n').findIndex((l) => l.startsWith('-A'))]?.flags; // ['inbound-tunnel-port']
 */
export function renderRestoreLines(
  rules: GeneratedRules,
  family: IpFamily,
): { readonly text: string; readonly lineOrigins: readonly (RuleOrigin | undefined)[] } {
  const byTable = new Map<TableName, RuleCommand[]>();
  for (const rule of rulesOf(rules, family)) {
    const list = byTable.get(rule.table) ?? [];
    list.push(rule);
    byTable.set(rule.table, list);
  }
  const lines: string[] = [];
  const lineOrigins: (RuleOrigin | undefined)[] = [];
  const push = (line: string, origin?: RuleOrigin): void => {
    lines.push(line);
    lineOrigins.push(origin);
  };
  for (const table of [...byTable.keys()].sort()) {
    const tableRules = byTable.get(table) ?? [];
    push(`* ${table}`);
    for (const chain of chainsToCreate(tableRules)) push(`-N ${chain}`);
    for (const rule of tableRules) push(formatRuleCommand(rule), rule.origin);
    push('COMMIT');
  }
  return { text: lines.map((line) => `${line}\n`).join(''), lineOrigins };
}

function binary(family: IpFamily): string {
  return family === 4 ? 'iptables' : 'ip6tables';
}

/** Command-line harness (about 1.5–1.23): all `-N` of the family first, then every rule. */
function commandLines(rules: readonly RuleCommand[], family: IpFamily): string[] {
  const bin = binary(family);
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const rule of rules) {
    const key = `${rule.table}/${rule.chain}`;
    if (seen.has(key) || BUILTIN.has(rule.chain)) continue;
    seen.add(key);
    lines.push(`${bin} -t ${rule.table} -N ${rule.chain}`);
  }
  for (const rule of rules) lines.push(`${bin} -t ${rule.table} ${formatRuleCommand(rule)}`);
  return lines;
}

/** Shell-script order (1.0/1.1): each chain is created just before its first use or jump. */
function scriptLines(rules: readonly RuleCommand[], family: IpFamily): string[] {
  const bin = binary(family);
  const own = new Set(rules.map((r) => `${r.table}/${r.chain}`));
  const created = new Set<string>();
  const lines: string[] = [];
  const create = (table: TableName, chain: string | undefined): void => {
    if (chain === undefined || BUILTIN.has(chain)) return;
    const key = `${table}/${chain}`;
    if (!own.has(key) || created.has(key)) return;
    created.add(key);
    lines.push(`${bin} -t ${table} -N ${chain}`);
  };
  for (const rule of rules) {
    create(rule.table, rule.chain);
    const jump = rule.args.indexOf('-j');
    if (jump >= 0) create(rule.table, rule.args[jump + 1]);
    lines.push(`${bin} -t ${rule.table} ${formatRuleCommand(rule)}`);
  }
  return lines;
}

/**
 * The transcript Istio's test stub records in dry-run mode, in the harness format of the
 * profile's era: exactly the text of the upstream `*.golden` files (newest: the state-check saves,
 * the restore inputs, the final saves). Ends with a newline.
 *
 * @example
 * renderDryRun(generateRules(config)).split('\n')[0]; // 'iptables-save'
 */
export function renderDryRun(rules: GeneratedRules): string {
  const era = ERAS[rules.version];
  const finalSaves = rules.enableIPv6 ? ['iptables-save', 'ip6tables-save'] : ['iptables-save'];
  let lines: string[];
  switch (era.dryRun) {
    case 'restore':
      lines = [
        'iptables-save',
        'ip6tables-save',
        ...[renderRestore(rules, 4), renderRestore(rules, 6)]
          .join('')
          .split('\n')
          .filter((l) => l !== ''),
        ...finalSaves,
      ];
      break;
    case 'commands':
      lines = [
        ...commandLines(rules.v4, 4),
        ...commandLines(rules.v6, 6),
        ...(era.finalSave ? finalSaves : []),
      ];
      break;
    case 'script':
      lines = [...scriptLines(rules.v4, 4), ...scriptLines(rules.v6, 6)];
      break;
    default:
      return assertNever(era.dryRun);
  }
  return lines.map((line) => `${line}\n`).join('');
}
