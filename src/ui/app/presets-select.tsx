import type { ReactNode } from 'react';
import { useExplorerActions } from '../state/context.tsx';
import { listPresets, PRESET_GROUP_LABELS } from './presets.ts';
import type { PresetGroup } from './presets.ts';

const PRESETS = listPresets();
const GROUPS: readonly PresetGroup[] = ['profiles', 'features', 'pods'];

/**
 * A native select used as a menu: keyboard and screen-reader support come for free; it snaps
 * back to its placeholder so the same preset can be loaded again.
 */
export function PresetsSelect(): ReactNode {
  const { loadPreset } = useExplorerActions();
  return (
    <label className="control">
      <span className="visually-hidden">Load a preset</span>
      <select
        value=""
        onChange={(e) => {
          const preset = PRESETS.find((p) => p.id === e.target.value);
          if (preset) loadPreset(preset.input);
        }}
      >
        <option value="" disabled>
          Presets…
        </option>
        {GROUPS.map((group) => (
          <optgroup key={group} label={PRESET_GROUP_LABELS[group]}>
            {PRESETS.filter((p) => p.group === group).map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
