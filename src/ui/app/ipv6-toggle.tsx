import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectDataplane, selectIpv6 } from '../store/selectors.ts';

/** Istio auto-detects IPv6 from the pod's addresses; here the reader decides. */
export function Ipv6Toggle(): ReactNode {
  const ipv6 = useExplorer(selectIpv6);
  const { setIpv6 } = useExplorerActions();
  const t = useT();
  const sidecar = useExplorer(selectDataplane) === 'sidecar';
  return (
    <label className="control" title={t(sidecar ? 'header.ipv6Title' : 'dataplane.ipv6Title')}>
      <input type="checkbox" checked={ipv6} onChange={(e) => setIpv6(e.target.checked)} />
      {t('header.ipv6')}
    </label>
  );
}
