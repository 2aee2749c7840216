import type { Match } from '../../iptables/model.ts';
import type { IpFamily } from '../../shared/ip.ts';
import { compileAddrtype } from './addrtype.ts';
import type { CompiledMatch } from './common.ts';
import { cannot } from './common.ts';
import { compileConntrack } from './conntrack.ts';
import { compileMark } from './mark.ts';
import { compileComment, compileIprange } from './misc.ts';
import { compileOwner } from './owner.ts';
import { compileMultiport, compileTcpUdp } from './ports.ts';
import { compileSet } from './set.ts';

export type { CompiledMatch, Condition } from './common.ts';
export { compileRuleFields, interfaceMatcher } from './basic.ts';

/**
 * Match modules the simulator evaluates; anything else is reported as "cannot evaluate".
 *
 * @example
 * SUPPORTED_MATCHES.includes('statistic'); // false: kube-proxy's random split is reported
 */
export const SUPPORTED_MATCHES: readonly string[] = [
  'tcp',
  'udp',
  'multiport',
  'owner',
  'mark',
  'connmark',
  'conntrack',
  'state',
  'addrtype',
  'comment',
  'iprange',
  'set',
];

/** Compiles one `-m module …` block to conditions. */
export function compileMatch(match: Match, family: IpFamily): CompiledMatch {
  switch (match.module) {
    case 'tcp':
    case 'udp':
      return compileTcpUdp(match);
    case 'multiport':
      return compileMultiport(match);
    case 'owner':
      return compileOwner(match);
    case 'mark':
    case 'connmark':
      return compileMark(match);
    case 'conntrack':
    case 'state':
      return compileConntrack(match);
    case 'addrtype':
      return compileAddrtype(match);
    case 'comment':
      return compileComment();
    case 'iprange':
      return compileIprange(match, family);
    case 'set':
      return compileSet(match);
    default:
      return cannot(`cannot evaluate -m ${match.module} (not simulated)`);
  }
}
