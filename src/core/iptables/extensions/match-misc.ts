/** limit, statistic, physdev, iprange. */
import { formatHost, parseIptablesIPv4 } from '../address.ts';
import { parseIPv6 } from '../../shared/ip.ts';
import type { RuleOption } from '../model.ts';
import { formatFixedBinaryFraction, parseUint } from '../numbers.ts';
import { listLikeSave } from './match-state.ts';
import { arg, collectOptions, fail, ok, opt, type ExtensionSpec } from './types.ts';

const LIMIT_SCALE = 10000;
const RATE_UNITS: readonly (readonly [string, number])[] = [
  ['day', LIMIT_SCALE * 24 * 60 * 60],
  ['hour', LIMIT_SCALE * 60 * 60],
  ['min', LIMIT_SCALE * 60],
  ['sec', LIMIT_SCALE],
];

/** libxt_limit parse_rate: `N[/second|minute|hour|day]` (unit prefixes allowed) → period. */
function parseRate(text: string): number | string {
  const slash = text.indexOf('/');
  let mult = 1;
  if (slash >= 0) {
    const unit = text.slice(slash + 1).toLowerCase();
    const units: readonly (readonly [string, number])[] = [
      ['second', 1],
      ['minute', 60],
      ['hour', 3600],
      ['day', 86400],
    ];
    const found = unit === '' ? undefined : units.find(([name]) => name.startsWith(unit));
    if (!found) return `bad rate "${text}"'`;
    mult = found[1];
  }
  const m = /^\s*[+]?([0-9]+)/.exec(text);
  const r = m ? Number(m[1]) : 0;
  if (!r || r > 0xffffffff) return `bad rate "${text}"'`;
  const period = Math.floor((LIMIT_SCALE * mult) / r);
  if (period === 0) return `Rate too fast "${text}"`;
  return period;
}

/** libxt_limit print_rate: the largest unit that still shows the rate without losing much. */
function formatRate(period: number): string {
  let i = 1;
  for (; i < RATE_UNITS.length; i++) {
    const mult = RATE_UNITS[i]?.[1] ?? 1;
    if (period > mult || Math.floor(mult / period) < mult % period) break;
  }
  const [name, mult] = RATE_UNITS[i - 1] ?? ['sec', LIMIT_SCALE];
  return `${Math.floor(mult / period)}/${name}`;
}

export const limitMatch: ExtensionSpec = {
  name: 'limit',
  kind: 'match',
  options: [
    { name: 'limit', args: 1 },
    { name: 'limit-burst', args: 1 },
  ],
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const rate = byName.byName.get('limit');
    const period = rate ? parseRate(arg(rate)) : Math.floor((LIMIT_SCALE * 3600) / 3);
    if (typeof period === 'string') return fail(period, rate?.index);
    const burstOpt = byName.byName.get('limit-burst');
    const burst = burstOpt ? parseUint(arg(burstOpt), 10000) : 5;
    if (burst === undefined)
      return fail(`limit: bad value for option "--limit-burst"`, burstOpt?.index);
    const out = [opt('limit', [formatRate(period)])];
    if (burst !== 5) out.push(opt('limit-burst', [String(burst)]));
    return ok(out);
  },
  list(options) {
    const rate = options.find((o) => o.name === 'limit')?.args[0] ?? '';
    const burst = options.find((o) => o.name === 'limit-burst')?.args[0] ?? '5';
    return ` limit: avg ${rate} burst ${burst}`;
  },
};

