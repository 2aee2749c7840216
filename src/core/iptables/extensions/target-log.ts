/** LOG, NFLOG, REJECT, TRACE, CHECKSUM. */
import { quoteSaveString } from '../lex.ts';
import type { RuleOption } from '../model.ts';
import { parseUint } from '../numbers.ts';
import { arg, collectOptions, fail, ok, opt, type ExtensionSpec } from './types.ts';

const LOG_LEVELS: Readonly<Record<string, number>> = {
  alert: 1,
  crit: 2,
  debug: 7,
  emerg: 0,
  error: 3,
  info: 6,
  notice: 5,
  panic: 0,
  warning: 4,
};
const LOG_FLAGS: readonly (readonly [string, number])[] = [
  ['log-tcp-sequence', 0x01],
  ['log-tcp-options', 0x02],
  ['log-ip-options', 0x04],
  ['log-uid', 0x08],
  ['log-macdecode', 0x20],
];

export const logTarget: ExtensionSpec = {
  name: 'LOG',
  kind: 'target',
  options: [
    { name: 'log-level', args: 1 },
    { name: 'log-prefix', args: 1 },
    ...LOG_FLAGS.map(([name]) => ({ name, args: 0 }) as const),
  ],
  textOptions: new Set(['log-prefix']),
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const out: RuleOption[] = [];
    const prefix = byName.byName.get('log-prefix');
    if (prefix) {
      const text = arg(prefix);
      if (text.length === 0)
        return fail('Argument must have a minimum length of 1 characters', prefix.index);
      if (text.length > 29) return fail('Maximum prefix length 29 for --log-prefix', prefix.index);
      if (text.includes('\n')) return fail('Newlines not allowed in --log-prefix', prefix.index);
      out.push(opt('log-prefix', [text]));
    }
    const level = byName.byName.get('log-level');
    if (level) {
      const n = parseUint(arg(level), 7) ?? LOG_LEVELS[arg(level)];
      if (n === undefined) return fail(`log level "${arg(level)}" unknown`, level.index);
      if (n !== 4) out.push(opt('log-level', [String(n)]));
    }
    for (const [name] of LOG_FLAGS) if (byName.byName.has(name)) out.push(opt(name));
    return ok(out);
  },
  list(options) {
    let flags = 0;
    for (const [name, bit] of LOG_FLAGS) if (options.some((o) => o.name === name)) flags |= bit;
    const level = options.find((o) => o.name === 'log-level')?.args[0] ?? '4';
    const prefix = options.find((o) => o.name === 'log-prefix')?.args[0];
    return ` LOG flags ${flags} level ${level}${prefix === undefined ? '' : ` prefix "${prefix}"`}`;
  },
};

export const nflogTarget: ExtensionSpec = {
  name: 'NFLOG',
  kind: 'target',
  options: [
    { name: 'nflog-group', args: 1 },
    { name: 'nflog-prefix', args: 1 },
    { name: 'nflog-range', args: 1 },
    { name: 'nflog-size', args: 1 },
    { name: 'nflog-threshold', args: 1 },
  ],
  textOptions: new Set(['nflog-prefix']),
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const out: RuleOption[] = [];
    const prefix = byName.byName.get('nflog-prefix');
    if (prefix) {
      if (arg(prefix).length > 63)
        return fail('NFLOG: Maximum prefix length 63 for --nflog-prefix', prefix.index);
      if (arg(prefix) !== '') out.push(opt('nflog-prefix', [arg(prefix)]));
    }
    const num = (name: string, max: number): number | undefined | 'bad' => {
      const o = byName.byName.get(name);
      return o ? (parseUint(arg(o), max) ?? 'bad') : undefined;
    };
    const group = num('nflog-group', 0xffff);
    const size = num('nflog-size', 0xffffffff);
    const range = num('nflog-range', 0xffffffff);
    const threshold = num('nflog-threshold', 0xffff);
    if (group === 'bad' || size === 'bad' || range === 'bad' || threshold === 'bad')
      return fail('NFLOG: bad number');
    if (group !== undefined && group !== 0) out.push(opt('nflog-group', [String(group)]));
    // nf_tables has no "range" without the copy-length flag: iptables-nft drops --nflog-range.
    if (size !== undefined) out.push(opt('nflog-size', [String(size)]));
    // Measured: an explicit threshold is printed even when it is the default 1.
    if (threshold !== undefined) out.push(opt('nflog-threshold', [String(threshold)]));
    return ok(out);
  },
  list(options) {
    return options
      .map(
        (o) =>
          ` ${o.name} ${o.name === 'nflog-prefix' ? quoteSaveString(o.args[0] ?? '') : (o.args[0] ?? '')}`,
      )
      .join('');
  },
};

const REJECT4: readonly (readonly [string, string])[] = [
  ['icmp-net-unreachable', 'net-unreach'],
  ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-proto-unreachable', 'prot-unreach'],
  ['icmp-port-unreachable', 'port-unreach'],
  ['icmp-net-prohibited', 'net-prohib'],
  ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'],
  ['icmp-admin-prohibited', 'admin-prohib'],
];
const REJECT6: readonly (readonly [string, string])[] = [
  ['icmp6-no-route', 'no-route'],
  ['icmp6-adm-prohibited', 'adm-prohibited'],
  ['icmp6-addr-unreachable', 'addr-unreach'],
  ['icmp6-port-unreachable', 'port-unreach'],
  ['tcp-reset', 'tcp-reset'],
  ['icmp6-policy-fail', 'policy-fail'],
  ['icmp6-reject-route', 'reject-route'],
];

export const rejectTarget: ExtensionSpec = {
  name: 'REJECT',
  kind: 'target',
  constraint: () => ({ tables: ['filter'], hooks: ['INPUT', 'FORWARD', 'OUTPUT'] }),
  options: [{ name: 'reject-with', args: 1 }],
  canonicalize(options, ctx) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const table = ctx.family === 4 ? REJECT4 : REJECT6;
    const o = byName.byName.get('reject-with');
    const fallback = ctx.family === 4 ? 'icmp-port-unreachable' : 'icmp6-port-unreachable';
    if (!o) return ok([opt('reject-with', [fallback])]);
    const text = arg(o).toLowerCase();
    const found = table.find(
      ([name, alias]) => text !== '' && (name.startsWith(text) || alias.startsWith(text)),
    );
    if (!found) return fail(`unknown reject type "${arg(o)}"`, o.index);
    if (found[0] === 'tcp-reset' && ctx.protocol !== 6)
      return fail('TCP RST can only be used with -p tcp', o.index);
    return ok([opt('reject-with', [found[0]])]);
  },
  list(options) {
    return ` reject-with ${options[0]?.args[0] ?? ''}`;
  },
};

function flagTarget(name: string, flags: readonly string[]): ExtensionSpec {
  return {
    name,
    kind: 'target',
    ...(name === 'CHECKSUM' ? { constraint: () => ({ tables: ['mangle'] }) } : {}),
    options: flags.map((f) => ({ name: f, args: 0 }) as const),
    canonicalize(options) {
      const byName = collectOptions(this, options);
      if (!byName.ok) return fail(byName.error, byName.optionIndex);
      return ok(flags.filter((f) => byName.byName.has(f)).map((f) => opt(f)));
    },
    list(options) {
      return name === 'CHECKSUM' ? (options.length > 0 ? ' CHECKSUM fill' : '') : '';
    },
  };
}

export const traceTarget = flagTarget('TRACE', []);
export const checksumTarget = flagTarget('CHECKSUM', ['checksum-fill']);
