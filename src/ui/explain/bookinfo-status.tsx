import type { ReactNode } from 'react';
import type { PathSummary } from '@core';
import { summarizePath } from '@core';
import type { Translate } from '../i18n/translate.ts';
import { useT } from '../i18n/use-t.ts';
import { useDerived, useExplorerActions } from '../store/context.tsx';
import { selectMode } from '../store/derived-selectors.ts';
import { selectPathView } from '../path/path-derived.ts';

/**
 * "200 — 2 upstream calls failed (503)": the caller's status is not the whole story.
 *
 * @example
 * summaryText(t, { status: 200, failedCalls: 2, failedStatuses: [503], ok: false });
 */
export function summaryText(t: Translate, s: PathSummary): string {
  const statuses = s.failedStatuses.join(', ');
  if (s.failedCalls === 0) return t('bookinfo.ok', { status: s.status });
  if (s.failedCalls === 1) return t('bookinfo.failedOne', { status: s.status, statuses });
  return t('bookinfo.failedMany', { status: s.status, count: s.failedCalls, statuses });
}

/** The Bookinfo request's outcome on the main view, with a way to open the path. */
export function BookinfoStatus(): ReactNode {
  const t = useT();
  const view = useDerived(selectPathView);
  const mode = useDerived(selectMode);
  const { setMainView } = useExplorerActions();
  if (mode !== 'args' || view === undefined) return null;
  const summary = view.path ? summarizePath(view.path) : undefined;
  return (
    <p className="bookinfo-status" data-testid="bookinfo-status">
      <span>{t('bookinfo.label')}</span>{' '}
      {summary ? (
        <span
          className={`path-status ${summary.ok ? 'ok' : 'failed'}`}
          data-testid="bookinfo-summary"
        >
          {summaryText(t, summary)}
        </span>
      ) : (
        <span className="muted">{t('bookinfo.pending')}</span>
      )}{' '}
      <button type="button" className="link-button" onClick={() => setMainView('path')}>
        {t('bookinfo.open')}
      </button>
    </p>
  );
}
