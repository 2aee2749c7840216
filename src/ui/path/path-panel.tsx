import { lazy, Suspense } from 'react';
import { ViewBoundary } from '../app/view-boundary.tsx';
import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import './path.css';

const PathView = lazy(() => import('./path-view.tsx'));

/** The Bookinfo path panel; its code loads with its first render. */
export function PathPanel(): ReactNode {
  const t = useT();
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
