import { useId } from 'react';
import type { ReactNode } from 'react';
import { useDerived, useExplorer, useExplorerActions } from '../state/context.tsx';
import { selectDns } from '../state/derived-selectors.ts';
import { selectDnsServers } from '../state/selectors.ts';

/** The pod's nameservers (Istio reads resolv.conf); used by DNS capture (`--redirect-dns`). */
export function DnsServersField(): ReactNode {
  const dnsServers = useExplorer(selectDnsServers);
  const { invalid } = useDerived(selectDns);
  const { setDnsServers } = useExplorerActions();
  const errorId = useId();
  const hasError = invalid.length > 0;
  return (
    <label className="control" title="Nameservers from the pod's /etc/resolv.conf, comma-separated">
      DNS servers
      <input
        type="text"
        value={dnsServers}
        placeholder="e.g. 10.96.0.10"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={hasError}
        {...(hasError ? { 'aria-describedby': errorId } : {})}
        onChange={(e) => setDnsServers(e.target.value)}
      />
      {hasError && (
        <span id={errorId} className="field-error" role="status">
          not an IP address: {invalid.join(', ')}
        </span>
      )}
    </label>
  );
}
