import { Component, lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import './path.css';

const PathView = lazy(() => import('./path-view.tsx'));

/** A render error in the path view stays in the path view (issue 5). */
class PathBoundary extends Component<{ children: ReactNode }, { error: string | undefined }> {
  override state = { error: undefined as string | undefined };

  static getDerivedStateFromError(e: unknown): { error: string } {
    return { error: e instanceof Error ? e.message : String(e) };
  }

  override render(): ReactNode {
    return this.state.error === undefined ? this.props.children : <p className="empty-note" role="alert">{this.state.error}</p>;
  }
}

/** The Bookinfo path panel; its code loads with its first render. */
export function PathPanel(): ReactNode {
  const t = useT();
  return (
    <section className="panel path-panel" aria-label={t('path.aria')} data-testid="path-panel">
      <PathBoundary>
        <Suspense fallback={<p className="empty-note">…</p>}>
          <PathView />
        </Suspense>
      </PathBoundary>
    </section>
  );
}
