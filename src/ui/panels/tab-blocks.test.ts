import { describe, expect, it } from 'vitest';
import { PROFILES } from '@core';
import { createDeriver } from '../state/derive.ts';
import { listTabBlocks } from './tab-blocks.ts';

function views(ipv6: boolean) {
  const d = createDeriver()({
    input: { text: PROFILES.latest.defaultArgs },
    version: 'latest',
    ipv6,
    dnsServers: '',
  });
  if (!d.views) throw new Error('default args must generate');
  return d.views;
}

describe('listTabBlocks', () => {
  it('shows one block per family for save and restore', () => {
    expect(listTabBlocks(views(false), 'save').map((b) => b.title)).toEqual(['iptables-save']);
    const v6 = views(true);
    expect(listTabBlocks(v6, 'save').map((b) => b.title)).toEqual([
      'iptables-save',
      'ip6tables-save',
    ]);
    expect(listTabBlocks(v6, 'restore').map((b) => b.id)).toEqual(['restore-ipv4', 'restore-ipv6']);
    expect(listTabBlocks(v6, 'save')[1]?.text).toBe(v6.families[1]?.save);
  });

  it('shows one -nvL block per family and table, and a single dry-run transcript', () => {
    const v = views(true);
    const lists = listTabBlocks(v, 'list');
    expect(lists.length).toBe(v.families.reduce((n, f) => n + f.lists.length, 0));
    expect(lists.map((b) => b.title)).toContain('iptables -t nat -nvL');
    expect(lists.map((b) => b.title)).toContain('ip6tables -t nat -nvL');
    expect(listTabBlocks(v, 'dry-run')).toEqual([
      {
        id: 'dry-run',
        title: 'istio-iptables --dry-run',
        filename: 'istio-iptables-dry-run-latest.txt',
        text: v.dryRun,
      },
    ]);
  });

  it('gives every block a unique id and a filename naming the profile', () => {
    const v = views(true);
    const all = (['save', 'restore', 'dry-run', 'list'] as const).flatMap((t) =>
      listTabBlocks(v, t),
    );
    expect(new Set(all.map((b) => b.id)).size).toBe(all.length);
    for (const b of all) expect(b.filename).toMatch(/-latest\.txt$/);
  });
});
