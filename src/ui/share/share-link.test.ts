import { describe, expect, it } from 'vitest';
import { decodeHash } from '../store/permalink.ts';
import {
  createExplorerStore,
  DEFAULT_PACKET,
  defaultPersistedState,
  pickPersisted,
} from '../store/store.ts';
import type { PersistedState } from '../store/store.ts';
import { pageBase, shareUrl } from './share-link.ts';

const BASE = defaultPersistedState('-p 15001 -u 1337');

/** One non-default value per persisted field: the round trip must carry each on its own. */
const VARIANTS: {
  readonly [K in keyof Required<PersistedState>]: Partial<PersistedState> | undefined;
} = {
  v: undefined,
  input: {
    input: {
      mode: 'iptables-save',
      text: '*nat\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -j RETURN\nCOMMIT\n',
    },
  },
  otherText: { otherText: "istio-iptables -p 15001 -i '*' # 中文 +/=&?#" },
  version: { version: '1.0' },
  ipv6: { ipv6: true },
  dnsServers: { dnsServers: '10.96.0.10, fd00::a' },
  lang: { lang: 'zh' },
  packet: {
    packet: {
      ...DEFAULT_PACKET,
      preset: 'custom',
      direction: 'inbound',
      proto: 'udp',
      dport: '53',
      uid: '',
    },
  },
  path: {
    path: { routing: 'kind: VirtualService\n', headers: 'end-user: jason', origin: 'productpage' },
  },
  dataplane: {
    dataplane: {
      plane: 'ambient',
      ambient: 'AMBIENT_DNS_CAPTURE: "true" # 中文\n',
      cni: 'runAsUser: 1000\n',
      node: true,
    },
  },
  backend: { backend: 'nftables' },
};

function reopen(
  state: PersistedState,
  href = 'https://docs.example/sub/path/index.html?embed=rules#s=old',
): PersistedState | undefined {
  const url = shareUrl(href, createExplorerStore(state).getState());
  const decoded = decodeHash(new URL(url).hash);
  return decoded.kind === 'ok' ? decoded.state : undefined;
}

describe('share link', () => {
  it('round-trips every persisted field on its own', () => {
    for (const [field, patch] of Object.entries(VARIANTS)) {
      if (patch === undefined) continue;
      const state = { ...BASE, ...patch };
      expect(reopen(state), field).toEqual(pickPersisted(createExplorerStore(state).getState()));
      expect(reopen(state), field).not.toEqual(BASE);
    }
  });

  it('round-trips all fields at once', () => {
    const all = Object.values(VARIANTS).reduce<PersistedState>((s, p) => ({ ...s, ...p }), BASE);
    expect(reopen(all)).toEqual(all);
  });

  it('covers every key pickPersisted writes', () => {
    const all = Object.values(VARIANTS).reduce<PersistedState>((s, p) => ({ ...s, ...p }), BASE);
    expect(Object.keys(pickPersisted(createExplorerStore(all).getState())).sort()).toEqual(
      Object.keys(VARIANTS).sort(),
    );
  });

  it('keeps the sub-path and drops the query and the old fragment', () => {
    const url = shareUrl(
      'https://docs.example/sub/path/?embed=rules&x=1#s=old',
      createExplorerStore(BASE).getState(),
    );
    expect(url.startsWith('https://docs.example/sub/path/#s=')).toBe(true);
    expect(pageBase('http://127.0.0.1:4178/a/b/?q=1#s=x')).toBe('http://127.0.0.1:4178/a/b/');
  });

  it('ignores the ephemera (tab, diff, hover)', () => {
    const store = createExplorerStore(BASE);
    const before = shareUrl('https://x.dev/', store.getState());
    store.getState().setOutputTab('list');
    store.getState().setDiffAgainst('1.0');
    store.getState().hoverFlag('proxy-uid');
    expect(shareUrl('https://x.dev/', store.getState())).toBe(before);
  });
});
