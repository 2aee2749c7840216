import { compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { decodeHash, encodeHash, migrate } from './permalink.ts';
import { DEFAULT_PACKET } from './store.ts';
import type { PersistedState } from './store.ts';

const STATE: PersistedState = {
  v: 2,
  input: { mode: 'args', text: 'istio-iptables -p 15001 -i \'*\' -x "" # 中文 +/=&' },
  otherText: '*nat\nCOMMIT\n',
  version: '1.11',
  ipv6: true,
  dnsServers: '10.96.0.10, fd00::a',
  lang: 'zh',
  packet: { ...DEFAULT_PACKET, preset: 'custom', dport: '8080' },
};

describe('permalink', () => {
  it('round-trips the persisted state through the URL fragment', () => {
    expect(decodeHash(`#${encodeHash(STATE)}`)).toEqual({ kind: 'ok', state: STATE });
    expect(decodeHash(encodeHash(STATE))).toEqual({ kind: 'ok', state: STATE });
  });

  it('carries the nftables backend; links without it (or with junk) stay iptables', () => {
    const nft: PersistedState = { ...STATE, backend: 'nftables' };
    expect(decodeHash(encodeHash(nft))).toEqual({ kind: 'ok', state: nft });
    const old = decodeHash(encodeHash(STATE));
    expect(old.kind === 'ok' && old.state.backend).toBeUndefined();
    const junk = decodeHash(
      `#s=${compressToEncodedURIComponent(JSON.stringify({ ...STATE, backend: 'pf' }))}`,
    );
    expect(junk.kind === 'ok' && junk.state.backend).toBeUndefined();
  });

  it('survives a URL layer turning + into a space', () => {
    const hash = encodeHash({ ...STATE, input: { mode: 'args', text: '~'.repeat(300) } });
    expect(decodeHash(hash.replaceAll('+', ' '))).toMatchObject({ kind: 'ok' });
  });

  it('reports no state for an empty or foreign fragment', () => {
    expect(decodeHash('')).toEqual({ kind: 'none' });
    expect(decodeHash('#')).toEqual({ kind: 'none' });
    expect(decodeHash('#section-2')).toEqual({ kind: 'none' });
  });

  it('refuses garbage and unknown versions without throwing', () => {
    expect(decodeHash('#s=%%%not-lz')).toMatchObject({ kind: 'invalid' });
    expect(decodeHash(`#s=${compressToEncodedURIComponent('{not json')}`)).toMatchObject({
      kind: 'invalid',
    });
    expect(
      decodeHash(`#s=${compressToEncodedURIComponent(JSON.stringify({ ...STATE, v: 99 }))}`),
    ).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('version') as unknown,
    });
    expect(decodeHash(`#s=${'A'.repeat(2_000_001)}`)).toMatchObject({ kind: 'invalid' });
  });

  it('migrate validates every field and defaults the optional ones', () => {
    expect(migrate(null)).toBeUndefined();
    expect(migrate([])).toBeUndefined();
    expect(migrate({ v: 1, input: { mode: 'args', text: 1 }, version: 'latest' })).toBeUndefined();
    expect(migrate({ v: 1, input: { mode: 'args', text: '' }, version: '9.9' })).toBeUndefined();
    expect(migrate({ v: 2, input: { mode: 'nope', text: 'x' }, version: '1.0' })).toBeUndefined();
    expect(
      migrate(
        {
          v: 2,
          input: { mode: 'iptables-save', text: 'x' },
          version: '1.0',
          lang: 'fr',
          packet: 3,
        },
        'zh',
      ),
    ).toEqual({
      v: 2,
      input: { mode: 'iptables-save', text: 'x' },
      otherText: '',
      version: '1.0',
      ipv6: false,
      dnsServers: '',
      lang: 'zh',
      packet: DEFAULT_PACKET,
    });
  });

  it("migrates a v1 link to v2 with the reader's language and the default packet", () => {
    const v1 = {
      v: 1,
      input: { mode: 'args', text: '-p 15001' },
      version: '1.20',
      ipv6: true,
      dnsServers: '10.0.0.10',
    };
    expect(migrate(v1, 'zh')).toEqual({
      v: 2,
      input: { mode: 'args', text: '-p 15001' },
      otherText: '',
      version: '1.20',
      ipv6: true,
      dnsServers: '10.0.0.10',
      lang: 'zh',
      packet: DEFAULT_PACKET,
    });
    const hash = `s=${compressToEncodedURIComponent(JSON.stringify(v1))}`;
    expect(decodeHash(hash, 'en')).toMatchObject({ kind: 'ok', state: { v: 2, lang: 'en' } });
  });
});
