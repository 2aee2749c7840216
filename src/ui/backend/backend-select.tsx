import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectBackend, selectDataplane } from '../store/selectors.ts';
import type { Backend } from '../store/store.ts';

const BACKENDS: readonly Backend[] = ['iptables', 'nftables'];

const isBackend = (value: string): value is Backend =>
  (BACKENDS as readonly string[]).includes(value);

/** istio-iptables or its `--native-nftables` backend; rules, graph and workbench follow it. */
export function BackendSelect(): ReactNode {
  const backend = useExplorer(selectBackend);
  const sidecar = useExplorer(selectDataplane) === 'sidecar';
  const { setBackend } = useExplorerActions();
  const t = useT();
  return (
    <label className="control" title={t(sidecar ? 'backend.title' : 'backend.sidecarOnly')}>
      {t('backend.label')}
      <select
        value={backend}
        disabled={!sidecar}
        data-testid="backend"
        onChange={(e) => {
          if (isBackend(e.target.value)) setBackend(e.target.value);
        }}
      >
        {BACKENDS.map((b) => (
          <option key={b} value={b}>
            {t(`backend.${b}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
