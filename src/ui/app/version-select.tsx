import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { ISTIO_VERSIONS, PROFILES } from '@core';
import type { IstioVersion } from '@core';
import { useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectLang, selectVersion } from '../store/selectors.ts';

function isIstioVersion(value: string): value is IstioVersion {
  return (ISTIO_VERSIONS as readonly string[]).includes(value);
}

/** The generator profile: which Istio release's rule builder runs. */
export function VersionSelect(): ReactNode {
  const version = useExplorer(selectVersion);
  const { setVersion } = useExplorerActions();
  const t = useT();
  const lang = useExplorer(selectLang);
  return (
    <label className="control" title={PROFILES[version].description[lang]}>
      {t('header.version')}
      <select
        value={version}
        onChange={(e) => {
          if (isIstioVersion(e.target.value)) setVersion(e.target.value);
        }}
      >
        {ISTIO_VERSIONS.map((v) => (
          <option key={v} value={v}>
            {PROFILES[v].label[lang]}
          </option>
        ))}
      </select>
    </label>
  );
}
