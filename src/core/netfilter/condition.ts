import { assertNever } from '../shared/assert.ts';

/**
 * What a packet had for the field a condition tested. `value` is `''` when the packet has none
 * (no owning socket, no interface yet).
 *
 * @example
 * const fact: PacketFact = { field: 'uid', value: '1000' };
 */
export interface PacketFact {
  readonly field:
    | 'src'
    | 'dst'
    | 'iif'
    | 'oif'
    | 'protocol'
    | 'fragment'
    | 'sport'
    | 'dport'
    | 'ports'
    | 'flags'
    | 'uid'
    | 'gid'
    | 'socket'
    | 'mark'
    | 'ctmark'
    | 'ctstate'
    | 'ctzone'
    | 'nfproto'
    | 'src-type'
    | 'dst-type'
    | 'set';
  /** `set`: `in`, `not in`, or `''` when the pod has no such set. */
  readonly value: string;
  /** `src-type`/`dst-type`: the address whose type was looked up. */
  readonly address?: string;
  /** `set`: the ipset's name and which address was looked up in it. */
  readonly set?: string;
  readonly which?: 'src' | 'dst';
}

/**
 * One condition of a rule as written: which match module and option, negated or not, and its
 * argument.
 *
 * @example
 * const c: ConditionSpec = { match: 'owner', option: 'uid-owner', negated: false, expected: '1337' };
 */
export interface ConditionSpec {
  /** The match module (`owner`, `tcp`, `mark`…), or `''` for the rule's own fields. */
  readonly match: string;
  /**
   * The option without dashes (`uid-owner`, `dport`); for the rule's own fields the short flag
   * letter (`s`, `d`, `i`, `o`, `p`, `f`); `''` for the protocol test of `-m tcp`/`-m udp` itself.
   */
  readonly option: string;
  readonly negated: boolean;
  /** The option's arguments as written, space-separated (`''` when it takes none). */
  readonly expected: string;
}

/**
 * The first condition of a rule that did not hold, and what the packet had: the "why not" of a
 * trace step, as data.
 *
 * @example
 * step.failed; // { match: 'owner', option: 'uid-owner', negated: false, expected: '1337', actual: { field: 'uid', value: '1000' } }
 */
export interface FailedCondition extends ConditionSpec {
  readonly actual: PacketFact;
}

/**
 * The condition as iptables-save writes it.
 *
 * @example
 * conditionLabel({ match: 'owner', option: 'uid-owner', negated: false, expected: '1337' }); // '-m owner --uid-owner 1337'
 */
export function conditionLabel(c: ConditionSpec): string {
  // nftables: `match` is 'nft', `option` the selector (`ip daddr`), `expected` the value.
  if (c.match === 'nft') return `${c.option} ${c.negated ? '!= ' : ''}${c.expected}`;
  const not = c.negated ? '! ' : '';
  const args = c.expected === '' ? '' : ` ${c.expected}`;
  if (c.match === '') return `${not}-${c.option}${args}`;
  if (c.option === '') return `-m ${c.match}`;
  return `-m ${c.match} ${not}--${c.option}${args}`;
}

/**
 * What the packet had, in the words of the trace text.
 *
 * @example
 * describeFact({ field: 'uid', value: '' }); // 'no socket'
 */
export function describeFact(f: PacketFact): string {
  switch (f.field) {
    case 'fragment':
      return 'not a fragment';
    case 'socket':
      return f.value === '' ? 'no socket' : 'socket';
    case 'uid':
    case 'gid':
      return f.value === '' ? 'no socket' : `${f.field} ${f.value}`;
    case 'iif':
    case 'oif':
      return `${f.field} ${f.value === '' ? '(none)' : f.value}`;
    case 'src-type':
    case 'dst-type':
      return `${f.field.slice(0, 3)} ${f.address ?? ''} is ${f.value}`;
    case 'set':
      return f.value === ''
        ? `no set ${f.set ?? ''}`
        : `${f.which ?? ''} ${f.value} ${f.set ?? ''}`;
    case 'src':
    case 'dst':
    case 'protocol':
    case 'sport':
    case 'dport':
    case 'ports':
    case 'flags':
    case 'mark':
    case 'ctmark':
    case 'ctstate':
    case 'ctzone':
    case 'nfproto':
      return `${f.field} ${f.value}`;
    default:
      return assertNever(f.field, 'packet fact');
  }
}

/**
 * A failed condition on one line, as the trace text prints it.
 *
 * @example
 * formatFailedCondition(step.failed); // '-m owner --uid-owner 1337 (uid 1000)'
 */
export function formatFailedCondition(f: FailedCondition): string {
  return `${conditionLabel(f)} (${describeFact(f.actual)})`;
}
