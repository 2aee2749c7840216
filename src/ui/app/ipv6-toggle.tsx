import type { ReactNode } from 'react';
import { useExplorer, useExplorerActions } from '../state/context.tsx';
import { selectIpv6 } from '../state/selectors.ts';

/** Istio auto-detects IPv6 from the pod's addresses; here the reader decides. */
export function Ipv6Toggle(): ReactNode {
  const ipv6 = useExplorer(selectIpv6);
  const { setIpv6 } = useExplorerActions();
  return (
    <label className="control" title="The pod has an IPv6 address, so istio-iptables also writes ip6tables rules">
      <input type="checkbox" checked={ipv6} onChange={(e) => setIpv6(e.target.checked)} />
      IPv6 pod
    </label>
  );
}
