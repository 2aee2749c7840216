/** Protocol matches: tcp, udp, icmp, icmp6, multiport (saved and listed as iptables v1.8.9 does). */
import type { RuleOption } from '../model.ts';
import { serviceNameOf } from '../netdb.ts';
import {
  ICMP6_TYPES,
  ICMP_TYPES,
  icmpTypeName,
  parseIcmpType,
  type IcmpType,
} from './icmp-types.ts';
import {
  formatPortRange,
  isFullRange,
  parsePortRange,
  parseServiceOrPort,
  type PortRange,
} from './ports.ts';
import {
  arg,
  collectOptions,
  fail,
  ok,
  opt,
  type ExtensionContext,
  type ExtensionSpec,
} from './types.ts';

const TCP_FLAGS: readonly (readonly [string, number])[] = [
  ['FIN', 0x01],
  ['SYN', 0x02],
  ['RST', 0x04],
  ['PSH', 0x08],
  ['ACK', 0x10],
  ['URG', 0x20],
  ['ALL', 0x3f],
  ['NONE', 0],
];

function parseTcpFlags(text: string): number | string {
  let value = 0;
  for (const name of text.split(',')) {
    const f = TCP_FLAGS.find(([n]) => n === name.toUpperCase());
    if (!f) return `Unknown TCP flag \`${name}'`;
    value |= f[1];
  }
  return value;
}

/** libxt_tcp print_tcpf: names in bit order, `NONE` for 0. */
export function formatTcpFlags(flags: number): string {
  const names: string[] = [];
  let rest = flags;
  for (const [name, bit] of TCP_FLAGS) {
    if (bit !== 0 && bit !== 0x3f && (rest & bit) !== 0) {
      names.push(name);
      rest &= ~bit;
    }
  }
  return names.length === 0 ? 'NONE' : names.join(',');
}

function hex2(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;
}

function portText(port: number, ctx: ExtensionContext, proto: 'tcp' | 'udp'): string {
  return ctx.numeric ? String(port) : (serviceNameOf(port, proto) ?? String(port));
}

/** libxt_tcp print_ports: ` dpt:80`, ` dpts:!1:2`. */
function listPorts(
  label: string,
  o: RuleOption | undefined,
  ctx: ExtensionContext,
  proto: 'tcp' | 'udp',
): string {
  if (!o) return '';
  const r = parsePortRange(o.args[0] ?? '', proto);
  if (typeof r === 'string') return '';
  const inv = o.negated ? '!' : '';
  if (r.min === r.max) return ` ${label}:${inv}${portText(r.min, ctx, proto)}`;
  return ` ${label}s:${inv}${portText(r.min, ctx, proto)}:${portText(r.max, ctx, proto)}`;
}

function canonicalPorts(
  names: readonly string[],
  byName: ReturnType<typeof collectOptions>,
  proto: 'tcp' | 'udp',
): RuleOption[] | { error: string; index: number } {
  if (!byName.ok) return { error: byName.error, index: byName.optionIndex };
  const out: RuleOption[] = [];
  for (const name of names) {
    const o = byName.byName.get(name);
    if (!o) continue;
    const r = parsePortRange(arg(o), proto);
    if (typeof r === 'string') return { error: r, index: o.index };
    // nf_tables drops a negated full range entirely and prints a plain full range as nothing.
    if (isFullRange(r)) continue;
    out.push(opt(name, [formatPortRange(r)], o.option.negated));
  }
  return out;
}

function portSpec(name: 'tcp' | 'udp'): ExtensionSpec['options'] {
  const base = [
    { name: 'sport', aliases: ['source-port'], args: 1, negatable: true },
    { name: 'dport', aliases: ['destination-port'], args: 1, negatable: true },
  ] as const;
  if (name === 'udp') return base;
  return [
    ...base,
    { name: 'tcp-flags', args: 2, negatable: true },
    { name: 'syn', args: 0, negatable: true },
    { name: 'tcp-option', args: 1, negatable: true },
  ];
}

