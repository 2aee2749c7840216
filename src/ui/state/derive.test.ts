import { describe, expect, it } from 'vitest';
import { PROFILES } from '@core';
import { createDeriver, parseDnsServers } from './derive.ts';
import type { DeriveInput } from '../store/derived.ts';
import { DEFAULT_PACKET } from '../store/store.ts';

const DEFAULT_ARGS = PROFILES.latest.defaultArgs;

function input(text: string, extra: Partial<Omit<DeriveInput, 'input'>> = {}): DeriveInput {
  return { input: { text }, version: 'latest', ipv6: false, dnsServers: '', ...extra };
}

describe('createDeriver', () => {
  it('derives every view of the default args from the real core', () => {
    const d = createDeriver()(input(DEFAULT_ARGS));
    expect(d.stale).toBe(false);
    expect(d.diagnostics.filter((x) => x.diagnostic.severity === 'error')).toEqual([]);
    expect(d.source).toBe('command-line');
    const v4 = d.views?.families[0];
    expect(d.views?.families.map((f) => f.family)).toEqual([4]);
    expect(v4?.save).toContain('-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006');
    expect(v4?.restore).toContain('COMMIT');
    expect(v4?.lists.map((l) => l.table)).toContain('nat');
    expect(v4?.lists.find((l) => l.table === 'nat')?.text).toContain('Chain ISTIO_INBOUND');
    expect(d.views?.dryRun).toContain('-N ISTIO_INBOUND');
  });

  it('returns the same object while the inputs are unchanged (nothing re-renders)', () => {
    const derive = createDeriver();
    const a = derive(input(DEFAULT_ARGS));
    expect(derive({ ...input(DEFAULT_ARGS) })).toBe(a);
    const b = derive(input(DEFAULT_ARGS.replace('15006', '15007')));
    expect(b).not.toBe(a);
    expect(b.views?.families[0]?.save).toContain('--to-ports 15007');
  });

  it('keeps the last good views, marked stale, while the input has errors', () => {
    const derive = createDeriver();
    const good = derive(input(DEFAULT_ARGS));
    const text = DEFAULT_ARGS.replace('-p 15001', '-p 99999');
    const bad = derive(input(text));
    expect(bad.stale).toBe(true);
    expect(bad.views).toBe(good.views);
    const problem = bad.diagnostics.find((x) => x.diagnostic.code === 'bad-port');
    expect(problem?.located).toBe(true);
    expect(text.slice(problem?.diagnostic.range.start, problem?.diagnostic.range.end)).toBe(
      '99999',
    );
    const fixed = derive(input(DEFAULT_ARGS.replace('-p 15001', '-p 15002')));
    expect(fixed.stale).toBe(false);
    expect(fixed.views?.families[0]?.save).toContain('--to-ports 15002');
  });

  it('has no views at all when the very first input is invalid', () => {
    const d = createDeriver()(input('--no-such-flag'));
    expect(d.stale).toBe(true);
    expect(d.views).toBeUndefined();
    expect(d.diagnostics.map((x) => x.diagnostic.code)).toContain('unknown-flag');
  });

  it('adds the IPv6 family when the pod has an IPv6 address', () => {
    const d = createDeriver()(input(DEFAULT_ARGS, { ipv6: true }));
    expect(d.views?.families.map((f) => f.family)).toEqual([4, 6]);
    expect(d.views?.families[1]?.save).toContain('::1/128');
  });

  it('puts generator diagnostics on the flag token they are about', () => {
    const text = `${DEFAULT_ARGS} --redirect-dns`;
    const warned = createDeriver()(input(text));
    const w = warned.diagnostics.find((x) => x.diagnostic.code === 'dns-capture-disabled');
    expect(w).toMatchObject({ origin: 'generator', located: true });
    expect(text.slice(w?.diagnostic.range.start, w?.diagnostic.range.end)).toBe('--redirect-dns');
    expect(warned.stale).toBe(false);
    const withDns = createDeriver()(input(text, { dnsServers: '10.96.0.10' }));
    expect(withDns.diagnostics.map((x) => x.diagnostic.code)).not.toContain('dns-capture-disabled');
    expect(withDns.views?.families[0]?.save).toContain('ISTIO_OUTPUT_DNS');
  });

  it('regenerates for another version profile without re-parsing', () => {
    const derive = createDeriver();
    const latest = derive(input(DEFAULT_ARGS));
    const old = derive(input(DEFAULT_ARGS, { version: '1.0' }));
    expect(old.views?.version).toBe('1.0');
    expect(old.views?.families[0]?.save).not.toBe(latest.views?.families[0]?.save);
  });
});

