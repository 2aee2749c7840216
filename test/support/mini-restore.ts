/**
 * Test-only: a minimal iptables-restore reader for the simulator's unit tests, so that they do not
 * depend on the full parser's diagnostics. Handles `*table`, `:CHAIN POLICY`, `-N`, `-P`, `-A`,
 * `-I CHAIN N`, `COMMIT`, single-quoted words, and `!` before options.
 */
import type {
  Chain,
  Match,
  Negatable,
  Rule,
  RuleOption,
  Ruleset,
  Table,
  TableName,
  Target,
} from '../../src/core/iptables/model.ts';
import { BUILTIN_CHAINS, TABLE_NAMES } from '../../src/core/iptables/model.ts';
import type { IpFamily } from '../../src/core/shared/ip.ts';

const VERDICTS = new Set(['ACCEPT', 'DROP', 'RETURN', 'QUEUE']);
const EXTENSION_TARGETS = new Set([
  'REDIRECT',
  'DNAT',
  'SNAT',
  'MASQUERADE',
  'TPROXY',
  'MARK',
  'CONNMARK',
  'CT',
  'LOG',
  'NFLOG',
  'REJECT',
  'NOTRACK',
  'TRACE',
  'FOO',
]);

function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

function parseRule(ws: string[]): Rule {
  const rule: { -readonly [K in keyof Rule]?: Rule[K] } & { matches: Match[] } = { matches: [] };
  let negate = false;
  let current: { module: string; options: RuleOption[]; implicit: boolean } | undefined;
  let target: { name: string; options: RuleOption[]; goto: boolean } | undefined;
  const neg = <T>(value: T): Negatable<T> => ({ negated: negate, value });
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] ?? '';
    const next = () => ws[++i] ?? '';
    if (w === '!') {
      negate = true;
      continue;
    }
    if (w === '-p') rule.protocol = neg(next());
    else if (w === '-s') rule.source = neg(next());
    else if (w === '-d') rule.destination = neg(next());
    else if (w === '-i') rule.inInterface = neg(next());
    else if (w === '-o') rule.outInterface = neg(next());
    else if (w === '-m') {
      current = { module: next(), options: [], implicit: false };
      rule.matches.push(current as Match & typeof current);
    } else if (w === '-j' || w === '-g') {
      target = { name: next(), options: [], goto: w === '-g' };
      current = undefined;
    } else if (w.startsWith('--')) {
      const args: string[] = [];
      while (i + 1 < ws.length && !(ws[i + 1] ?? '').startsWith('-') && ws[i + 1] !== '!')
        args.push(next());
      const option: RuleOption = { name: w.slice(2), negated: negate, args };
      if (target) target.options.push(option);
      else {
        if (!current && (w === '--dport' || w === '--sport')) {
          current = { module: rule.protocol?.value ?? 'tcp', options: [], implicit: true };
          rule.matches.push(current as Match & typeof current);
        }
        current?.options.push(option);
      }
    } else throw new Error(`mini-restore: unexpected word ${w}`);
    negate = false;
  }
  for (const m of rule.matches) Object.assign(m, { known: true });
  if (target) {
    let t: Target;
    if (target.goto) t = { kind: 'goto', chain: target.name };
    else if (VERDICTS.has(target.name)) t = { kind: 'verdict', verdict: target.name as 'ACCEPT' };
    else if (EXTENSION_TARGETS.has(target.name))
      t = {
        kind: 'extension',
        name: target.name,
        options: target.options,
        known: target.name !== 'FOO',
      };
    else t = { kind: 'jump', chain: target.name };
    rule.target = t;
  }
  return rule;
}

/** Reads restore text into a Ruleset (tables in TABLE_NAMES order, built-ins first). */
export function miniRestore(text: string, family: IpFamily = 4): Ruleset {
  const tables = new Map<
    TableName,
    Map<string, { builtin: boolean; policy?: 'ACCEPT' | 'DROP'; rules: Rule[] }>
  >();
  let table:
    Map<string, { builtin: boolean; policy?: 'ACCEPT' | 'DROP'; rules: Rule[] }> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line === 'COMMIT') continue;
    if (line.startsWith('*')) {
      const name = line.slice(1).trim() as TableName;
      table =
        tables.get(name) ??
        new Map(
          BUILTIN_CHAINS[name].map((c) => [
            c,
            { builtin: true, policy: 'ACCEPT' as const, rules: [] },
          ]),
        );
      tables.set(name, table);
      continue;
    }
    if (!table) throw new Error('mini-restore: rule outside a table');
    const ws = words(line);
    const [cmd, chain = '', ...rest] = ws;
    if (line.startsWith(':')) {
      const [name = '', policy = '-'] = line.slice(1).split(' ');
      const c = table.get(name) ?? { builtin: false, rules: [] };
      if (policy === 'ACCEPT' || policy === 'DROP') c.policy = policy;
      table.set(name, c);
    } else if (cmd === '-N') table.set(chain, { builtin: false, rules: [] });
    else if (cmd === '-P') {
      const c = table.get(chain);
      if (c) c.policy = rest[0] as 'ACCEPT';
    } else if (cmd === '-A') table.get(chain)?.rules.push(parseRule(rest));
    else if (cmd === '-I') {
      const pos = /^[0-9]+$/.test(rest[0] ?? '') ? Number(rest.shift()) : 1;
      table.get(chain)?.rules.splice(pos - 1, 0, parseRule(rest));
    } else throw new Error(`mini-restore: unexpected line ${line}`);
  }
  const out: Table[] = [];
  for (const name of TABLE_NAMES) {
    const t = tables.get(name);
    if (!t) continue;
    const chains: Chain[] = [...t].map(([n, c]) => ({
      name: n,
      builtin: c.builtin,
      ...(c.policy ? { policy: c.policy } : {}),
      rules: c.rules,
    }));
    out.push({ name, chains });
  }
  return { family, tables: out };
}
