/** conntrack, state, addrtype: connection and address-class matches. */
import { formatListAddress, parseAddressList, type Family } from '../address.ts';
import type { RuleOption } from '../model.ts';
import { protocolNumberOf } from '../netdb.ts';
import { parseUint } from '../numbers.ts';
import { formatPortRange, parsePortRange } from './ports.ts';
import {
  arg,
  collectOptions,
  fail,
  ok,
  opt,
  type CanonicalResult,
  type ExtensionSpec,
  type Occurrence,
} from './types.ts';

/** Bit order of libxt_conntrack print_state. */
export const CT_STATES = [
  'INVALID',
  'NEW',
  'RELATED',
  'ESTABLISHED',
  'UNTRACKED',
  'SNAT',
  'DNAT',
] as const;
const CT_STATUS = ['EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED'] as const;

function orderedList(
  text: string,
  names: readonly string[],
  what: string,
  allowNone: boolean,
): string | { error: string } {
  const seen = new Set<string>();
  for (const item of text.split(',')) {
    const up = item.toUpperCase();
    if (allowNone && up === 'NONE') continue;
    if (!names.includes(up)) return { error: `Bad ${what} "${item}"` };
    seen.add(up);
  }
  const out = names.filter((n) => seen.has(n));
  return out.length === 0 ? 'NONE' : out.join(',');
}

/** Generic ` [!] --name args` / ` [!] name args` printing shared by save-like list formats. */
export function listLikeSave(options: readonly RuleOption[], prefix: string): string {
  return options
    .map((o) => `${o.negated ? ' !' : ''} ${prefix}${o.name}${o.args.map((a) => ` ${a}`).join('')}`)
    .join('');
}

function canonicalCtAddress(o: Occurrence, family: Family): RuleOption | string {
  const parsed = parseAddressList(arg(o), family);
  const first = parsed?.[0];
  if (!first || parsed.length !== 1) return `conntrack: bad address "${arg(o)}"`;
  return opt(o.spec.name, [formatListAddress(first)], o.option.negated);
}

const CT_ORDER = [
  'ctstate',
  'ctproto',
  'ctorigsrc',
  'ctorigdst',
  'ctreplsrc',
  'ctrepldst',
  'ctorigsrcport',
  'ctorigdstport',
  'ctreplsrcport',
  'ctrepldstport',
  'ctstatus',
  'ctexpire',
  'ctdir',
] as const;

function canonicalCtOption(
  name: (typeof CT_ORDER)[number],
  o: Occurrence,
  family: Family,
): RuleOption | string {
  const neg = o.option.negated;
  switch (name) {
    case 'ctstate': {
      const v = orderedList(arg(o), CT_STATES, 'ctstate value', false);
      return typeof v === 'string' ? opt(name, [v], neg) : v.error;
    }
    case 'ctstatus': {
      const v = orderedList(arg(o), CT_STATUS, 'ctstatus value', true);
      return typeof v === 'string' ? opt(name, [v], neg) : v.error;
    }
    case 'ctproto': {
      const n = parseUint(arg(o), 255) ?? protocolNumberOf(arg(o).toLowerCase());
      if (n === undefined) return `unknown protocol "${arg(o)}" specified`;
      if (n === 0) return 'conntrack: rule would never match protocol';
      return opt(name, [String(n)], neg);
    }
    case 'ctorigsrc':
    case 'ctorigdst':
    case 'ctreplsrc':
    case 'ctrepldst':
      return canonicalCtAddress(o, family);
    case 'ctorigsrcport':
    case 'ctorigdstport':
    case 'ctreplsrcport':
    case 'ctrepldstport': {
      const r = parsePortRange(arg(o));
      return typeof r === 'string' ? r : opt(name, [formatPortRange(r)], neg);
    }
    case 'ctexpire': {
      const [a = '', b] = arg(o).split(':');
      const min = parseUint(a, 0xffffffff);
      const max = b === undefined ? min : parseUint(b, 0xffffffff);
      if (min === undefined || max === undefined || min > max)
        return `conntrack: bad expire "${arg(o)}"`;
      return opt(name, [min === max ? String(min) : `${min}:${max}`], neg);
    }
    case 'ctdir': {
      const v = arg(o).toUpperCase();
      if (v !== 'ORIGINAL' && v !== 'REPLY') return `Unknown --ctdir value "${arg(o)}"`;
      return opt(name, [v]);
    }
  }
}

