import { describe, expect, it } from 'vitest';
import { parseIstioArgs, PROFILES } from '@core';
import type { IstioVersion, RuleRef } from '@core';
import { createDeriver } from '../state/derive.ts';
import { createExplorerStore, defaultPersistedState } from '../store/store.ts';
import { listSaveLineRules } from '../panels/rule-lines.ts';
import { selectLinkedRules, selectRuleLinks } from './link-selectors.ts';
import {
  buildRuleLinks,
  familyRuleKey,
  flagAt,
  flagRangesOfRule,
  rulesOfFlag,
} from './rule-links.ts';

const TEXT = '-p 15001 -z 15006 -u 1337 -m REDIRECT -i * -x "" -b * -d 15090,15021,15020';

function derivedOf(text: string, ipv6: boolean, version: IstioVersion = 'latest') {
  return createDeriver()({ input: { text }, version, ipv6, dnsServers: '' });
}

describe('rule links', () => {
  const derived = derivedOf(TEXT, true);
  const links = buildRuleLinks(derived.views?.rulesets, parseIstioArgs(TEXT).value.flags);

  it('knows the origin of every -A line the rules pane shows, in both families', () => {
    for (const view of derived.views?.families ?? []) {
      const refs = listSaveLineRules(view.save).filter((r) => r !== undefined);
      expect(refs.length).toBeGreaterThan(5);
      for (const ref of refs)
        expect(links?.origins.has(familyRuleKey({ family: view.family, ref })), ref).toBe(true);
    }
    expect(derived.views?.families.map((f) => f.family)).toEqual([4, 6]);
  });

  it('links -u to the owner rules in ISTIO_OUTPUT and back to where -u is written', () => {
    const rules = rulesOfFlag(links, 'proxy-uid');
    expect([...rules].some((k) => k.startsWith('4:nat/ISTIO_OUTPUT#'))).toBe(true);
    expect([...rules].some((k) => k.startsWith('6:nat/ISTIO_OUTPUT#'))).toBe(true);
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

  it('has no links without rules or flags', () => {
    expect(buildRuleLinks(undefined, [])).toBeUndefined();
    expect(buildRuleLinks(derived.views?.rulesets, undefined)).toBeUndefined();
    expect(rulesOfFlag(undefined, 'proxy-uid').size).toBe(0);
  });

  it('works for every profile', () => {
    for (const [version, profile] of Object.entries(PROFILES)) {
      const d = derivedOf(profile.defaultArgs, true, version as IstioVersion);
      const l = buildRuleLinks(d.views?.rulesets, parseIstioArgs(profile.defaultArgs).value.flags);
      expect(l?.origins.size ?? 0, version).toBeGreaterThan(0);
    }
  });
});

describe('link selectors', () => {
  function stateAndDerived(text: string, mode: 'args' | 'iptables-save' = 'args') {
    const store = createExplorerStore(defaultPersistedState(text));
    store.getState().setInputText(text);
    if (mode !== 'args') store.setState({ input: { mode, text } });
    store.getState().hoverFlag('proxy-uid');
    const s = store.getState();
    return { s, d: createDeriver()(s) };
  }

  it('links the hovered flag to the rules of the current args', () => {
    const { s, d } = stateAndDerived(TEXT);
    expect(selectLinkedRules(s, d).has('4:nat/ISTIO_OUTPUT#4')).toBe(true);
  });

  it('has no links for pasted rules or for args with errors (older rules on screen)', () => {
    const pasted = stateAndDerived('*nat\n-A OUTPUT -j RETURN\nCOMMIT\n', 'iptables-save');
    expect(selectRuleLinks(pasted.s, pasted.d)).toBeUndefined();
    const bad = stateAndDerived('-p nope');
    expect(bad.d.stale).toBe(true);
    expect(selectRuleLinks(bad.s, bad.d)).toBeUndefined();
  });
});

describe('rule links with the nftables backend', () => {
  it('links every rule line of nft list ruleset to the flags behind it', () => {
    const d = createDeriver()({
      input: { text: TEXT },
      version: 'latest',
      ipv6: false,
      dnsServers: '',
      backend: 'nftables',
    });
    const links = buildRuleLinks(d.views?.rulesets, parseIstioArgs(TEXT).value.flags);
    const refs = listSaveLineRules(d.views?.nft?.list ?? '').filter((r) => r !== undefined);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs)
      expect(links?.origins.has(familyRuleKey({ family: 4, ref }))).toBe(true);
    expect(rulesOfFlag(links, 'envoy-port')).toContain('4:inet/istio-proxy-nat/istio-redirect#1');
  });
});