export const tcpMatch: ExtensionSpec = {
  name: 'tcp',
  kind: 'match',
  options: portSpec('tcp'),
  canonicalize(options) {
    const byName = collectOptions(this, options);
    const ports = canonicalPorts(['sport', 'dport'], byName, 'tcp');
    if (!Array.isArray(ports)) return fail(ports.error, ports.index);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const out = [...ports];
    const option = byName.byName.get('tcp-option');
    if (option) {
      const n = /^[0-9]+$/.test(arg(option)) ? Number(arg(option)) : NaN;
      if (!(n >= 0 && n <= 255))
        return fail(`tcp: invalid TCP option \`${arg(option)}'`, option.index);
      out.push(opt('tcp-option', [String(n)], option.option.negated));
    }
    const flags = byName.byName.get('tcp-flags');
    const syn = byName.byName.get('syn');
    if (flags && syn)
      return fail('tcp: option "--syn" cannot be used together with "--tcp-flags".', syn.index);
    if (flags) {
      const mask = parseTcpFlags(arg(flags, 0));
      const cmp = parseTcpFlags(arg(flags, 1));
      if (typeof mask === 'string') return fail(mask, flags.index);
      if (typeof cmp === 'string') return fail(cmp, flags.index);
      out.push(opt('tcp-flags', [formatTcpFlags(mask), formatTcpFlags(cmp)], flags.option.negated));
    } else if (syn) {
      out.push(opt('tcp-flags', ['FIN,SYN,RST,ACK', 'SYN'], syn.option.negated));
    }
    return ok(out);
  },
  list(options, ctx) {
    const get = (n: string) => options.find((o) => o.name === n);
    let text =
      ' tcp' +
      listPorts('spt', get('sport'), ctx, 'tcp') +
      listPorts('dpt', get('dport'), ctx, 'tcp');
    const option = get('tcp-option');
    if (option) text += ` option=${option.negated ? '!' : ''}${option.args[0] ?? ''}`;
    const flags = get('tcp-flags');
    if (flags) {
      const mask = parseTcpFlags(flags.args[0] ?? '');
      const cmp = parseTcpFlags(flags.args[1] ?? '');
      const inv = flags.negated ? '!' : '';
      if (typeof mask === 'number' && typeof cmp === 'number') {
        text += ctx.numeric
          ? ` flags:${inv}${hex2(mask)}/${hex2(cmp)}`
          : ` flags:${inv}${formatTcpFlags(mask)}/${formatTcpFlags(cmp)}`;
      }
    }
    return text;
  },
};

export const udpMatch: ExtensionSpec = {
  name: 'udp',
  kind: 'match',
  options: portSpec('udp'),
  canonicalize(options) {
    const ports = canonicalPorts(['sport', 'dport'], collectOptions(this, options), 'udp');
    return Array.isArray(ports) ? ok(ports) : fail(ports.error, ports.index);
  },
  list(options, ctx) {
    const get = (n: string) => options.find((o) => o.name === n);
    return (
      ' udp' +
      listPorts('spt', get('sport'), ctx, 'udp') +
      listPorts('dpt', get('dport'), ctx, 'udp')
    );
  },
};

function icmpSpec(
  name: 'icmp' | 'icmp6',
  option: string,
  table: readonly IcmpType[],
): ExtensionSpec {
  const anyType = name === 'icmp' ? 0xff : -1;
  return {
    name,
    kind: 'match',
    families: name === 'icmp' ? [4] : [6],
    options: [{ name: option, args: 1, negatable: true }],
    canonicalize(options) {
      const byName = collectOptions(this, options);
      if (!byName.ok) return fail(byName.error, byName.optionIndex);
      const o = byName.byName.get(option);
      if (!o) return ok([]);
      const parsed = parseIcmpType(arg(o), table);
      if (typeof parsed === 'string') return fail(parsed, o.index);
      const full = parsed.codeMin === 0 && parsed.codeMax === 0xff;
      const text =
        parsed.type === anyType
          ? 'any'
          : full
            ? String(parsed.type)
            : `${parsed.type}/${parsed.codeMin}`;
      return ok([opt(option, [text], o.option.negated)]);
    },
    list(options, ctx) {
      const o = options[0];
      if (!o) return ` ${name === 'icmp' ? 'icmp' : 'ipv6-icmp'}`;
      const parsed = parseIcmpType(o.args[0] ?? '', table);
      if (typeof parsed === 'string') return '';
      const head = name === 'icmp' ? ' icmp' : ' ipv6-icmp';
      const named = ctx.numeric
        ? undefined
        : icmpTypeName(table, parsed.type, parsed.codeMin, parsed.codeMax);
      if (named !== undefined) return `${head} ${o.negated ? '!' : ''}${named}`;
      let text = `${head}${o.negated ? ' !' : ''}type ${parsed.type}`;
      if (parsed.codeMin === parsed.codeMax) text += ` code ${parsed.codeMin}`;
      else if (parsed.codeMin !== 0 || parsed.codeMax !== 0xff)
        text += ` codes ${parsed.codeMin}-${parsed.codeMax}`;
      return text;
    },
  };
}

