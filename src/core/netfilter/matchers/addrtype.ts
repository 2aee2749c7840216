import type { Match } from '../../iptables/model.ts';
import { formatAddress } from '../../shared/ip.ts';
import type { PodContext } from '../pod.ts';
import { classifyAddress } from '../routing.ts';
import type { SimPacket } from '../state.ts';
import { dstAddress, srcAddress } from '../state.ts';
import type { CompiledMatch, Condition } from './common.ts';
import {
  cannot,
  compiled,
  negatable,
  optionLabel,
  optionName,
  optionSpec,
  optionValue,
} from './common.ts';

const TYPES = new Set([
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
]);

function typeOf(pod: PodContext, p: SimPacket, which: 'src' | 'dst'): string {
  return classifyAddress(pod, which === 'src' ? srcAddress(p) : dstAddress(p));
}

/** `-m addrtype --src-type/--dst-type TYPE[,TYPE…]` against the pod's routing tables. */
export function compileAddrtype(match: Match): CompiledMatch {
  const conditions: Condition[] = [];
  for (const o of match.options) {
    const name = optionName(o);
    const which = name === 'src-type' ? 'src' : name === 'dst-type' ? 'dst' : undefined;
    if (!which) return cannot(`cannot evaluate ${optionLabel(o, 'addrtype')}`);
    const types = optionValue(o).toUpperCase().split(',');
    if (types.some((t) => !TYPES.has(t)))
      return cannot(`unknown address type in ${optionLabel(o, 'addrtype')}`);
    conditions.push(
      negatable(
        optionSpec(o, 'addrtype'),
        (p, ctx) => types.includes(typeOf(ctx.pod, p, which)),
        (p, ctx) => ({
          field: which === 'src' ? 'src-type' : 'dst-type',
          value: typeOf(ctx.pod, p, which),
          address: formatAddress(which === 'src' ? srcAddress(p) : dstAddress(p)),
        }),
      ),
    );
  }
  return compiled(conditions);
}
