import { formatIPv4, maskOf, parseCidrLoose } from '../shared/ip.ts';
import { formatIPv6Glibc, formatMark } from './format.ts';
import { formatNftAnonymousSet } from './set-elements.ts';

export { formatIPv6Glibc, formatMark };
import type { NftRuleBody, NftStatement, NftValue } from './rule-model.ts';

function formatPrefix(text: string): string {
  const cidr = parseCidrLoose(text);
  if (cidr === undefined) return text;
  const width = cidr.family === 4 ? 32 : 128;
  const net = cidr.address & maskOf(cidr.family, cidr.bits);
  const addr = cidr.family === 4 ? formatIPv4(net) : formatIPv6Glibc(net);
  return cidr.bits === width ? addr : `${addr}/${cidr.bits}`;
}

/** ct state bits in kernel order (NF_CT_STATE_*): nft prints a state set sorted by bit. */
const CT_STATES = ['invalid', 'established', 'related', 'new', 'untracked'];

function formatCtState(text: string): string {
  const states = text.split(',');
  const known = states.every((s) => CT_STATES.includes(s));
  return known
    ? [...states].sort((a, b) => CT_STATES.indexOf(a) - CT_STATES.indexOf(b)).join(',')
    : text;
}

function formatScalar(key: string, text: string): string {
  if (key === 'meta mark' || key === 'ct mark') return formatMark(text);
  if (key === 'iifname' || key === 'oifname') return `"${text}"`;
  if (key.startsWith('ip ') || key.startsWith('ip6 ')) {
    return key.endsWith('addr') ? formatPrefix(text) : text;
  }
  if (key === 'ct state') return formatCtState(text);
  return text;
}

function formatValue(key: string, value: NftValue): string {
  switch (value.kind) {
    case 'single':
      return formatScalar(key, value.text);
    case 'set':
      // nft turns a one-element anonymous set into a plain comparison.
      if (value.items.length === 1) return formatScalar(key, value.items[0] ?? '');
      return `{ ${(formatNftAnonymousSet(key, value.items) ?? value.items.map((i) => formatScalar(key, i))).join(', ')} }`;
    case 'ref':
      return `@${value.name}`;
    case 'map': {
      const keys = formatNftAnonymousSet(
        key,
        value.entries.map((e) => e.key),
      );
      // nft lists an anonymous map sorted by key, like a set.
      const byKey = new Map(value.entries.map((e) => [formatScalar(key, e.key), e.value]));
      const order = keys ?? value.entries.map((e) => formatScalar(key, e.key));
      return `{ ${order.map((k) => `${k} : ${byKey.get(k) ?? ''}`).join(', ')} }`;
    }
  }
}

function formatSet(s: Extract<NftStatement, { kind: 'set' }>): string {
  const isSelector = s.from === 'meta mark' || s.from === 'ct mark';
  let from = isSelector ? s.from : s.key.endsWith('mark') ? formatMark(s.from) : s.from;
  if (s.mask !== undefined || s.or !== undefined) {
    // nft folds `x & A | B` to `x & (A|B) | B` when printing (mask and xor of one bitwise op).
    const or = s.or === undefined ? 0 : Number(s.or);
    const mask = s.mask === undefined ? 0xffffffff : Number(s.mask);
    from += ` & ${formatMark(String((mask | or) >>> 0))}`;
    if (s.or !== undefined) from += ` | ${formatMark(s.or)}`;
  }
  const map = s.map === undefined ? '' : ` map ${formatValue(s.from, s.map)}`;
  return `${s.key} set ${from}${map}`;
}

function familyOf(address: string): 'ip' | 'ip6' {
  return address.includes(':') ? 'ip6' : 'ip';
}

export function renderNftStatement(s: NftStatement): string {
  switch (s.kind) {
    case 'match': {
      const mask = s.mask === undefined ? '' : ` & ${formatMark(s.mask)}`;
      const op = s.op === '!=' ? '!= ' : s.mask === undefined ? '' : '== ';
      return `${s.key}${mask} ${op}${formatValue(s.key, s.value)}`;
    }
    case 'vmap':
      return `${s.key} vmap ${formatValue(s.key, s.map)}`;
    case 'counter':
      return 'counter packets 0 bytes 0';
    case 'verdict':
      return s.target === undefined ? s.verdict : `${s.verdict} ${s.target}`;
    case 'redirect':
      return s.port === undefined ? 'redirect' : `redirect to ${s.port}`;
    case 'tproxy':
      return `tproxy ${s.family === undefined ? '' : `${s.family} `}to ${s.to}`;
    case 'nat':
      return `${s.type} ${s.family ?? familyOf(s.to)} to ${s.to}`;
    case 'masquerade':
      return 'masquerade';
    case 'set':
      return formatSet(s);
    case 'log':
      return s.prefix === undefined ? 'log' : `log prefix "${s.prefix}"`;
    case 'unknown':
      return s.raw;
  }
}

/** Drops `meta l4proto P` that a later P header match implies (nft's dependency removal). */
function dropImpliedL4proto(statements: readonly NftStatement[]): NftStatement[] {
  return statements.filter((s, i) => {
    if (
      s.kind !== 'match' ||
      s.key !== 'meta l4proto' ||
      s.op !== '==' ||
      s.value.kind !== 'single'
    )
      return true;
    const proto = s.value.text;
    return !statements
      .slice(i + 1)
      .some((t) => t.kind === 'match' && t.key.startsWith(`${proto} `));
  });
}

/**
 * A rule body as `nft list ruleset` (nftables 1.0.6) prints it: `meta` prefixes, quoted
 * interface names, hex marks, prefixes without `/32`/`/128` and with host bits cleared, ct states
 * in bit order, `counter packets 0 bytes 0`, implied `meta l4proto` dropped.
 *
 * @example
 * renderNftRuleBody(parseNftRuleWords('oifname lo mark 1337 counter return'.split(' ')).body);
 * // 'oifname "lo" meta mark 0x00000539 counter packets 0 bytes 0 return'
 */
export function renderNftRuleBody(body: NftRuleBody): string {
  return dropImpliedL4proto(body.statements).map(renderNftStatement).join(' ');
}