export const icmpMatch = icmpSpec('icmp', 'icmp-type', ICMP_TYPES);
export const icmp6Match = icmpSpec('icmp6', 'icmpv6-type', ICMP6_TYPES);

const MULTIPORT_PROTOCOLS = new Set([6, 17, 33, 132, 136]);

function parseMultiportList(
  text: string,
  proto: 'tcp' | 'udp' | undefined,
): { items: PortRange[]; count: number } | string {
  const items: PortRange[] = [];
  let count = 0;
  for (const part of text.split(',')) {
    const colon = part.indexOf(':');
    const a = parseServiceOrPort(colon < 0 ? part : part.slice(0, colon), proto);
    const b = colon < 0 ? a : parseServiceOrPort(part.slice(colon + 1), proto);
    if (a === undefined || b === undefined) return `invalid port/service \`${part}' specified`;
    if (colon >= 0 && a >= b) return 'invalid portrange specified';
    items.push({ min: a, max: b });
    count += colon >= 0 ? 2 : 1;
  }
  if (count > 15) return 'too many ports specified';
  return { items, count };
}

function formatMultiport(items: readonly PortRange[], text: (n: number) => string): string {
  return items
    .map((r) => (r.min === r.max ? text(r.min) : `${text(r.min)}:${text(r.max)}`))
    .join(',');
}

const MULTIPORT_KINDS = ['sports', 'dports', 'ports'] as const;

export const multiportMatch: ExtensionSpec = {
  name: 'multiport',
  kind: 'match',
  options: [
    { name: 'sports', aliases: ['source-ports'], args: 1, negatable: true },
    { name: 'dports', aliases: ['destination-ports'], args: 1, negatable: true },
    { name: 'ports', args: 1, negatable: true },
  ],
  canonicalize(options, ctx) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const present = MULTIPORT_KINDS.filter((k) => byName.byName.has(k));
    if (present.length > 1) {
      const second = byName.byName.get(present[1] ?? '');
      return fail(
        'multiport: option "--source-ports" cannot be used together with "--destination-ports".',
        second?.index,
      );
    }
    if (ctx.protocol === undefined || !MULTIPORT_PROTOCOLS.has(ctx.protocol)) {
      return fail("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
    }
    const kind = present[0];
    const o = kind === undefined ? undefined : byName.byName.get(kind);
    if (kind === undefined || !o) return fail('multiport expects an option');
    const proto = ctx.protocol === 17 ? 'udp' : 'tcp';
    const parsed = parseMultiportList(arg(o), proto);
    if (typeof parsed === 'string') return fail(parsed, o.index);
    return ok([opt(kind, [formatMultiport(parsed.items, String)], o.option.negated)]);
  },
  list(options, ctx) {
    const o = options[0];
    if (!o) return ' multiport';
    const proto = ctx.protocol === 17 ? 'udp' : 'tcp';
    const parsed = parseMultiportList(o.args[0] ?? '', proto);
    if (typeof parsed === 'string') return '';
    const text = (n: number) => (ctx.numeric ? String(n) : (serviceNameOf(n, proto) ?? String(n)));
    return ` multiport ${o.name} ${o.negated ? ' !' : ''}${formatMultiport(parsed.items, text)}`;
  },
};
