import { describe, expect, it } from 'vitest';
import { EMPTY_RANGE } from '@core';
import {
  createExplorerStore,
  DEFAULT_PACKET,
  defaultPersistedState,
  persistedChanged,
  pickPersisted,
} from './store.ts';

describe('createExplorerStore', () => {
  it('starts from the given persisted state with the save tab and no reveal request', () => {
    const store = createExplorerStore(defaultPersistedState('-p 15001'));
    const s = store.getState();
    expect(pickPersisted(s)).toEqual({
      v: 2,
      input: { mode: 'args', text: '-p 15001' },
      otherText: '',
      version: 'latest',
      ipv6: false,
      dnsServers: '',
      lang: 'en',
      packet: DEFAULT_PACKET,
    });
    expect(s.outputTab).toBe('save');
    expect(s.revealRequest).toBeNull();
  });

  it('keeps the input object when the text did not change (no spurious derivation)', () => {
    const store = createExplorerStore(defaultPersistedState('-p 15001'));
    const before = store.getState().input;
    store.getState().setInputText('-p 15001');
    expect(store.getState().input).toBe(before);
    store.getState().setInputText('-p 15002');
    expect(store.getState().input).toEqual({ mode: 'args', text: '-p 15002' });
  });

  it('loads a preset in one update and keeps ipv6/dns unless the preset sets them', () => {
    const store = createExplorerStore({
      ...defaultPersistedState('x'),
      ipv6: true,
      dnsServers: '1.1.1.1',
    });
    let updates = 0;
    store.subscribe(() => updates++);
    store.getState().loadPreset({ text: '-p 1', version: '1.0' });
    expect(updates).toBe(1);
    expect(pickPersisted(store.getState())).toMatchObject({
      version: '1.0',
      ipv6: true,
      dnsServers: '1.1.1.1',
    });
    store.getState().loadPreset({ text: '-p 2', version: 'latest', ipv6: false, dnsServers: '' });
    expect(pickPersisted(store.getState())).toMatchObject({
      input: { text: '-p 2' },
      ipv6: false,
      dnsServers: '',
    });
  });

  it('numbers reveal requests so revealing the same range twice is two requests', () => {
    const store = createExplorerStore(defaultPersistedState(''));
    store.getState().revealRange(EMPTY_RANGE);
    const first = store.getState().revealRequest;
    store.getState().revealRange(EMPTY_RANGE);
    expect(store.getState().revealRequest).not.toBe(first);
    expect(store.getState().revealRequest?.seq).toBe(2);
  });

  it('keeps ephemera out of the persisted slice', () => {
    const store = createExplorerStore(defaultPersistedState('a'));
    store.getState().setOutputTab('list');
    store.getState().setGraphFamily(6);
    store.getState().selectRule(null);
    expect(Object.keys(pickPersisted(store.getState())).sort()).toEqual([
      'dnsServers',
      'input',
      'ipv6',
      'lang',
      'otherText',
      'packet',
      'v',
      'version',
    ]);
  });

  it('sees a change of each persisted field, and none of the ephemera', () => {
    const store = createExplorerStore(defaultPersistedState('a'));
    const changes: boolean[] = [];
    store.subscribe((next, prev) => changes.push(persistedChanged(next, prev)));
    const s = store.getState();
    s.setOutputTab('list');
    s.setGraphFamily(6);
    s.hoverFlag('envoy-port');
    expect(changes).toEqual([false, false, false]);
    s.setInputText('b');
    s.setVersion('1.0');
    s.setIpv6(true);
    s.setDnsServers('10.96.0.10');
    s.setLang('zh');
    s.setPacketField('dport', '80');
    s.setPathSpec({ headers: 'end-user: jason' });
    s.setInputMode('iptables-save', '*nat\nCOMMIT\n');
    expect(changes.slice(3)).toEqual(Array(8).fill(true));
  });

  it('switches the input mode, keeping the other text for the way back', () => {
    const store = createExplorerStore(defaultPersistedState('-p 15001'));
    store.getState().setInputMode('iptables-save', '*nat\nCOMMIT\n');
    expect(store.getState().input).toEqual({ mode: 'iptables-save', text: '*nat\nCOMMIT\n' });
    store.getState().setInputText('*filter\nCOMMIT\n');
    store.getState().setInputMode('args', 'unused');
    expect(store.getState().input).toEqual({ mode: 'args', text: '-p 15001' });
    store.getState().setInputMode('iptables-save', 'unused');
    expect(store.getState().input.text).toBe('*filter\nCOMMIT\n');
    store.getState().loadPreset({ text: '-p 1', version: 'latest' });
    expect(store.getState().input).toEqual({ mode: 'args', text: '-p 1' });
    expect(store.getState().otherText).toBe('*filter\nCOMMIT\n');
  });

  it('edits the packet field by field, marking it custom; a typed value that is not valid is ignored', () => {
    const store = createExplorerStore(defaultPersistedState(''));
    store.getState().setPacketField('dport', '8080');
    expect(store.getState().packet).toMatchObject({ preset: 'custom', dport: '8080' });
    const before = store.getState().packet;
    store.getState().setPacketField('proto', 'sctp');
    store.getState().setPacketField('dport', '8080');
    expect(store.getState().packet).toBe(before);
    store.getState().setPacket(DEFAULT_PACKET);
    expect(store.getState().packet).toBe(DEFAULT_PACKET);
    store.getState().setLang('zh');
    expect(store.getState().lang).toBe('zh');
  });
});
