import type { Match } from '../../iptables/model.ts';
import type { PacketFact } from '../condition.ts';
import type { SimPacket } from '../state.ts';
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

const STATES = new Set(['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT']);

/**
 * The states the packet is in. Before the conntrack hook (the raw table) no connection is
 * attached yet, which xt_conntrack reports as INVALID; after `CT --notrack`, UNTRACKED.
 */
export function packetStates(p: SimPacket): ReadonlySet<string> {
  if (p.ct.untracked) return new Set(['UNTRACKED']);
  if (!p.ct.attached) return new Set(['INVALID']);
  const states = new Set<string>([p.ct.state]);
  if (p.ct.dnat) states.add('DNAT');
  if (p.ct.snat) states.add('SNAT');
  return states;
}

function describe(p: SimPacket): PacketFact {
  return { field: 'ctstate', value: [...packetStates(p)].join(',') };
}

/** `-m conntrack --ctstate …` and `-m state --state …`. */
export function compileConntrack(match: Match): CompiledMatch {
  const conditions: Condition[] = [];
  for (const o of match.options) {
    const name = optionName(o);
    const wanted = match.module === 'state' ? name === 'state' : name === 'ctstate';
    if (!wanted) return cannot(`cannot evaluate ${optionLabel(o, match.module)}`);
    const list = optionValue(o)
      .toUpperCase()
      .split(',')
      .filter((s) => s !== '');
    const unknown = list.find((s) => !STATES.has(s));
    if (unknown !== undefined || list.length === 0)
      return cannot(`unknown state '${unknown ?? ''}' in ${optionLabel(o, match.module)}`);
    conditions.push(
      negatable(
        optionSpec(o, match.module),
        (p) => {
          const states = packetStates(p);
          return list.some((s) => states.has(s));
        },
        describe,
      ),
    );
  }
  return compiled(conditions);
}
