/** MARK, CONNMARK, CT, NOTRACK. */
import type { RuleOption } from '../model.ts';
import { UINT32_MAX, hex, parseMarkMask, parseUint } from '../numbers.ts';
import {
  arg,
  collectOptions,
  fail,
  ok,
  opt,
  type ExtensionSpec,
  type Occurrence,
  type OptionBag,
} from './types.ts';

const SET_OPS = ['set-xmark', 'set-mark', 'and-mark', 'or-mark', 'xor-mark'] as const;

/** The (value, mask) pair every MARK/CONNMARK set operation is stored as. */
function xmarkOf(o: Occurrence): { value: number; mask: number } | undefined {
  const text = arg(o);
  switch (o.spec.name) {
    case 'set-xmark':
      return parseMarkMask(text);
    case 'set-mark': {
      const m = parseMarkMask(text);
      return m && { value: m.value, mask: (m.mask | m.value) >>> 0 };
    }
    case 'and-mark': {
      const v = parseUint(text, UINT32_MAX);
      return v === undefined ? undefined : { value: 0, mask: ~v >>> 0 };
    }
    case 'or-mark': {
      const v = parseUint(text, UINT32_MAX);
      return v === undefined ? undefined : { value: v, mask: v };
    }
    case 'xor-mark': {
      const v = parseUint(text, UINT32_MAX);
      return v === undefined ? undefined : { value: v, mask: 0 };
    }
    default:
      return undefined;
  }
}

/** libxt_MARK/CONNMARK print: how `iptables -L` names a (value, mask) operation. */
function describeXmark(prefix: string, value: number, mask: number): string {
  if (value === 0) return ` ${prefix} and ${hex(~mask >>> 0)}`;
  if (value === mask) return ` ${prefix} or ${hex(value)}`;
  if (mask === 0) return ` ${prefix} xor ${hex(value)}`;
  if (mask === UINT32_MAX) return ` ${prefix} set ${hex(value)}`;
  return ` ${prefix} xset ${hex(value)}/${hex(mask)}`;
}

function parseXmarkArg(text: string): { value: number; mask: number } | undefined {
  return parseMarkMask(text);
}

function pickOne(name: string, byName: OptionBag, ops: readonly string[]): Occurrence | string {
  const present = ops.map((n) => byName.get(n)).filter((o): o is Occurrence => o !== undefined);
  const [first, second] = present;
  if (!first)
    return `${name}: One of the --set-xmark, --{and,or,xor,set}-mark, --save-mark or --restore-mark is required`;
  if (second)
    return `${name}: option "--${first.spec.name}" cannot be used together with "--${second.spec.name}".`;
  return first;
}

export const markTarget: ExtensionSpec = {
  name: 'MARK',
  kind: 'target',
  options: SET_OPS.map((name) => ({ name, args: 1 }) as const),
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const o = pickOne('MARK', byName.byName, SET_OPS);
    if (typeof o === 'string') return fail(o);
    const m = xmarkOf(o);
    if (!m) return fail(`MARK: bad value for option "--${o.spec.name}"`, o.index);
    return ok([opt('set-xmark', [`${hex(m.value)}/${hex(m.mask)}`])]);
  },
  list(options) {
    const m = parseXmarkArg(options[0]?.args[0] ?? '');
    return m ? describeXmark('MARK', m.value, m.mask) : '';
  },
};

const CONNMARK_OPS = [...SET_OPS, 'save-mark', 'restore-mark'] as const;

