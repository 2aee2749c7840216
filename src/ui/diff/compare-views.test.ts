import { describe, expect, it } from 'vitest';
import { createDeriver } from '../state/derive.ts';
import type { OutputViews } from '../store/derived.ts';
import { createVersionViews, createViewsHistory } from './compare-views.ts';
import { diffTabBlocks } from './diff-blocks.ts';

const derive = createDeriver();
const viewsOf = (text: string): OutputViews => {
  const v = derive({ input: { text }, version: 'latest', ipv6: false, dnsServers: '' }).views;
  if (!v) throw new Error('no views');
  return v;
};

describe('views history', () => {
  it('remembers the output before each output', () => {
    const h = createViewsHistory();
    const a = viewsOf('-p 15001');
    const b = viewsOf('-p 15001 -b 9080');
    h.observe(a, 0);
    h.observe(a, 10);
    expect(h.previousOf(a)).toBeUndefined();
    h.observe(b, 5000);
    expect(h.previousOf(b)).toBe(a);
    h.observe(undefined, 6000);
    expect(h.previousOf(b)).toBe(a);
  });

  it('skips the outputs of a burst of keystrokes', () => {
    const h = createViewsHistory();
    const [a, b, c, d] = ['-p 15001', '-p 1', '-p 15', '-p 150'].map(viewsOf);
    h.observe(a, 0);
    h.observe(b, 5000);
    h.observe(c, 5100);
    h.observe(d, 5200);
    expect(h.previousOf(d)).toBe(a);
    // Once d has settled, the next edit compares with d.
    const e = viewsOf('-p 1500');
    h.observe(e, 9000);
    expect(h.previousOf(e)).toBe(d);
  });
});

describe('diff of an edit and of another profile', () => {
  it('shows the rule an added exclusion writes', () => {
    const blocks = diffTabBlocks(
      viewsOf('-p 15001 -b *'),
      viewsOf('-p 15001 -b * -d 9999'),
      'save',
    );
    expect(blocks[0]?.stats.removed).toBe(0);
    const added = blocks[0]?.rows.flatMap((r) =>
      r.kind === 'line' && r.line.kind === 'added' ? [r.line.text] : [],
    );
    expect(added?.some((l) => l.includes('9999'))).toBe(true);
  });

  it('compares the same args under another profile', () => {
    const viewsForVersion = createVersionViews(createDeriver());
    const current = viewsOf('-p 15001 -z 15006 -u 1337 -m REDIRECT -i * -b *');
    const old = viewsForVersion(
      'args',
      '-p 15001 -z 15006 -u 1337 -m REDIRECT -i * -b *',
      false,
      '',
      '1.0',
    );
    expect(old?.version).toBe('1.0');
    const blocks = diffTabBlocks(old as OutputViews, current, 'dry-run');
    expect((blocks[0]?.stats.added ?? 0) + (blocks[0]?.stats.removed ?? 0)).toBeGreaterThan(0);
    expect(viewsForVersion('iptables-save', '*nat\nCOMMIT\n', false, '', '1.0')).toBeUndefined();
  });
});
