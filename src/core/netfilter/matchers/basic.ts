import type { Negatable, Rule } from '../../iptables/model.ts';
import type { IpFamily } from '../../shared/ip.ts';
import type { ConditionSpec } from '../condition.ts';
import { formatAddress, maskOf, parseCidrLoose } from '../../shared/ip.ts';
import type { CompiledMatch, Condition } from './common.ts';
import { cannot, compiled, negatable } from './common.ts';

/** Protocol numbers of the names iptables accepts most often (`/etc/protocols`). */
const PROTOCOLS: Readonly<Record<string, number>> = {
  all: 0,
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  gre: 47,
  esp: 50,
  ah: 51,
  'ipv6-icmp': 58,
  icmpv6: 58,
  sctp: 132,
  udplite: 136,
  mh: 135,
  dccp: 33,
};

const PROTO_NUMBER = { tcp: 6, udp: 17 } as const;

function fieldSpec(flag: 's' | 'd' | 'i' | 'o' | 'p', n: Negatable<string>): ConditionSpec {
  return { match: '', option: flag, negated: n.negated, expected: n.value };
}

function compileProtocol(n: Negatable<string>): Condition | string {
  const name = n.value.toLowerCase();
  const number = /^[0-9]{1,3}$/.test(name) ? Number(name) : PROTOCOLS[name];
  if (number === undefined || number > 255) return `unknown protocol '${n.value}'`;
  return negatable(
    fieldSpec('p', n),
    (p) => number === 0 || PROTO_NUMBER[p.proto] === number,
    (p) => ({ field: 'protocol', value: p.proto }),
  );
}

function compileAddress(
  flag: '-s' | '-d',
  n: Negatable<string>,
  family: IpFamily,
): Condition | string {
  const cidr = parseCidrLoose(n.value);
  if (!cidr)
    return `cannot evaluate address '${n.value}' (host names are resolved when the rule is loaded)`;
  if (cidr.family !== family)
    return `IPv${cidr.family} address '${n.value}' in an IPv${family} ruleset`;
  const mask = maskOf(family, cidr.bits);
  const net = cidr.address & mask;
  const which = flag === '-s' ? 'src' : 'dst';
  return negatable(
    fieldSpec(flag === '-s' ? 's' : 'd', n),
    (p) => ((flag === '-s' ? p.src : p.dst) & mask) === net,
    (p) => ({
      field: which,
      value: formatAddress({ family, value: flag === '-s' ? p.src : p.dst }),
    }),
  );
}

/** `eth+` matches every name starting with `eth`; otherwise the name must be equal. */
export function interfaceMatcher(pattern: string): (name: string) => boolean {
  if (pattern.endsWith('+')) {
    const prefix = pattern.slice(0, -1);
    return (name) => name.startsWith(prefix);
  }
  return (name) => name === pattern;
}

function compileInterface(flag: '-i' | '-o', n: Negatable<string>): Condition {
  const matches = interfaceMatcher(n.value);
  const which = flag === '-i' ? 'iif' : 'oif';
  return negatable(
    fieldSpec(flag === '-i' ? 'i' : 'o', n),
    (p) => matches(flag === '-i' ? p.iif : p.oif),
    (p) => ({ field: which, value: flag === '-i' ? p.iif : p.oif }),
  );
}

/**
 * The rule's own fields (`-p -s -d -i -o -f`), in the order iptables-save prints them. A string
 * result is the reason the rule cannot be evaluated.
 */
export function compileRuleFields(rule: Rule, family: IpFamily): CompiledMatch {
  const conditions: Condition[] = [];
  const add = (c: Condition | string): string | undefined => {
    if (typeof c === 'string') return c;
    conditions.push(c);
    return undefined;
  };
  const problems = [
    rule.source ? add(compileAddress('-s', rule.source, family)) : undefined,
    rule.destination ? add(compileAddress('-d', rule.destination, family)) : undefined,
    rule.inInterface ? add(compileInterface('-i', rule.inInterface)) : undefined,
    rule.outInterface ? add(compileInterface('-o', rule.outInterface)) : undefined,
    rule.protocol ? add(compileProtocol(rule.protocol)) : undefined,
  ].filter((x): x is string => x !== undefined);
  if (problems[0] !== undefined) return cannot(problems[0]);
  if (rule.fragment) {
    // The simulator's packets are never fragments: `-f` fails, `! -f` holds.
    const negated = rule.fragment.negated;
    conditions.push({
      spec: { match: '', option: 'f', negated, expected: '' },
      test: () => negated,
      actual: () => ({ field: 'fragment', value: 'no' }),
    });
  }
  return compiled(conditions);
}
