import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { ISTIO_VERSIONS, PROFILES } from '@core';
import type { IstioVersion } from '@core';
import { useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectDataplane, selectLang, selectVersion } from '../store/selectors.ts';

function isIstioVersion(value: string): value is IstioVersion {
  return (ISTIO_VERSIONS as readonly string[]).includes(value);
}

/** The generator profile: which Istio release's rule builder runs. */
export function VersionSelect(): ReactNode {
  const version = useExplorer(selectVersion);
  const { setVersion } = useExplorerActions();
  const t = useT();
  const lang = useExplorer(selectLang);
  // The ambient node agent and the CNI plugin run no istio-init profile.
  const sidecar = useExplorer(selectDataplane) === 'sidecar';
  return (
    <label
      className="control"
      title={sidecar ? PROFILES[version].description[lang] : t('dataplane.versionNote')}
    >
      {t('header.version')}
      <select
        value={version}
        disabled={!sidecar}
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
