/**
 * ICMP and ICMPv6 type names as libxtables knows them (`name`, type, code range). Lookups are
 * case-insensitive prefix matches, like iptables' own parser; ambiguity is an error.
 */
export interface IcmpType {
  readonly name: string;
  readonly type: number;
  readonly codeMin: number;
  readonly codeMax: number;
}

const t = (name: string, type: number, codeMin = 0, codeMax = 0xff): IcmpType => ({
  name,
  type,
  codeMin,
  codeMax,
});
const c = (name: string, type: number, code: number): IcmpType => t(name, type, code, code);

export const ICMP_TYPES: readonly IcmpType[] = [
  t('any', 0xff),
  t('echo-reply', 0),
  t('pong', 0),
  t('destination-unreachable', 3),
  c('network-unreachable', 3, 0),
  c('host-unreachable', 3, 1),
  c('protocol-unreachable', 3, 2),
  c('port-unreachable', 3, 3),
  c('fragmentation-needed', 3, 4),
  c('source-route-failed', 3, 5),
  c('network-unknown', 3, 6),
  c('host-unknown', 3, 7),
  c('network-prohibited', 3, 9),
  c('host-prohibited', 3, 10),
  c('TOS-network-unreachable', 3, 11),
  c('TOS-host-unreachable', 3, 12),
  c('communication-prohibited', 3, 13),
  c('host-precedence-violation', 3, 14),
  c('precedence-cutoff', 3, 15),
  t('source-quench', 4),
  t('redirect', 5),
  c('network-redirect', 5, 0),
  c('host-redirect', 5, 1),
  c('TOS-network-redirect', 5, 2),
  c('TOS-host-redirect', 5, 3),
  t('echo-request', 8),
  t('ping', 8),
  t('router-advertisement', 9),
  t('router-solicitation', 10),
  t('time-exceeded', 11),
  t('ttl-exceeded', 11),
  c('ttl-zero-during-transit', 11, 0),
  c('ttl-zero-during-reassembly', 11, 1),
  t('parameter-problem', 12),
  c('ip-header-bad', 12, 0),
  c('required-option-missing', 12, 1),
  t('timestamp-request', 13),
  t('timestamp-reply', 14),
  t('address-mask-request', 17),
  t('address-mask-reply', 18),
];

export const ICMP6_TYPES: readonly IcmpType[] = [
  t('destination-unreachable', 1),
  c('no-route', 1, 0),
  c('communication-prohibited', 1, 1),
  c('beyond-scope', 1, 2),
  c('address-unreachable', 1, 3),
  c('port-unreachable', 1, 4),
  c('failed-policy', 1, 5),
  c('reject-route', 1, 6),
  t('packet-too-big', 2),
  t('time-exceeded', 3),
  t('ttl-exceeded', 3),
  c('ttl-zero-during-transit', 3, 0),
  c('ttl-zero-during-reassembly', 3, 1),
  t('parameter-problem', 4),
  c('bad-header', 4, 0),
  c('unknown-header-type', 4, 1),
  c('unknown-option', 4, 2),
  t('echo-request', 128),
  t('ping', 128),
  t('echo-reply', 129),
  t('pong', 129),
  t('router-solicitation', 133),
  t('router-advertisement', 134),
  t('neighbour-solicitation', 135),
  t('neighbor-solicitation', 135),
  t('neighbour-advertisement', 136),
  t('neighbor-advertisement', 136),
  t('redirect', 137),
];

/** `8`, `8/0`, or a (prefix of a) name; returns an error text when it cannot be read. */
export function parseIcmpType(text: string, table: readonly IcmpType[]): IcmpType | string {
  const lower = text.toLowerCase();
  let found: IcmpType | undefined;
  for (const entry of table) {
    if (!entry.name.toLowerCase().startsWith(lower)) continue;
    if (found) return `Ambiguous ICMP type \`${text}': \`${found.name}' or \`${entry.name}'?`;
    found = entry;
  }
  if (found) return found;
  const m = /^([0-9]+)(?:\/([0-9]+))?$/.exec(text);
  const type = m ? Number(m[1]) : NaN;
  const code = m?.[2] === undefined ? undefined : Number(m[2]);
  if (!m || type > 255 || (code !== undefined && code > 255)) return `Invalid ICMP type \`${text}'`;
  return code === undefined ? t(text, type) : c(text, type, code);
}

/** The name iptables -L prints for an exact type/code range, if any (first in table order). */
export function icmpTypeName(
  table: readonly IcmpType[],
  type: number,
  codeMin: number,
  codeMax: number,
): string | undefined {
  return table.find((e) => e.type === type && e.codeMin === codeMin && e.codeMax === codeMax)?.name;
}
