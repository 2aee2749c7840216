import { describe, expect, it } from 'vitest';
import {
  editorHeight,
  groupStorageKey,
  LAYOUT_PRESETS,
  presetSizes,
  PRESET_KEY,
  readPreset,
  writePreset,
} from './layout-presets.ts';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}

describe('layout presets', () => {
  it('every preset splits the page into whole columns', () => {
    for (const preset of LAYOUT_PRESETS) {
      const { columns, pathColumns } = presetSizes(preset);
      expect(columns.inputs + columns.view + columns.rules).toBe(100);
      expect(pathColumns.inputs + pathColumns.view).toBe(100);
    }
  });

  it('remembers the chosen preset and forgets its dragged sizes', () => {
    const storage = memoryStorage();
    expect(readPreset(storage)).toBe('learn');
    storage.setItem(groupStorageKey('debug', 'columns'), '{"x":1}');
    writePreset(storage, 'debug');
    expect(readPreset(storage)).toBe('debug');
    expect(storage.getItem(groupStorageKey('debug', 'columns'))).toBeNull();
  });

  it('falls back to learn for garbage or blocked storage', () => {
    const storage = memoryStorage();
    storage.setItem(PRESET_KEY, 'wide');
    expect(readPreset(storage)).toBe('learn');
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(readPreset(blocked)).toBe('learn');
    expect(readPreset(undefined)).toBe('learn');
  });

  it('sizes the editor to its text, between the preset size and 55 % of the column', () => {
    expect(editorHeight(38, 170, 800)).toBe(170);
    expect(editorHeight(570, 170, 2000)).toBe(570 + 64);
    expect(editorHeight(570, 170, 800)).toBe(440);
    expect(editorHeight(300.4, 100, 0)).toBe(301 + 64);
  });
});