export const connmarkTarget: ExtensionSpec = {
  name: 'CONNMARK',
  kind: 'target',
  options: [
    ...SET_OPS.map((name) => ({ name, args: 1 }) as const),
    { name: 'save-mark', args: 0 },
    { name: 'restore-mark', args: 0 },
    { name: 'mask', args: 1 },
    { name: 'nfmask', args: 1 },
    { name: 'ctmask', args: 1 },
  ],
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const o = pickOne('CONNMARK', byName.byName, CONNMARK_OPS);
    if (typeof o === 'string') return fail(o);
    if (o.spec.name !== 'save-mark' && o.spec.name !== 'restore-mark') {
      const m = xmarkOf(o);
      if (!m) return fail(`CONNMARK: bad value for option "--${o.spec.name}"`, o.index);
      return ok([opt('set-xmark', [`${hex(m.value)}/${hex(m.mask)}`])]);
    }
    const readMask = (n: string): number | undefined | 'bad' => {
      const occ = byName.byName.get(n);
      if (!occ) return undefined;
      return parseUint(arg(occ), UINT32_MAX) ?? 'bad';
    };
    const mask = readMask('mask');
    const nf = readMask('nfmask') ?? mask ?? UINT32_MAX;
    const ct = readMask('ctmask') ?? mask ?? UINT32_MAX;
    if (nf === 'bad' || ct === 'bad') return fail('CONNMARK: bad mask');
    return ok([opt(o.spec.name), opt('nfmask', [hex(nf)]), opt('ctmask', [hex(ct)])]);
  },
  list(options) {
    const [op, nfOpt, ctOpt] = options;
    if (op?.name === 'set-xmark') {
      const m = parseXmarkArg(op.args[0] ?? '');
      return m ? describeXmark('CONNMARK', m.value, m.mask) : '';
    }
    const nf = nfOpt?.args[0] ?? '';
    const ct = ctOpt?.args[0] ?? '';
    const all = hex(UINT32_MAX);
    if (op?.name === 'save-mark') {
      if (nf === all && ct === all) return ' CONNMARK save';
      return nf === ct ? ` CONNMARK save mask ${nf}` : ` CONNMARK save nfmask ${nf} ctmask ~${ct}`;
    }
    if (nf === all && ct === all) return ' CONNMARK restore';
    return nf === ct
      ? ` CONNMARK restore mask ${nf}`
      : ` CONNMARK restore ctmask ${ct} nfmask ~${nf}`;
  },
};

const CT_EVENTS = [
  'new',
  'related',
  'destroy',
  'reply',
  'assured',
  'protoinfo',
  'helper',
  'mark',
  'natseqinfo',
  'secmark',
];
const CT_EXP_EVENTS = ['new'];

function orderedEvents(text: string, names: readonly string[]): string | undefined {
  const items = text.split(',');
  if (!items.every((i) => names.includes(i))) return undefined;
  return names.filter((n) => items.includes(n)).join(',');
}

const CT_ZONES = ['zone', 'zone-orig', 'zone-reply'] as const;

export const ctTarget: ExtensionSpec = {
  name: 'CT',
  kind: 'target',
  constraint: () => ({ tables: ['raw'] }),
  options: [
    { name: 'notrack', args: 0 },
    { name: 'helper', args: 1 },
    { name: 'timeout', args: 1 },
    { name: 'ctevents', args: 1 },
    { name: 'expevents', args: 1 },
    { name: 'zone-orig', args: 1 },
    { name: 'zone-reply', args: 1 },
    { name: 'zone', args: 1 },
  ],
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const out: RuleOption[] = [];
    if (byName.byName.has('notrack')) out.push(opt('notrack'));
    for (const name of ['helper', 'timeout'] as const) {
      const o = byName.byName.get(name);
      if (o) out.push(opt(name, [arg(o)]));
    }
    for (const [name, names] of [
      ['ctevents', CT_EVENTS],
      ['expevents', CT_EXP_EVENTS],
    ] as const) {
      const o = byName.byName.get(name);
      if (!o) continue;
      const v = orderedEvents(arg(o), names);
      if (v === undefined) return fail(`CT: unknown event in "${arg(o)}"`, o.index);
      out.push(opt(name, [v]));
    }
    const zones = CT_ZONES.map((z) => byName.byName.get(z)).filter(
      (o): o is Occurrence => o !== undefined,
    );
    if (zones.length > 1)
      return fail('CT: --zone, --zone-orig and --zone-reply are exclusive', zones[1]?.index);
    const zone = zones[0];
    if (zone) {
      const v = arg(zone) === 'mark' ? 'mark' : parseUint(arg(zone), 0xffff);
      if (v === undefined) return fail(`CT: bad zone "${arg(zone)}"`, zone.index);
      if (v !== 0) out.push(opt(zone.spec.name, [String(v)]));
    }
    return ok(out);
  },
  list(options) {
    return ' CT' + options.map((o) => ` ${o.name}${o.args.map((a) => ` ${a}`).join('')}`).join('');
  },
};

/** `-j NOTRACK`: an alias of CT --notrack that iptables-save prints under its own name. */
export const notrackTarget: ExtensionSpec = {
  name: 'NOTRACK',
  kind: 'target',
  constraint: () => ({ tables: ['raw'] }),
  options: [],
  canonicalize: () => ok([]),
  list: () => ' NOTRACK',
};
