import type { Match } from '../../iptables/model.ts';
import type { CompiledMatch, Condition } from './common.ts';
import {
  cannot,
  compiled,
  negatable,
  optionLabel,
  optionName,
  optionSpec,
  optionValue,
  parseValueMask,
} from './common.ts';

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** `-m mark --mark v[/m]` (packet mark) and `-m connmark --mark v[/m]` (connection mark). */
export function compileMark(match: Match): CompiledMatch {
  const conditions: Condition[] = [];
  const onConnection = match.module === 'connmark';
  for (const o of match.options) {
    if (optionName(o) !== 'mark') return cannot(`cannot evaluate ${optionLabel(o, match.module)}`);
    const vm = parseValueMask(optionValue(o));
    if (!vm) return cannot(`bad mark '${optionValue(o)}'`);
    conditions.push(
      negatable(
        optionSpec(o, match.module),
        (p) => ((onConnection ? p.ct.mark : p.mark) & vm.mask) >>> 0 === (vm.value & vm.mask) >>> 0,
        (p) =>
          onConnection
            ? { field: 'ctmark', value: hex(p.ct.mark) }
            : { field: 'mark', value: hex(p.mark) },
      ),
    );
  }
  return compiled(conditions);
}
