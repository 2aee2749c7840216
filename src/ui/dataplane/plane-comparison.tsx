import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { useDerived } from '../store/context.tsx';
import { selectComparison } from '../path/path-derived.ts';
import type { PlaneFacts } from './compare-planes.ts';

const ROWS: readonly { key: MessageKey; cell: (f: PlaneFacts) => string }[] = [
  { key: 'compare.calls', cell: (f) => String(f.calls) },
  { key: 'compare.passes', cell: (f) => String(f.proxyPasses) },
  { key: 'compare.mtls', cell: (f) => f.mtlsEnds.join(', ') },
  { key: 'compare.ports', cell: (f) => f.ports.join(', ') },
  { key: 'compare.l7', cell: (f) => f.l7.join(', ') },
];

/** Ambient: the followed request through sidecars and through ztunnel/waypoints, side by side. */
export function PlaneComparisonTable(): ReactNode {
  const comparison = useDerived(selectComparison);
  const t = useT();
  if (!comparison) return null;
  return (
    <div className="plane-comparison" data-testid="plane-comparison">
      <table>
        <caption>{t('compare.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('compare.aspect')}</th>
            <th scope="col">{t('compare.sidecar')}</th>
            <th scope="col">{t('compare.ambient')}</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.key} data-row={row.key}>
              <th scope="row">{t(row.key)}</th>
              <td>{row.cell(comparison.sidecar)}</td>
              <td>{row.cell(comparison.ambient)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
