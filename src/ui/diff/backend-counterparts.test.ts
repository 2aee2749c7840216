import { describe, expect, it } from 'vitest';
import { PROFILES } from '@core';
import { createDeriver } from '../state/derive.ts';
import { createExplorerStore, defaultPersistedState } from '../store/store.ts';
import type { Backend, ExplorerState } from '../store/store.ts';
import { selectBackendCompareBlocker } from './link-selectors.ts';
import { compareLinesOf, matchCounterparts } from './backend-counterparts.ts';
import type { CompareLine } from './backend-counterparts.ts';

function linesOf(backend: Backend): readonly CompareLine[] {
  const d = createDeriver()({
    input: { text: PROFILES.latest.defaultArgs },
    version: 'latest',
    ipv6: false,
    dnsServers: '',
    backend,
  });
  if (d.views === undefined) throw new Error('no views');
  return compareLinesOf(d.views);
}

describe('matchCounterparts on the default args', () => {
  const ipt = linesOf('iptables');
  const nft = linesOf('nftables');
  const { left, right } = matchCounterparts(ipt, nft);
  const at = (lines: readonly CompareLine[], ref: string): number =>
    lines.findIndex((l) => l.ref === ref);

  it('links the -u 1337 owner rules of nat/ISTIO_OUTPUT to the skuid 1337 rules, in order', () => {
    const owner = ipt.flatMap((l, i) =>
      l.ref?.startsWith('nat/ISTIO_OUTPUT#') === true && l.text.includes('--uid-owner 1337')
        ? [i]
        : [],
    );
    expect(owner.length).toBeGreaterThanOrEqual(2);
    const linked = owner.map((i) => left[i]);
    owner.forEach((i, k) => {
      const j = linked[k];
      expect(typeof j).toBe('number');
      const text = nft[j as number]?.text ?? '';
      expect(text).toMatch(/skuid (!= )?1337/);
      // `! --uid-owner 1337` goes with `skuid != 1337`, `--uid-owner 1337` with `skuid 1337`.
      expect(text.includes('skuid !=')).toBe(ipt[i]?.text.includes('! --uid-owner') ?? false);
    });
    expect(new Set(linked).size).toBe(linked.length);
    expect(linked).toEqual([...linked].sort((a, b) => (a as number) - (b as number)));
  });

  it('is symmetric and keeps to the same origin flags', () => {
    left.forEach((j, i) => {
      if (typeof j !== 'number') return;
      expect(right[j]).toBe(i);
      expect([...(nft[j]?.origin?.flags ?? [])].sort()).toEqual(
        [...(ipt[i]?.origin?.flags ?? [])].sort(),
      );
    });
  });

  it('pairs the redirect rules and leaves non-rule lines undefined', () => {
    expect(left[at(ipt, 'nat/ISTIO_REDIRECT#1')]).toBe(
      at(nft, 'inet/istio-proxy-nat/istio-redirect#1'),
    );
    expect(left[ipt.findIndex((l) => l.text === 'COMMIT')]).toBeUndefined();
  });

  it('marks a rule with no origin or no same-rank partner as null', () => {
    const a: CompareLine[] = [
      { text: 'x', ref: 'a#1', origin: { flags: ['p'], reason: '' } },
      { text: 'y', ref: 'a#2', origin: { flags: ['p'], reason: '' } },
      { text: 'z', ref: 'a#3' },
    ];
    const b: CompareLine[] = [
      { text: 'q', ref: 'b#1', origin: { flags: ['p'], reason: 'other words' } },
    ];
    expect(matchCounterparts(a, b)).toEqual({ left: [0, null, null], right: [0] });
  });
});

describe('selectBackendCompareBlocker', () => {
  const state = (patch: Partial<ExplorerState>): ExplorerState => ({
    ...createExplorerStore(defaultPersistedState(PROFILES.latest.defaultArgs)).getState(),
    ...patch,
  });

  it('allows args on a 1.27+ sidecar profile and says why otherwise', () => {
    expect(selectBackendCompareBlocker(state({ version: 'latest' }))).toBeUndefined();
    expect(selectBackendCompareBlocker(state({ version: '1.27' }))).toBeUndefined();
    expect(selectBackendCompareBlocker(state({ version: '1.26' }))).toBe(
      'diff.otherBackendProfile',
    );
    expect(selectBackendCompareBlocker(state({ input: { mode: 'iptables-save', text: '' } }))).toBe(
      'diff.otherBackendArgsOnly',
    );
  });
});
