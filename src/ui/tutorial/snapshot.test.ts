import { describe, expect, it } from 'vitest';
import { createExplorerStore, defaultPersistedState } from '../store/store.ts';
import { changedFlags, restoreSnapshot, takeSnapshot } from './snapshot.ts';

describe('tutorial snapshot', () => {
  it('names the flags the tutorial changed', () => {
    expect(changedFlags('-p 15001 -u 1000', '-p 15001 -u 1000')).toEqual([]);
    expect(changedFlags('-p 15001 -u 1000', '-p 15001 -u 1337')).toEqual(['-u']);
    expect(changedFlags('-u 1000', '-u 1000 -m TPROXY --run-validation')).toEqual([
      '-m',
      '--run-validation',
    ]);
    expect(changedFlags('--proxy-uid=1 -p 1', '--proxy-uid=2 -p 1')).toEqual(['--proxy-uid']);
    expect(changedFlags('*nat\nCOMMIT', '*filter\nCOMMIT')).toEqual(['text']);
  });

  it('gives back the reader’s args, version and view', () => {
    const store = createExplorerStore(defaultPersistedState('-p 15001'));
    store.getState().setInputText('-p 15001 -u 1000');
    store.getState().setMainView('path');
    const snapshot = takeSnapshot(store);
    store.getState().loadPreset({ text: '-p 15001 -u 1337', version: '1.0' });
    store.getState().setMainView('graph');
    restoreSnapshot(store, snapshot);
    const s = store.getState();
    expect(s.input.text).toBe('-p 15001 -u 1000');
    expect(s.version).toBe(snapshot.version);
    expect(s.mainView).toBe('path');
  });
});
