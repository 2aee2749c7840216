import { describe, expect, it } from 'vitest';
import { decodeHash, encodeHash } from '../store/permalink.ts';
import { selectDataplane, selectEditorKind, selectText } from '../store/selectors.ts';
import { createExplorerStore, defaultPersistedState, pickPersisted } from '../store/store.ts';
import { DEFAULT_AMBIENT_TEXT, DEFAULT_CNI_TEXT } from './dataplane-spec.ts';

const ARGS = '-p 15001 -u 1337';

describe('the data plane in the store', () => {
  it('the editor edits the current plane’s text; switching back and forth loses none', () => {
    const store = createExplorerStore(defaultPersistedState(ARGS));
    const s = () => store.getState();
    expect(selectDataplane(s())).toBe('sidecar');
    s().setDataplane('ambient');
    expect(selectEditorKind(s())).toBe('ambient');
    expect(selectText(s())).toBe(DEFAULT_AMBIENT_TEXT);
    s().setInputText('AMBIENT_DNS_CAPTURE: "true"\n');
    s().setDataplane('cni');
    expect(selectText(s())).toBe(DEFAULT_CNI_TEXT);
    s().setInputText('runAsUser: 1000\n');
    s().setDataplane('sidecar');
    expect(selectText(s())).toBe(ARGS);
    expect(s().input.text).toBe(ARGS);
    s().setDataplane('ambient');
    expect(selectText(s())).toBe('AMBIENT_DNS_CAPTURE: "true"\n');
    s().setDataplane('cni');
    expect(selectText(s())).toBe('runAsUser: 1000\n');
  });

  it('a data-plane preset switches the plane; an args preset switches back to sidecar', () => {
    const store = createExplorerStore(defaultPersistedState(ARGS));
    const s = () => store.getState();
    s().loadPreset({ text: 'runAsUser: 7\n', version: 'latest', dataplane: 'cni' });
    expect(selectDataplane(s())).toBe('cni');
    expect(selectText(s())).toBe('runAsUser: 7\n');
    expect(s().input.text).toBe(ARGS);
    s().loadPreset({ text: '-p 15002', version: '1.0' });
    expect(selectDataplane(s())).toBe('sidecar');
    expect(selectText(s())).toBe('-p 15002');
    expect(s().dataplane?.cni).toBe('runAsUser: 7\n');
  });

  it('the permalink carries the plane, its texts and the node scope; older links are sidecar', () => {
    const store = createExplorerStore(defaultPersistedState(ARGS));
    store.getState().setDataplane('ambient');
    store.getState().setAmbientNode(true);
    store.getState().setInputText('AMBIENT_DNS_CAPTURE: "true"\n');
    const persisted = pickPersisted(store.getState());
    const decoded = decodeHash(`#${encodeHash(persisted)}`);
    expect(decoded).toEqual({ kind: 'ok', state: persisted });
    if (decoded.kind !== 'ok') return;
    expect(decoded.state.dataplane).toEqual({
      plane: 'ambient',
      ambient: 'AMBIENT_DNS_CAPTURE: "true"\n',
      cni: DEFAULT_CNI_TEXT,
      node: true,
    });
    // A link written before the data plane existed (v2 without the field, and v1).
    const old = decodeHash(`#${encodeHash(defaultPersistedState(ARGS))}`);
    expect(old.kind === 'ok' && selectDataplane(createExplorerStore(old.state).getState())).toBe(
      'sidecar',
    );
    const garbage = { ...defaultPersistedState(ARGS), dataplane: { plane: 'ztunnel' } };
    const read = decodeHash(`#${encodeHash(garbage as never)}`);
    expect(read.kind === 'ok' && read.state.dataplane).toBeUndefined();
  });
});
