import { useId } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useDerived, useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectDns } from '../store/derived-selectors.ts';
import { selectDnsServers } from '../store/selectors.ts';

export const DNS_SERVERS_INPUT_ID = 'dns-servers-input';

/** The pod's nameservers (Istio reads resolv.conf); used by DNS capture (`--redirect-dns`). */
export function DnsServersField(): ReactNode {
  const dnsServers = useExplorer(selectDnsServers);
  const { invalid } = useDerived(selectDns);
  const { setDnsServers } = useExplorerActions();
  const errorId = useId();
  const t = useT();
  const hasError = invalid.length > 0;
  return (
    <label className="control" title={t('header.dnsTitle')}>
      {t('header.dns')}
      <input
        id={DNS_SERVERS_INPUT_ID}
        type="text"
        value={dnsServers}
        placeholder={t('header.dnsPlaceholder')}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={hasError}
        {...(hasError ? { 'aria-describedby': errorId } : {})}
        onChange={(e) => setDnsServers(e.target.value)}
      />
      {hasError && (
        // Listed in the problems panel too; here only for screen readers, so the header never reflows.
        <span id={errorId} className="visually-hidden">
          {t('header.dnsInvalid', { items: invalid.join(', ') })}
        </span>
      )}
    </label>
  );
}
