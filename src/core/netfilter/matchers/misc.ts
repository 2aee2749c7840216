import type { Match } from '../../iptables/model.ts';
import type { IpFamily } from '../../shared/ip.ts';
import { formatAddress, parseAddress } from '../../shared/ip.ts';
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

/** `-m comment --comment …`: always true; kept so the step shows the comment. */
export function compileComment(): CompiledMatch {
  return compiled([]);
}

/** `-m iprange --src-range A-B / --dst-range A-B`. */
export function compileIprange(match: Match, family: IpFamily): CompiledMatch {
  const conditions: Condition[] = [];
  for (const o of match.options) {
    const name = optionName(o);
    const which = name === 'src-range' ? 'src' : name === 'dst-range' ? 'dst' : undefined;
    const [a, b] = optionValue(o).split('-');
    const from = a === undefined ? undefined : parseAddress(a);
    const to = b === undefined ? from : parseAddress(b);
    if (!which || !from || !to || from.family !== family || to.family !== family) {
      return cannot(`cannot evaluate ${optionLabel(o, 'iprange')}`);
    }
    conditions.push(
      negatable(
        optionSpec(o, 'iprange'),
        (p) => {
          const v = which === 'src' ? p.src : p.dst;
          return v >= from.value && v <= to.value;
        },
        (p) => ({
          field: which,
          value: formatAddress({ family, value: which === 'src' ? p.src : p.dst }),
        }),
      ),
    );
  }
  return compiled(conditions);
}
