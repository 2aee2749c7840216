import { useSyncExternalStore } from 'react';
import { readPreset, writePreset } from './layout-presets.ts';
import type { LayoutPreset } from './layout-presets.ts';

/** Which arrangement the page uses: resizable columns, one stacked column, or phone tabs. */
export type LayoutMode = 'wide' | 'stacked' | 'phone';

const WIDE = '(min-width: 1024px)';
const PHONE = '(max-width: 640px)';

function subscribeMedia(onChange: () => void): () => void {
  const queries = [window.matchMedia(WIDE), window.matchMedia(PHONE)];
  for (const q of queries) q.addEventListener('change', onChange);
  return () => {
    for (const q of queries) q.removeEventListener('change', onChange);
  };
}

function readMode(): LayoutMode {
  if (window.matchMedia(WIDE).matches) return 'wide';
  return window.matchMedia(PHONE).matches ? 'phone' : 'stacked';
}

/** The layout mode of the current viewport, following resizes and rotations. */
export function useLayoutMode(): LayoutMode {
  return useSyncExternalStore(subscribeMedia, readMode, () => 'wide');
}

const listeners = new Set<() => void>();
let current: LayoutPreset | undefined;

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

function notify(): void {
  for (const listener of listeners) listener();
}

function onStorage(): void {
  current = readPreset(storage());
  notify();
}

function subscribePreset(onChange: () => void): () => void {
  listeners.add(onChange);
  if (listeners.size === 1) window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(onChange);
    if (listeners.size === 0) window.removeEventListener('storage', onStorage);
  };
}

function readCurrent(): LayoutPreset {
  current ??= readPreset(storage());
  return current;
}

/** Chooses a preset: remembered in this browser, and its default sizes apply again. */
export function setLayoutPreset(preset: LayoutPreset): void {
  writePreset(storage(), preset);
  current = preset;
  notify();
}

/** The chosen layout preset (remembered in this browser). */
export function useLayoutPreset(): LayoutPreset {
  return useSyncExternalStore(subscribePreset, readCurrent, () => 'learn' as const);
}
