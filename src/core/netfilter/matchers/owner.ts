import type { Match } from '../../iptables/model.ts';
import type { CompiledMatch, Condition } from './common.ts';
import { cannot, compiled, optionLabel, optionName, optionSpec, optionValue } from './common.ts';

function parseIdRange(text: string): { from: number; to: number } | undefined {
  const m = /^([0-9]{1,10})(?:-([0-9]{1,10}))?$/.exec(text.trim());
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return from <= to && to <= 0xffffffff ? { from, to } : undefined;
}

/**
 * `-m owner`: the socket's file credentials (fsuid/fsgid). Packets that no local socket sent
 * match only when every criterion of the module is negated (xt_owner's rule).
 */
export function compileOwner(match: Match): CompiledMatch {
  const conditions: Condition[] = [];
  for (const o of match.options) {
    const name = optionName(o);
    const label = optionLabel(o, 'owner');
    const spec = optionSpec(o, 'owner');
    if (name === 'suppl-groups') continue;
    if (name === 'socket-exists') {
      conditions.push({
        spec,
        test: (p) => (p.uid !== undefined) !== o.negated,
        actual: (p) => ({ field: 'socket', value: p.uid === undefined ? '' : 'socket' }),
      });
      continue;
    }
    if (name !== 'uid-owner' && name !== 'gid-owner') return cannot(`cannot evaluate ${label}`);
    const range = parseIdRange(optionValue(o));
    if (!range)
      return cannot(
        `cannot evaluate ${label}: names are resolved when the rule is loaded; use numbers`,
      );
    const pick =
      name === 'uid-owner'
        ? (p: { uid: number | undefined }) => p.uid
        : (p: { gid: number | undefined }) => p.gid;
    conditions.push({
      spec,
      test: (p) => {
        const id = pick(p);
        if (id === undefined) return o.negated;
        return (id >= range.from && id <= range.to) !== o.negated;
      },
      actual: (p) => {
        const id = pick(p);
        return {
          field: name === 'uid-owner' ? 'uid' : 'gid',
          value: id === undefined ? '' : String(id),
        };
      },
    });
  }
  return compiled(conditions);
}
