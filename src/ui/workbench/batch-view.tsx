import type { ReactNode } from 'react';
import type { RuleRef } from '@core';
import { useT } from '../i18n/use-t.ts';
import { useDerived, useExplorerActions } from '../store/context.tsx';
import { selectBatch } from './workbench-derived.ts';
import type { BatchView as Batch } from './trace-packet.ts';

function counterRows(batch: Batch): { ref: RuleRef; packets: number; bytes: number }[] {
  const rows: { ref: RuleRef; packets: number; bytes: number }[] = [];
  for (const family of [batch.counters.v4, batch.counters.v6]) {
    for (const [ref, c] of family.rules) rows.push({ ref, packets: c.packets, bytes: c.bytes });
  }
  return rows;
}

/** Every typical packet at once, and how often each rule fired, like `iptables -L -v`. */
export function BatchView(): ReactNode {
  const batch = useDerived(selectBatch);
  const { selectRule } = useExplorerActions();
  const t = useT();
  if (!batch) return <p className="empty-note">{t('bench.noRules')}</p>;
  return (
    <div className="batch-view">
      <table className="table" data-testid="batch-table">
        <thead>
          <tr>
            <th>{t('bench.colPacket')}</th>
            <th>{t('bench.colVerdict')}</th>
            <th>{t('bench.colMatched')}</th>
          </tr>
        </thead>
        <tbody>
          {batch.rows.map((row) => (
            <tr key={row.id} data-packet={row.id}>
              <td>{t(`packet.${row.id}`)}</td>
              <td className="verdict">{row.result.final}</td>
              <td className="mono">
                {[...row.result.matched, ...row.result.matchedAfterLoopback].join(' ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="subhead">{t('bench.counters')}</h3>
      <table className="table counters" data-testid="batch-counters">
        <thead>
          <tr>
            <th className="num">{t('bench.colPkts')}</th>
            <th className="num">{t('bench.colBytes')}</th>
            <th>{t('bench.colRule')}</th>
          </tr>
        </thead>
        <tbody>
          {counterRows(batch).map((r) => (
            <tr key={r.ref} data-counter={r.ref}>
              <td className="num">{r.packets}</td>
              <td className="num">{r.bytes}</td>
              <td>
                <button type="button" className="rule-chip" onClick={() => selectRule(r.ref)}>
                  {r.ref}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
