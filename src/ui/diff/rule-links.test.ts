import { describe, expect, it } from 'vitest';
import { PROFILES } from '@core';
import type { RuleRef } from '@core';
import { createDeriver } from '../state/derive.ts';
import { listSaveLineRules } from '../panels/rule-lines.ts';
import {
  buildRuleLinks,
  familyRuleKey,
  flagAt,
  flagRangesOfRule,
  rulesOfFlag,
} from './rule-links.ts';

const TEXT = '-p 15001 -z 15006 -u 1337 -m REDIRECT -i * -x "" -b * -d 15090,15021,15020';

describe('rule links', () => {
  const links = buildRuleLinks('args', TEXT, false, '', 'latest');

  it('knows the origin of every -A line the rules pane shows', () => {
    const save =
      createDeriver()({ input: { text: TEXT }, version: 'latest', ipv6: false, dnsServers: '' })
        .views?.families[0]?.save ?? '';
    const refs = listSaveLineRules(save).filter((r) => r !== undefined);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs)
      expect(links?.origins.has(familyRuleKey({ family: 4, ref })), ref).toBe(true);
  });

  it('links -u to the owner rule and back to where -u is written', () => {
    const rules = rulesOfFlag(links, 'proxy-uid');
    expect(rules.size).toBeGreaterThan(0);
    const first = [...rules][0] ?? '';
    const ref = first.slice(2) as RuleRef;
    const ranges = flagRangesOfRule(links, { family: 4, ref });
    expect(ranges.map((r) => TEXT.slice(r.start, r.end))).toContain('-u');
  });

  it('finds the flag under an offset (on the flag or its value)', () => {
    expect(flagAt(links, TEXT.indexOf('-u') + 1)).toBe('proxy-uid');
    expect(flagAt(links, TEXT.indexOf('1337') + 2)).toBe('proxy-uid');
    expect(flagAt(links, TEXT.length + 5)).toBeNull();
  });

  it('has no links for pasted rules or bad args', () => {
    expect(buildRuleLinks('iptables-save', '*nat\nCOMMIT\n', false, '', 'latest')).toBeUndefined();
    expect(buildRuleLinks('args', '-p nope', false, '', 'latest')).toBeUndefined();
    expect(rulesOfFlag(undefined, 'proxy-uid').size).toBe(0);
  });

  it('works for every profile', () => {
    for (const [version, profile] of Object.entries(PROFILES)) {
      const l = buildRuleLinks(
        'args',
        profile.defaultArgs,
        true,
        '',
        version as keyof typeof PROFILES,
      );
      expect(l?.origins.size ?? 0, version).toBeGreaterThan(0);
    }
  });
});