export const conntrackMatch: ExtensionSpec = {
  name: 'conntrack',
  kind: 'match',
  options: CT_ORDER.map((name) => ({ name, args: 1, negatable: name !== 'ctdir' }) as const),
  canonicalize(options, ctx): CanonicalResult {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const out: RuleOption[] = [];
    for (const name of CT_ORDER) {
      const o = byName.byName.get(name);
      if (!o) continue;
      const c = canonicalCtOption(name, o, ctx.family);
      if (typeof c === 'string') return fail(c, o.index);
      out.push(c);
    }
    if (out.length === 0) return fail('conntrack: At least one option is required');
    return ok(out);
  },
  list(options) {
    return listLikeSave(options, '');
  },
};

export const stateMatch: ExtensionSpec = {
  name: 'state',
  kind: 'match',
  options: [{ name: 'state', args: 1, negatable: true }],
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const o = byName.byName.get('state');
    if (!o) return fail('state: option "--state" must be specified');
    const v = orderedList(arg(o), CT_STATES.slice(0, 5), 'state', false);
    if (typeof v !== 'string') return fail(v.error, o.index);
    return ok([opt('state', [v], o.option.negated)]);
  },
  list(options) {
    return listLikeSave(options, '');
  },
};

const ADDR_TYPES = [
  'UNSPEC',
  'UNICAST',
  'LOCAL',
  'BROADCAST',
  'ANYCAST',
  'MULTICAST',
  'BLACKHOLE',
  'UNREACHABLE',
  'PROHIBIT',
  'THROW',
  'NAT',
  'XRESOLVE',
] as const;

export const addrtypeMatch: ExtensionSpec = {
  name: 'addrtype',
  kind: 'match',
  constraint(options) {
    if (options.some((o) => o.name === 'limit-iface-in'))
      return { hooks: ['PREROUTING', 'INPUT', 'FORWARD'] };
    if (options.some((o) => o.name === 'limit-iface-out'))
      return { hooks: ['OUTPUT', 'POSTROUTING', 'FORWARD'] };
    return undefined;
  },
  options: [
    { name: 'src-type', args: 1, negatable: true },
    { name: 'dst-type', args: 1, negatable: true },
    { name: 'limit-iface-in', args: 0 },
    { name: 'limit-iface-out', args: 0 },
  ],
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const inIface = byName.byName.get('limit-iface-in');
    const outIface = byName.byName.get('limit-iface-out');
    if (inIface && outIface) {
      return fail(
        'addrtype: option "--limit-iface-in" cannot be used together with "--limit-iface-out".',
        outIface.index,
      );
    }
    const out: RuleOption[] = [];
    for (const name of ['src-type', 'dst-type'] as const) {
      const o = byName.byName.get(name);
      if (!o) continue;
      const v = orderedList(arg(o), ADDR_TYPES, 'address type', false);
      if (typeof v !== 'string') return fail(`addrtype: ${v.error}`, o.index);
      out.push(opt(name, [v], o.option.negated));
    }
    if (out.length === 0) return fail('addrtype: you must specify --src-type or --dst-type');
    if (inIface) out.push(opt('limit-iface-in'));
    if (outIface) out.push(opt('limit-iface-out'));
    return ok(out);
  },
  list(options) {
    let text = ' ADDRTYPE match';
    for (const o of options) {
      if (o.name === 'limit-iface-in') text += ' limit-in';
      else if (o.name === 'limit-iface-out') text += ' limit-out';
      else text += ` ${o.name} ${o.negated ? '!' : ''}${o.args[0] ?? ''}`;
    }
    return text;
  },
};
