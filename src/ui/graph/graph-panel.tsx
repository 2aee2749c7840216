import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { ViewBoundary } from '../app/view-boundary.tsx';
import type { IpFamily } from '@core';
import { useT } from '../i18n/use-t.ts';
import { useDerived, useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectStale, selectViews } from '../store/derived-selectors.ts';
import { selectGraphFamily } from '../store/selectors.ts';

const GraphCanvas = lazy(() => import('./graph-canvas.tsx'));

/** A render error in the graph stays in the graph (issue 5: contained to that view). */
const FAMILIES: readonly IpFamily[] = [4, 6];

function FamilySwitch(): ReactNode {
  const family = useExplorer(selectGraphFamily);
  const views = useDerived(selectViews);
  const { setGraphFamily } = useExplorerActions();
  const t = useT();
  return (
    <div
      className="segmented"
      role="radiogroup"
      aria-label={t('graph.family')}
      data-testid="graph-family"
    >
      {FAMILIES.map((f) => (
        <button
          key={f}
          type="button"
          role="radio"
          className="segment"
          aria-checked={f === family}
          disabled={!(f === 4 ? views?.rulesets.v4 : views?.rulesets.v6) && f !== family}
          onClick={() => setGraphFamily(f)}
        >
          IPv{f}
        </button>
      ))}
    </div>
  );
}

/** The chain-jump graph panel; React Flow and ELK load with the first render of this panel. */
export function GraphPanel(): ReactNode {
  const t = useT();
  const stale = useDerived(selectStale);
  return (
    <section className="panel graph-panel" aria-labelledby="graph-title" data-stale={stale}>
      <h2 className="panel-title" id="graph-title">
        {t('view.graph')}
        <span className="toolbar-spacer" />
        <FamilySwitch />
      </h2>
      <ViewBoundary
        fallback={(message) => <p className="empty-note">{t('graph.failed', { message })}</p>}
      >
        <Suspense fallback={<p className="empty-note">{t('graph.loading')}</p>}>
          <GraphCanvas />
        </Suspense>
      </ViewBoundary>
    </section>
  );
}
