import type { Target } from '../../iptables/model.ts';
import type { SimPacket } from '../state.ts';
import { optionMap, parseU32 } from './options.ts';
import type { CompiledTarget, TargetCompilation, TargetEffect } from './types.ts';

type Extension = Extract<Target, { kind: 'extension' }>;

/** `-j CT --zone N | --notrack` and `-j NOTRACK`: raw table only. */
export function compileCt(t: Extension): TargetCompilation {
  const opts = optionMap(t.options);
  if (t.name === 'NOTRACK' || opts.has('notrack'))
    return { ok: true, target: { kind: 'ct', zone: undefined, notrack: true } };
  const zoneText = opts.get('zone') ?? opts.get('zone-orig');
  const zone = zoneText === undefined ? undefined : parseU32(zoneText);
  if (zoneText !== undefined && (zone === undefined || zone > 0xffff))
    return { ok: false, reason: `bad --zone '${zoneText}'` };
  return { ok: true, target: { kind: 'ct', zone, notrack: false } };
}

/** Sets the template conntrack will use: a zone, or no tracking at all (then no NAT either). */
export function applyCt(t: Extract<CompiledTarget, { kind: 'ct' }>, p: SimPacket): TargetEffect {
  // xt_CT does nothing when the packet already carries a connection (e.g. looped back over lo).
  if (p.ct.attached) return { verdict: 'continue' };
  if (t.notrack) p.ct.untracked = true;
  if (t.zone !== undefined) p.ct.zone = t.zone;
  return { verdict: 'continue' };
}
