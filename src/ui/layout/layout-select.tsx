import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { isLayoutPreset, LAYOUT_PRESETS } from './layout-presets.ts';
import { setLayoutPreset, useLayoutPreset } from './use-layout.ts';

/** Header select of the layout preset (learn / debug / compare); shown on wide screens only. */
export function LayoutSelect(): ReactNode {
  const t = useT();
  const preset = useLayoutPreset();
  return (
    <label className="control layout-select">
      {t('layout.label')}
      <select
        value={preset}
        onChange={(e) => {
          if (isLayoutPreset(e.target.value)) setLayoutPreset(e.target.value);
        }}
      >
        {LAYOUT_PRESETS.map((p) => (
          <option key={p} value={p}>
            {t(`layout.preset.${p}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
