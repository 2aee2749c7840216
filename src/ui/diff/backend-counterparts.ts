import type { RuleOrigin } from '@core';
import type { OutputViews } from '../store/derived.ts';
import { listSaveLineRules } from '../panels/rule-lines.ts';
import { buildRuleLinks, familyRuleKey } from './rule-links.ts';

/** One line of a backend's listing: its text and, for a rule line, the origin the generator gave it. */
export interface CompareLine {
  readonly text: string;
  /** Set on rule lines (`-A …` of iptables-save, a rule of `nft list ruleset`); undefined on other lines. */
  readonly ref?: string;
  readonly origin?: RuleOrigin;
}

/**
 * The lines the backend comparison shows for one output: iptables-save of the IPv4 family, or
 * `nft list ruleset` (one `inet` program serves both families), each rule line with its origin.
 *
 * @example
 * compareLinesOf(views).find((l) => l.ref === 'nat/ISTIO_OUTPUT#4')?.origin?.flags; // ['proxy-uid']
 */
export function compareLinesOf(views: OutputViews): readonly CompareLine[] {
  const text = views.nft?.list ?? views.families.find((f) => f.family === 4)?.save ?? '';
  const origins = buildRuleLinks(views.rulesets, [])?.origins;
  const refs = listSaveLineRules(text);
  return text.split('\n').map((line, i) => {
    const ref = refs[i];
    if (ref === undefined) return { text: line };
    const origin = origins?.get(familyRuleKey({ family: 4, ref }));
    return origin === undefined ? { text: line, ref } : { text: line, ref, origin };
  });
}

/** The key two rules must share to be counterparts: their origin's flags, as a set. */
export const originFlagsKey = (origin: RuleOrigin): string => [...origin.flags].sort().join(' ');

/**
 * Counterparts between two backends' listings of the same args. A rule's counterpart is the rule
 * on the other side with the same origin flags (compared as a set) at the same rank: the k-th
 * rule (in listing order) with those flags on one side goes with the k-th on the other. The
 * origin reasons are not compared: each generator words its own (`uid 1337` vs `skuid 1337`).
 * Per line: the index of the counterpart, `null` for a rule line without one (no origin, or no
 * k-th rule with its flags on the other side), undefined for a line that is not a rule.
 *
 * @example
 * const { left, right } = matchCounterparts(iptablesLines, nftLines);
 * left[i]; // index into nftLines, null (no counterpart) or undefined (not a rule)
 */
export function matchCounterparts(
  leftLines: readonly CompareLine[],
  rightLines: readonly CompareLine[],
): {
  readonly left: readonly (number | null | undefined)[];
  readonly right: readonly (number | null | undefined)[];
} {
  const ranked = (lines: readonly CompareLine[]): Map<string, number[]> => {
    const groups = new Map<string, number[]>();
    lines.forEach((l, i) => {
      if (l.origin === undefined) return;
      const key = originFlagsKey(l.origin);
      const group = groups.get(key) ?? [];
      group.push(i);
      groups.set(key, group);
    });
    return groups;
  };
  const leftGroups = ranked(leftLines);
  const rightGroups = ranked(rightLines);
  const left: (number | null | undefined)[] = leftLines.map((l) =>
    l.ref === undefined ? undefined : null,
  );
  const right: (number | null | undefined)[] = rightLines.map((l) =>
    l.ref === undefined ? undefined : null,
  );
  for (const [key, ls] of leftGroups) {
    const rs = rightGroups.get(key) ?? [];
    for (let k = 0; k < Math.min(ls.length, rs.length); k++) {
      const li = ls[k];
      const ri = rs[k];
      if (li === undefined || ri === undefined) continue;
      left[li] = ri;
      right[ri] = li;
    }
  }
  return { left, right };
}
