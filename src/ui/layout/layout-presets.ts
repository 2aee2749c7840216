/**
 * Workspace layout presets: how the page splits into panes on a wide screen. Each preset names
 * the default sizes (percent of its group); what the reader drags afterwards is remembered per
 * browser and per preset by react-resizable-panels' `useDefaultLayout`.
 */
export type LayoutPreset = 'learn' | 'debug' | 'compare';

export const LAYOUT_PRESETS: readonly LayoutPreset[] = ['learn', 'debug', 'compare'];

/** Panel ids: columns of the page, then the left column's rows. */
export interface PresetSizes {
  /** inputs | main view (graph or path) | rules, in percent of the page width. */
  readonly columns: { readonly inputs: number; readonly view: number; readonly rules: number };
  /** The main view when the rules column is hidden (the Bookinfo path view). */
  readonly pathColumns: { readonly inputs: number; readonly view: number };
  /** The editor's row in the left column, in px: it is sized to a short command line. */
  readonly editorPx: number;
}

const SIZES: Readonly<Record<LayoutPreset, PresetSizes>> = {
  // Learn: the graph in the middle gets the most room; the rules stand full height beside it.
  learn: {
    columns: { inputs: 26, view: 46, rules: 28 },
    pathColumns: { inputs: 30, view: 70 },
    editorPx: 170,
  },
  // Debug: the packet workbench and its steps are wide; graph and rules share the rest.
  debug: {
    columns: { inputs: 38, view: 32, rules: 30 },
    pathColumns: { inputs: 38, view: 62 },
    editorPx: 130,
  },
  // Compare: the rules (and their diff) take half the page.
  compare: {
    columns: { inputs: 24, view: 28, rules: 48 },
    pathColumns: { inputs: 26, view: 74 },
    editorPx: 200,
  },
};

export function presetSizes(preset: LayoutPreset): PresetSizes {
  return SIZES[preset];
}

export function isLayoutPreset(value: unknown): value is LayoutPreset {
  return typeof value === 'string' && (LAYOUT_PRESETS as readonly string[]).includes(value);
}

/** The localStorage key of the chosen preset, and the prefix of each group's remembered sizes. */
export const PRESET_KEY = 'intercept-explorer.layout';

/** Reads the chosen preset from storage; `learn` when absent, unknown or storage is blocked. */
export function readPreset(storage: Pick<Storage, 'getItem'> | undefined): LayoutPreset {
  try {
    const value = storage?.getItem(PRESET_KEY);
    return isLayoutPreset(value) ? value : 'learn';
  } catch {
    return 'learn';
  }
}

/** Writes the preset and forgets what was dragged in it, so choosing a preset gives its sizes. */
export function writePreset(
  storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined,
  preset: LayoutPreset,
): void {
  try {
    storage?.setItem(PRESET_KEY, preset);
    for (const group of GROUP_NAMES) storage?.removeItem(groupStorageKey(preset, group));
  } catch {
    // Private mode or a full quota: the preset still applies for this page.
  }
}

export const GROUP_NAMES = ['columns', 'path-columns', 'inputs'] as const;
export type GroupName = (typeof GROUP_NAMES)[number];

/** The id `useDefaultLayout` stores one group's sizes under (it prefixes its own namespace). */
export function groupLayoutId(preset: LayoutPreset, group: GroupName): string {
  return `${PRESET_KEY}.${preset}.${group}`;
}

/** The storage key react-resizable-panels writes for a group id. */
export function groupStorageKey(preset: LayoutPreset, group: GroupName): string {
  return `react-resizable-panels:${groupLayoutId(preset, group)}`;
}

/** The editor panel's title, borders and a spare line under the text, in px. */
const CHROME_PX = 64;

/**
 * The editor row's height for a text `contentPx` tall: the text plus the panel's chrome, at least
 * the preset's size and at most 55 % of the column (`columnPx`, 0 when unknown).
 *
 * @example
 * editorHeight(38, 170, 800); // 170: a two-line command line keeps the preset size
 */
export function editorHeight(contentPx: number, minPx: number, columnPx: number): number {
  const wanted = Math.max(minPx, Math.ceil(contentPx) + CHROME_PX);
  return columnPx > 0 ? Math.min(wanted, Math.round(columnPx * 0.55)) : wanted;
}
