/** comment, mark, connmark, owner, pkttype, length, mac, set: small matches. */
import { formatMarkMask, parseMarkMask, parseUint } from '../numbers.ts';
import {
  arg,
  collectOptions,
  fail,
  ok,
  opt,
  type ExtensionSpec,
  type Occurrence,
} from './types.ts';

export const commentMatch: ExtensionSpec = {
  name: 'comment',
  kind: 'match',
  options: [{ name: 'comment', args: 1 }],
  textOptions: new Set(['comment']),
  canonicalize(options) {
    // The common case (one plain --comment) is already canonical: kube-proxy has one per rule.
    const only = options.length === 1 ? options[0] : undefined;
    if (
      only?.name === 'comment' &&
      !only.negated &&
      only.args.length === 1 &&
      (only.args[0] ?? '').length <= 255
    )
      return ok(options);
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const o = byName.byName.get('comment');
    if (!o) return fail('comment: option "--comment" must be specified');
    if (arg(o).length > 255)
      return fail('comment: argument is longer than 255 characters', o.index);
    return ok([opt('comment', [arg(o)])]);
  },
  list(options) {
    return ` /* ${options[0]?.args[0] ?? ''} */`;
  },
};

function markSpec(name: 'mark' | 'connmark'): ExtensionSpec {
  return {
    name,
    kind: 'match',
    options: [{ name: 'mark', args: 1, negatable: true }],
    canonicalize(options) {
      const byName = collectOptions(this, options);
      if (!byName.ok) return fail(byName.error, byName.optionIndex);
      const o = byName.byName.get('mark');
      if (!o) return fail(`${name}: option "--mark" must be specified`);
      const m = parseMarkMask(arg(o));
      if (!m)
        return fail(
          `${name}: bad value for option "--mark", or out of range (0-4294967295).`,
          o.index,
        );
      return ok([opt('mark', [formatMarkMask(m.value, m.mask)], o.option.negated)]);
    },
    list(options) {
      const o = options[0];
      const value = o?.args[0] ?? '';
      // libxt_mark prints " mark match ! 0x1"; libxt_connmark " connmark match !" + " 0x1".
      if (name === 'mark') return ` mark match${o?.negated ? ' !' : ''} ${value}`;
      return ` connmark match ${o?.negated ? '!' : ''} ${value}`;
    },
  };
}

export const markMatch = markSpec('mark');
export const connmarkMatch = markSpec('connmark');

/** Users and groups that exist on every system; other names depend on /etc/passwd. */
const WELL_KNOWN_IDS: Readonly<Record<string, number>> = { root: 0 };

function parseIdRange(text: string): string | undefined {
  const known = WELL_KNOWN_IDS[text];
  if (known !== undefined) return String(known);
  const m = /^([^-]+)(?:-(.+))?$/.exec(text);
  const a = m?.[1] === undefined ? undefined : parseUint(m[1], 0xfffffffe, 0, 10);
  const b = m?.[2] === undefined ? a : parseUint(m[2], 0xfffffffe, 0, 10);
  if (a === undefined || b === undefined || a > b) return undefined;
  return a === b ? String(a) : `${a}-${b}`;
}

const OWNER_ORDER = ['socket-exists', 'uid-owner', 'gid-owner', 'suppl-groups'] as const;
const OWNER_LABELS: Readonly<Record<(typeof OWNER_ORDER)[number], string>> = {
  'socket-exists': 'owner socket exists',
  'uid-owner': 'owner UID match',
  'gid-owner': 'owner GID match',
  'suppl-groups': 'incl. suppl. groups',
};

export const ownerMatch: ExtensionSpec = {
  name: 'owner',
  kind: 'match',
  constraint: () => ({ hooks: ['OUTPUT', 'POSTROUTING'] }),
  options: [
    { name: 'uid-owner', args: 1, negatable: true },
    { name: 'gid-owner', args: 1, negatable: true },
    { name: 'socket-exists', args: 0, negatable: true },
    { name: 'suppl-groups', args: 0, negatable: true },
  ],
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const out = [];
    for (const name of OWNER_ORDER) {
      const o: Occurrence | undefined = byName.byName.get(name);
      if (!o) continue;
      if (o.spec.args === 0) {
        out.push(opt(name, [], o.option.negated));
        continue;
      }
      const id = parseIdRange(arg(o));
      if (id === undefined)
        return fail(`owner: Bad value for "--${name}" option: "${arg(o)}"`, o.index);
      out.push(opt(name, [id], o.option.negated));
    }
    if (out.length === 0) return fail('owner: at least one option is required');
    return ok(out);
  },
  list(options, ctx) {
    // libxt_owner owner_mt_print_item: getpwuid/getgrgid unless -n, the number otherwise.
    const named = (name: string, id: string): string =>
      (name === 'uid-owner' ? ctx.names?.users : ctx.names?.groups)?.[id] ?? id;
    return options
      .map((o) => {
        const label = OWNER_LABELS[o.name as (typeof OWNER_ORDER)[number]];
        const id = o.args[0];
        return `${o.negated ? ' !' : ''} ${label}${id === undefined ? '' : ` ${named(o.name, id)}`}`;
      })
      .join('');
  },
};

