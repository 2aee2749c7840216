import type { ReactNode } from 'react';
import { formatPosition } from '@core';
import { useDerived, useExplorerActions } from '../state/context.tsx';
import type { ShownDiagnostic } from '../state/derive.ts';
import { selectDiagnostics } from '../state/derived-selectors.ts';
import { DNS_SERVERS_INPUT_ID } from '../app/dns-servers-field.tsx';

const ORIGIN_NOTE: Readonly<Record<ShownDiagnostic['origin'], string>> = {
  input: '',
  'dns-servers': ' (DNS servers field)',
  generator: ' (generator)',
  rules: ' (generated rules)',
};

/** Every problem found; clicking one moves the cursor to its place (editor text or field). */
export function DiagnosticsPanel(): ReactNode {
  const diagnostics = useDerived(selectDiagnostics);
  const { revealRange } = useExplorerActions();
  return (
    <section className="panel diagnostics-panel" aria-labelledby="diagnostics-title">
      <h2 className="panel-title" id="diagnostics-title">
        Problems <span className="count" data-testid="diagnostics-count">{diagnostics.length}</span>
      </h2>
      {diagnostics.length === 0 ? (
        <p className="empty-note">No problems: istio-iptables would accept these arguments.</p>
      ) : (
        <ul className="diagnostics-list" data-testid="diagnostics">
          {diagnostics.map((d, i) => (
            <li key={`${d.origin}-${i}`}>
              <button
                type="button"
                className="diagnostic"
                disabled={!d.located && d.origin !== 'dns-servers'}
                data-code={d.diagnostic.code}
                onClick={() => {
                  if (d.origin === 'dns-servers') document.getElementById(DNS_SERVERS_INPUT_ID)?.focus();
                  else revealRange(d.diagnostic.range);
                }}
              >
                <span className={`severity severity-${d.diagnostic.severity}`}>{d.diagnostic.severity}</span>
                <span>
                  {d.diagnostic.message}
                  <span className="diagnostic-code">
                    {' '}
                    [{d.diagnostic.code}]{ORIGIN_NOTE[d.origin]}
                  </span>
                </span>
                <span className="diagnostic-position">{d.located ? formatPosition(d.diagnostic.range) : ''}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
