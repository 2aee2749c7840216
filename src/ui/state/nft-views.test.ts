import { describe, expect, it } from 'vitest';
import { PROFILES } from '@core';
import { listTabBlocks } from '../panels/tab-blocks.ts';
import type { DeriveInput } from '../store/derived.ts';
import { DEFAULT_PACKET } from '../store/store.ts';
import { createDeriver } from './derive.ts';

const INPUT: DeriveInput = {
  input: { text: PROFILES.latest.defaultArgs },
  version: 'latest',
  ipv6: false,
  dnsServers: '',
  packet: DEFAULT_PACKET,
  backend: 'nftables',
};

describe('the nftables backend', () => {
  it('generates the nft program: rules pane, graph and workbench all follow', () => {
    const d = createDeriver()(INPUT);
    expect(d.stale).toBe(false);
    const views = d.views;
    expect(views?.families).toEqual([]);
    expect(views?.nft?.list).toMatch(/^table inet istio-proxy-nat \{/);
    expect(listTabBlocks(views!, 'save').map((b) => b.title)).toEqual(['nft list ruleset']);
    expect(listTabBlocks(views!, 'dry-run')[0]?.text).toMatch(/^add table inet istio-proxy-nat/);
    expect(listTabBlocks(views!, 'list').map((b) => b.title)).toEqual([
      'nft list table inet istio-proxy-nat',
    ]);
    expect(d.graph?.nodes[0]?.hook?.hook).toBe('prerouting');
    expect(d.trace?.result?.final).toBe('REDIRECT:15001');
    expect(
      d.trace?.result?.steps.some((s) => s.kind === 'rule' && s.rule.startsWith('inet/')),
    ).toBe(true);
  });

  it('refuses a profile before 1.27 and keeps the last good nft views', () => {
    const derive = createDeriver();
    const good = derive(INPUT).views;
    const old = derive({ ...INPUT, version: '1.26' });
    expect(old.stale).toBe(true);
    expect(old.views).toBe(good);
    const refusal = old.diagnostics.find((d) => d.diagnostic.severity === 'error');
    expect(refusal?.diagnostic.code).toBe('profile-unsupported-flag');
    // A fresh deriver has no last good nft views: none shown, not the iptables ones.
    expect(createDeriver()({ ...INPUT, version: '1.26' }).views).toBeUndefined();
  });

  it('runs the Bookinfo path with nftables sidecars', () => {
    const d = createDeriver()({ ...INPUT, mainView: 'path' });
    const path = d.path?.path;
    expect(path?.status).toBe(200);
    const refs = (path?.hops ?? []).flatMap((h) =>
      h.steps.flatMap((s) =>
        s.kind === 'netfilter' ? s.trace.flatMap((t) => (t.kind === 'rule' ? [t.rule] : [])) : [],
      ),
    );
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((r) => r.startsWith('inet/istio-proxy-nat/'))).toBe(true);
  });

  it('stays iptables without the field', () => {
    const { backend: _, ...rest } = INPUT;
    expect(createDeriver()(rest).views?.nft).toBeUndefined();
  });

  it('traces a pasted nft list ruleset like a pasted iptables-save', () => {
    const list = createDeriver()(INPUT).views?.nft?.list ?? '';
    const { backend: _, ...iptables } = INPUT;
    const d = createDeriver()({ ...iptables, input: { mode: 'iptables-save', text: list } });
    expect(d.stale).toBe(false);
    expect(d.views?.nft?.list).toBe(list);
    expect(d.graph?.nodes.some((n) => n.id === 'inet/istio-proxy-nat/istio-output')).toBe(true);
    expect(d.trace?.result?.final).toBe('REDIRECT:15001');
  });
});