const PKT_TYPES = [
  'unicast',
  'broadcast',
  'multicast',
  'host',
  'otherhost',
  'outgoing',
  'loopback',
];

export const pkttypeMatch: ExtensionSpec = {
  name: 'pkttype',
  kind: 'match',
  options: [{ name: 'pkt-type', args: 1, negatable: true }],
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const o = byName.byName.get('pkt-type');
    if (!o) return fail('pkttype: option "--pkt-type" must be specified');
    const name = PKT_TYPES.find((p) => p === arg(o).toLowerCase());
    if (!name) return fail(`Bad packet type '${arg(o)}'`, o.index);
    return ok([opt('pkt-type', [name], o.option.negated)]);
  },
  list(options) {
    const o = options[0];
    return ` PKTTYPE ${o?.negated ? '!' : ''}= ${o?.args[0] ?? ''}`;
  },
};

export const lengthMatch: ExtensionSpec = {
  name: 'length',
  kind: 'match',
  options: [{ name: 'length', args: 1, negatable: true }],
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const o = byName.byName.get('length');
    if (!o) return fail('length: option "--length" must be specified');
    const [a = '', b] = arg(o).split(':');
    const min = a === '' ? 0 : parseUint(a, 0xffff);
    const max = b === undefined ? min : b === '' ? 0xffff : parseUint(b, 0xffff);
    if (min === undefined || max === undefined || min > max)
      return fail(`length: bad value "${arg(o)}"`, o.index);
    return ok([opt('length', [min === max ? String(min) : `${min}:${max}`], o.option.negated)]);
  },
  list(options) {
    const o = options[0];
    return ` length ${o?.negated ? '!' : ''}${o?.args[0] ?? ''}`;
  },
};

export const macMatch: ExtensionSpec = {
  name: 'mac',
  kind: 'match',
  options: [{ name: 'mac-source', args: 1, negatable: true }],
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const o = byName.byName.get('mac-source');
    if (!o) return fail('mac: option "--mac-source" must be specified');
    const parts = arg(o).split(':');
    if (parts.length !== 6 || !parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) {
      return fail(`Bad mac address "${arg(o)}"`, o.index);
    }
    return ok([
      opt(
        'mac-source',
        [parts.map((p) => p.toLowerCase().padStart(2, '0')).join(':')],
        o.option.negated,
      ),
    ]);
  },
  list(options) {
    const o = options[0];
    return ` MAC${o?.negated ? ' !' : ''} ${o?.args[0] ?? ''}`;
  },
};

/** ipset references: kept as written (the kernel checks that the set exists). */
export const setMatch: ExtensionSpec = {
  name: 'set',
  kind: 'match',
  options: [
    { name: 'match-set', aliases: ['set'], args: 2, negatable: true },
    { name: 'return-nomatch', args: 0 },
    { name: 'update-counters', args: 0, negatable: true },
    { name: 'update-subcounters', args: 0, negatable: true },
    { name: 'packets-eq', args: 1, negatable: true },
    { name: 'packets-lt', args: 1 },
    { name: 'packets-gt', args: 1 },
    { name: 'bytes-eq', args: 1, negatable: true },
    { name: 'bytes-lt', args: 1 },
    { name: 'bytes-gt', args: 1 },
  ],
  canonicalize(options) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const set = byName.byName.get('match-set');
    if (!set) return fail("set: You must specify `--match-set' with proper arguments");
    const flags = arg(set, 1);
    if (!/^(src|dst)(,(src|dst)){0,5}$/.test(flags))
      return fail(`set: Bad flag '${flags}'`, set.index);
    const rest = [...byName.byName.values()]
      .filter((o) => o.spec.name !== 'match-set')
      .sort((a, b) => this.options.indexOf(a.spec) - this.options.indexOf(b.spec))
      .map((o) => opt(o.spec.name, o.option.args, o.option.negated));
    return ok([opt('match-set', [arg(set, 0), flags], set.option.negated), ...rest]);
  },
  list(options) {
    return options
      .map((o) =>
        o.name === 'match-set'
          ? `${o.negated ? ' !' : ''} match-set ${o.args.join(' ')}`
          : `${o.negated ? ' !' : ''} ${o.name}${o.args.length ? ` ${o.args.join(' ')}` : ''}`,
      )
      .join('');
  },
};
