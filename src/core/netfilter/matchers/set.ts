import type { Match } from '../../iptables/model.ts';
import { cidrContains, type Cidr } from '../../shared/ip.ts';
import type { CompiledMatch, Condition } from './common.ts';
import { cannot, compiled, optionLabel, optionName, optionSpec } from './common.ts';

/**
 * `-m set --match-set NAME src|dst`: membership of the packet's source or destination address in
 * an ipset of the pod's context (`PodContext.ipsets`, `hash:ip`/`hash:net` entries). Sets keyed
 * by more than one dimension (`dst,dst` of `hash:ip,port`) are reported as not simulated.
 * A set the context does not hold matches nothing (the kernel would not have loaded the rule).
 */
export function compileSet(match: Match): CompiledMatch {
  const conditions: Condition[] = [];
  for (const o of match.options) {
    const label = optionLabel(o, 'set');
    const name = optionName(o);
    if (name !== 'match-set' && name !== 'set') return cannot(`cannot evaluate ${label}`);
    const [set, flags] = o.args;
    if (set === undefined || (flags !== 'src' && flags !== 'dst'))
      return cannot(`cannot evaluate ${label}: only one-dimension sets (src or dst) are simulated`);
    const address = (p: { src: bigint; dst: bigint }) => (flags === 'src' ? p.src : p.dst);
    conditions.push({
      spec: optionSpec(o, 'set'),
      test: (p, ctx) => members(ctx.pod.ipsets?.[set], p.family, address(p)) !== o.negated,
      actual: (p, ctx) => {
        const list = ctx.pod.ipsets?.[set];
        const value =
          list === undefined ? '' : members(list, p.family, address(p)) ? 'in' : 'not in';
        return { field: 'set', value, set, which: flags };
      },
    });
  }
  return compiled(conditions);
}

function members(list: readonly Cidr[] | undefined, family: 4 | 6, value: bigint): boolean {
  return (list ?? []).some((m) => m.family === family && cidrContains(m, { family, value }));
}
