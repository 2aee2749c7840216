import { describe, expect, it } from 'vitest';
import { EMPTY_RANGE } from '@core';
import { createExplorerStore, defaultPersistedState, pickPersisted } from './store.ts';

describe('createExplorerStore', () => {
  it('starts from the given persisted state with the save tab and no reveal request', () => {
    const store = createExplorerStore(defaultPersistedState('-p 15001'));
    const s = store.getState();
    expect(pickPersisted(s)).toEqual({ v: 1, input: { mode: 'args', text: '-p 15001' }, version: 'latest', ipv6: false, dnsServers: '' });
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
    const store = createExplorerStore({ ...defaultPersistedState('x'), ipv6: true, dnsServers: '1.1.1.1' });
    let updates = 0;
    store.subscribe(() => updates++);
    store.getState().loadPreset({ text: '-p 1', version: '1.0' });
    expect(updates).toBe(1);
    expect(pickPersisted(store.getState())).toMatchObject({ version: '1.0', ipv6: true, dnsServers: '1.1.1.1' });
    store.getState().loadPreset({ text: '-p 2', version: 'latest', ipv6: false, dnsServers: '' });
    expect(pickPersisted(store.getState())).toMatchObject({ input: { text: '-p 2' }, ipv6: false, dnsServers: '' });
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
    expect(Object.keys(pickPersisted(store.getState())).sort()).toEqual(['dnsServers', 'input', 'ipv6', 'v', 'version']);
  });
});
