import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectMainView } from '../store/selectors.ts';
import type { MainView } from '../store/store.ts';

const VIEWS: readonly { view: MainView; label: 'view.graph' | 'view.path' }[] = [
  { view: 'graph', label: 'view.graph' },
  { view: 'path', label: 'view.path' },
];

/** Switches the main column between the chain graph (with the rules) and the Bookinfo path. */
export function ViewTabs(): ReactNode {
  const view = useExplorer(selectMainView);
  const { setMainView } = useExplorerActions();
  const t = useT();
  return (
    <div className="view-tabs tablist" role="tablist" aria-label={t('view.tabsAria')}>
      {VIEWS.map((v) => (
        <button
          key={v.view}
          type="button"
          role="tab"
          className="tab"
          id={`view-tab-${v.view}`}
          aria-selected={view === v.view}
          data-testid={`view-tab-${v.view}`}
          onClick={() => setMainView(v.view)}
        >
          {t(v.label)}
        </button>
      ))}
    </div>
  );
}
