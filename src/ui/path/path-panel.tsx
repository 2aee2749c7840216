import { lazy, Suspense } from 'react';
import { ViewBoundary } from '../app/view-boundary.tsx';
import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useExplorer } from '../store/context.tsx';
import { selectDataplane } from '../store/selectors.ts';
import './path.css';

const PathView = lazy(() => import('./path-view.tsx'));

/** The Bookinfo path panel; its code loads with its first render. */
export function PathPanel(): ReactNode {
  const t = useT();
  if (useExplorer(selectDataplane) === 'ambient')
    return (
      <section className="panel path-panel" aria-label={t('path.aria')} data-testid="path-panel">
        <p className="empty-note" role="status" data-testid="path-unavailable">
          {t('dataplane.pathUnavailable')}
        </p>
      </section>
    );
  return (
    <section className="panel path-panel" aria-label={t('path.aria')} data-testid="path-panel">
      <ViewBoundary
        fallback={(message) => (
          <p className="empty-note" role="alert">
            {message}
          </p>
        )}
      >
        <Suspense fallback={<p className="empty-note">…</p>}>
          <PathView />
        </Suspense>
      </ViewBoundary>
    </section>
  );
}
