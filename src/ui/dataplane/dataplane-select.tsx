import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectDataplane } from '../store/selectors.ts';
import { DATAPLANES, isDataplane } from './dataplane-spec.ts';

/** Who writes the pod's rules; every view (rules, graph, workbench, path) follows it. */
export function DataplaneSelect(): ReactNode {
  const plane = useExplorer(selectDataplane);
  const { setDataplane } = useExplorerActions();
  const t = useT();
  return (
    <label className="control" title={t('dataplane.title')}>
      {t('dataplane.label')}
      <select
        value={plane}
        data-testid="dataplane"
        onChange={(e) => {
          if (isDataplane(e.target.value)) setDataplane(e.target.value);
        }}
      >
        {DATAPLANES.map((p) => (
          <option key={p} value={p}>
            {t(`dataplane.${p}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