describe('DNS servers field', () => {
  it('reports entries that are not addresses as warnings and generates without them', () => {
    const d = createDeriver()(
      input(`${DEFAULT_ARGS} --redirect-dns`, { dnsServers: '10.96.0.10 nope' }),
    );
    const bad = d.diagnostics.find((x) => x.origin === 'dns-servers');
    expect(bad?.diagnostic).toMatchObject({ code: 'bad-address', severity: 'warning' });
    expect(bad?.diagnostic.message).toContain('"nope"');
    expect(d.stale).toBe(false);
    expect(d.views?.families[0]?.save).toContain('-d 10.96.0.10/32');
  });
});

describe('parseDnsServers', () => {
  it('splits on commas and spaces and reports entries that are not addresses', () => {
    expect(parseDnsServers(' 10.96.0.10, fd00::a  nope,,')).toEqual({
      servers: ['10.96.0.10', 'fd00::a'],
      invalid: ['nope'],
    });
    expect(parseDnsServers('')).toEqual({ servers: [], invalid: [] });
  });
});

describe('graph, trace and batch stages', () => {
  const base = {
    input: { text: DEFAULT_ARGS, mode: 'args' as const },
    version: 'latest' as const,
    ipv6: false,
    dnsServers: '',
  };

  it('derives the jump graph and the workbench trace; a packet change does not regenerate the rules', () => {
    const derive = createDeriver();
    const a = derive({ ...base, packet: DEFAULT_PACKET });
    expect(a.graph?.nodes.map((n) => n.id)).toContain('nat/ISTIO_OUTPUT');
    expect(a.trace?.result?.final).toBe('REDIRECT:15001');
    expect(a.highlight.edges.has('nat/OUTPUT#1' as never)).toBe(true);
    expect(a.batch).toBeUndefined();
    const b = derive({ ...base, packet: { ...DEFAULT_PACKET, uid: '1337' } });
    expect(b.views).toBe(a.views);
    expect(b.graph).toBe(a.graph);
    expect(b.trace?.result?.final).toBe('ACCEPT');
    const c = derive({
      ...base,
      packet: { ...DEFAULT_PACKET, uid: '1337' },
      workbenchView: 'batch',
    });
    expect(c.batch?.rows.length).toBeGreaterThan(5);
    expect(c.graph).toBe(a.graph);
  });

  it('draws the IPv6 family when asked, and an IPv4 trace lights nothing there', () => {
    const d = createDeriver()({ ...base, ipv6: true, graphFamily: 6, packet: DEFAULT_PACKET });
    expect(d.graph?.family).toBe(6);
    expect(d.highlight.chains.size).toBe(0);
  });

  it('works on a pasted iptables-save dump, with located parse errors and the last good views', () => {
    const derive = createDeriver();
    const generated = derive({ ...base, packet: DEFAULT_PACKET }).views?.families[0]?.save ?? '';
    const pasted = derive({
      ...base,
      input: { mode: 'iptables-save', text: generated },
      packet: DEFAULT_PACKET,
    });
    expect(pasted.mode).toBe('iptables-save');
    expect(pasted.stale).toBe(false);
    expect(pasted.views?.version).toBeUndefined();
    expect(pasted.views?.families[0]?.save).toBe(generated);
    expect(pasted.trace?.result?.final).toBe('REDIRECT:15001');
    const broken = `${generated.replace('COMMIT', '-A NOPE -j ACCEPT\nCOMMIT')}`;
    const bad = derive({
      ...base,
      input: { mode: 'iptables-save', text: broken },
      packet: DEFAULT_PACKET,
    });
    expect(bad.stale).toBe(true);
    expect(bad.views).toBe(pasted.views);
    const problem = bad.diagnostics.find((x) => x.diagnostic.severity === 'error');
    expect(problem?.located).toBe(true);
    expect(broken.slice(problem?.diagnostic.range.start, problem?.diagnostic.range.end)).toContain(
      'NOPE',
    );
  });
});
