import { describe, expect, it } from 'vitest';
import { PROFILES } from '@core';
import { createDeriver } from '../state/derive.ts';
import { decodeHash, encodeHash, migrate } from '../store/permalink.ts';
import { createExplorerStore, defaultPersistedState, pickPersisted } from '../store/store.ts';
import { DEFAULT_PATH_SPEC, readPathSpec } from './path-spec.ts';
import { renderRoutingPreset } from './routing-presets.ts';

const ARGS = PROFILES.latest.defaultArgs;

describe('path state', () => {
  it('persists routing, headers and request in the permalink; older v2 links get the defaults', () => {
    const store = createExplorerStore(defaultPersistedState(ARGS));
    expect(pickPersisted(store.getState()).path).toBeUndefined();
    store.getState().setPathSpec({ headers: 'end-user: jason' });
    store.getState().setPathSpec({ routing: renderRoutingPreset('reviews-test-v2') });
    const state = pickPersisted(store.getState());
    expect(state.path).toEqual({
      ...DEFAULT_PATH_SPEC,
      headers: 'end-user: jason',
      routing: renderRoutingPreset('reviews-test-v2'),
    });
    expect(decodeHash(`#${encodeHash(state)}`)).toEqual({ kind: 'ok', state });
    expect(
      migrate({ v: 2, input: { mode: 'args', text: ARGS }, version: 'latest' })?.path,
    ).toBeUndefined();
    expect(readPathSpec({ routing: 3, origin: 'productpage' })).toEqual({
      routing: '',
      headers: '',
      origin: 'productpage',
    });
    expect(readPathSpec('nope')).toBeUndefined();
  });

  it('derives the path only while it is viewed, and keeps it while nothing it reads changes', () => {
    const store = createExplorerStore(defaultPersistedState(ARGS));
    const derive = createDeriver();
    expect(derive(store.getState()).path).toBeUndefined();
    store.getState().setMainView('path');
    const first = derive(store.getState());
    expect(first.path?.path?.status).toBe(200);
    store.getState().setOutputTab('list');
    expect(derive(store.getState()).path).toBe(first.path);
    store.getState().setPathSpec({ routing: renderRoutingPreset('all-v1') });
    expect(derive(store.getState()).path?.path?.hops).toHaveLength(3);
  });

  it('keeps the last good path while the editor args have errors', () => {
    const store = createExplorerStore(defaultPersistedState(ARGS));
    const derive = createDeriver();
    store.getState().setMainView('path');
    const good = derive(store.getState()).path?.path;
    store.getState().setInputText(`${ARGS} --no-such-flag`);
    const bad = derive(store.getState());
    expect(bad.path?.stale).toBe(true);
    expect(bad.path?.path).toBe(good);
  });

  it('lights a path step up in the chain graph instead of the workbench packet', () => {
    const store = createExplorerStore(defaultPersistedState(ARGS));
    const derive = createDeriver();
    const before = derive(store.getState()).highlight;
    expect(before.matched.has('nat/ISTIO_INBOUND#5' as never)).toBe(false);
    store.getState().showStepInGraph('h2.12');
    const d = derive(store.getState());
    expect(store.getState().mainView).toBe('graph');
    expect(d.graphStep?.inGraph).toBe(true);
    expect(d.highlight.matched.has('nat/ISTIO_INBOUND#5' as never)).toBe(true);
    store.getState().setPacketField('dport', '9081');
    expect(derive(store.getState()).graphStep).toBeUndefined();
  });
});
