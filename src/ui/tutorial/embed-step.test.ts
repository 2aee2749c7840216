import { describe, expect, it } from 'vitest';
import { PROFILES } from '@core';
import { createExplorerStore, defaultPersistedState } from '../store/store.ts';
import { applyEmbeddedStep } from './embed-step.ts';

function freshStore() {
  return createExplorerStore(defaultPersistedState(PROFILES.latest.defaultArgs));
}

describe('applyEmbeddedStep', () => {
  it('sets the state of the step the embed URL names', async () => {
    const store = freshStore();
    await applyEmbeddedStep(store, '?embed=path&tutorial=intercept%2Fuid-1337', '');
    expect(store.getState().input.text).toContain('-u 1000');
    expect(store.getState().mainView).toBe('path');
  });

  it('leaves the state alone without a step, with an unknown lesson, or when #s= brings one', async () => {
    for (const [search, hash] of [
      ['?embed=rules', ''],
      ['?embed=rules&tutorial=nope%2Fx', ''],
      ['?embed=rules&tutorial=intercept%2Fuid-1337', '#s=abc'],
    ] as const) {
      const store = freshStore();
      const before = store.getState().input;
      await applyEmbeddedStep(store, search, hash);
      expect(store.getState().input).toBe(before);
    }
  });
});