export const statisticMatch: ExtensionSpec = {
  name: 'statistic',
  kind: 'match',
  options: [
    { name: 'mode', args: 1 },
    { name: 'probability', args: 1, negatable: true },
    { name: 'every', args: 1, negatable: true },
    { name: 'packet', args: 1 },
  ],
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const get = (n: string) => byName.byName.get(n);
    const mode = get('mode');
    const negated = [...byName.byName.values()].some((o) => o.option.negated);
    if (arg(mode) === 'random') {
      const p = get('probability');
      if (!p) return fail('--probability must be specified when using random mode', mode?.index);
      const text = arg(p);
      const value = /^\s*[+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : NaN;
      if (!(value >= 0 && value <= 1))
        return fail(`statistic: invalid --probability "${text}"`, p.index);
      const stored = Math.round(0x80000000 * value);
      return ok([
        opt('mode', ['random']),
        opt('probability', [formatFixedBinaryFraction(stored, 31, 11)], negated),
      ]);
    }
    if (arg(mode) === 'nth') {
      const every = parseUint(arg(get('every')), 0xffffffff, 1);
      if (every === undefined)
        return fail('--every must be specified when using nth mode', mode?.index);
      const packet = get('packet') ? parseUint(arg(get('packet')), 0xffffffff) : 0;
      if (packet === undefined || packet > every - 1)
        return fail('the --packet p must be 0 <= p <= n-1', get('packet')?.index);
      if (get('every') && !get('packet'))
        return fail('statistic: option "--every" also requires "--packet".');
      return ok([
        opt('mode', ['nth']),
        opt('every', [String(every)], negated),
        opt('packet', [String(packet)]),
      ]);
    }
    return fail(`statistic: bad mode "${arg(mode)}"`, mode?.index);
  },
  list(options) {
    const shown = options.filter((o) => !(o.name === 'packet' && o.args[0] === '0'));
    return ' statistic' + listLikeSave(shown, '');
  },
};

const PHYSDEV_ORDER = [
  'physdev-is-in',
  'physdev-in',
  'physdev-is-out',
  'physdev-out',
  'physdev-is-bridged',
] as const;

export const physdevMatch: ExtensionSpec = {
  name: 'physdev',
  kind: 'match',
  options: [
    { name: 'physdev-in', args: 1, negatable: true },
    { name: 'physdev-out', args: 1, negatable: true },
    { name: 'physdev-is-in', args: 0, negatable: true },
    { name: 'physdev-is-out', args: 0, negatable: true },
    { name: 'physdev-is-bridged', args: 0, negatable: true },
  ],
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const out: RuleOption[] = [];
    for (const name of PHYSDEV_ORDER) {
      const o = byName.byName.get(name);
      if (o) out.push(opt(name, o.option.args, o.option.negated));
    }
    if (out.length === 0) return fail('PHYSDEV: no physdev option specified');
    return ok(out);
  },
  list(options) {
    return ' PHYSDEV match' + listLikeSave(options, '--');
  },
};

export const iprangeMatch: ExtensionSpec = {
  name: 'iprange',
  kind: 'match',
  options: [
    { name: 'src-range', args: 1, negatable: true },
    { name: 'dst-range', args: 1, negatable: true },
  ],
  canonicalize(options, ctx) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const out: RuleOption[] = [];
    for (const name of ['src-range', 'dst-range'] as const) {
      const o = byName.byName.get(name);
      if (!o) continue;
      const [a = '', b] = arg(o).split('-');
      const parse = (s: string) => (ctx.family === 4 ? parseIptablesIPv4(s) : parseIPv6(s));
      const lo = parse(a);
      const hi = b === undefined ? lo : parse(b);
      if (lo === undefined || hi === undefined)
        return fail(`iprange: bad range "${arg(o)}"`, o.index);
      out.push(
        opt(
          name,
          [`${formatHost(ctx.family, lo)}-${formatHost(ctx.family, hi)}`],
          o.option.negated,
        ),
      );
    }
    if (out.length === 0)
      return fail("iprange match: You must specify `--src-range' or `--dst-range'");
    return ok(out);
  },
  list(options) {
    return options
      .map(
        (o) =>
          ` ${o.name === 'src-range' ? 'source' : 'destination'} IP range ${o.negated ? '! ' : ''}${o.args[0] ?? ''}`,
      )
      .join('');
  },
};

const RPFILTER_FLAGS = ['loose', 'validmark', 'accept-local', 'invert'] as const;

export const rpfilterMatch: ExtensionSpec = {
  name: 'rpfilter',
  kind: 'match',
  constraint: () => ({ tables: ['raw', 'mangle'], hooks: ['PREROUTING'] }),
  options: RPFILTER_FLAGS.map((name) => ({ name, args: 0 }) as const),
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    return ok(RPFILTER_FLAGS.filter((f) => byName.byName.has(f)).map((f) => opt(f)));
  },
  list(options) {
    return ' rpfilter' + options.map((o) => ` ${o.name}`).join('');
  },
};
