import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectLang } from '../store/selectors.ts';
import { listPresets, PRESET_GROUP_LABELS, presetParams } from './presets.ts';
import type { PresetGroup } from './presets.ts';

const PRESETS = listPresets();
const GROUPS: readonly PresetGroup[] = ['profiles', 'features', 'pods', 'ambient', 'cni'];

/**
 * A native select used as a menu: keyboard and screen-reader support come for free; it snaps
 * back to its placeholder so the same preset can be loaded again.
 */
export function PresetsSelect(): ReactNode {
  const { loadPreset } = useExplorerActions();
  const t = useT();
  const lang = useExplorer(selectLang);
  return (
    <label className="control">
      <span className="visually-hidden">{t('header.loadPreset')}</span>
      <select
        value=""
        onChange={(e) => {
          const preset = PRESETS.find((p) => p.id === e.target.value);
          if (preset) loadPreset(preset.input);
        }}
      >
        <option value="" disabled>
          {t('header.presets')}
        </option>
        {GROUPS.map((group) => (
          <optgroup key={group} label={t(PRESET_GROUP_LABELS[group])}>
            {PRESETS.filter((p) => p.group === group).map((p) => (
              <option key={p.id} value={p.id}>
                {t(p.label.key, presetParams(p, lang))}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
