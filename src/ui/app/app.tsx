import { useState } from 'react';
import type { ReactNode } from 'react';
import { EditorPane } from '../editor/editor-pane.tsx';
import { DiagnosticsPanel } from '../panels/diagnostics-panel.tsx';
import { RulesPane } from '../panels/rules-pane.tsx';
import { GraphPanel } from '../graph/graph-panel.tsx';
import { WorkbenchPanel } from '../workbench/workbench-panel.tsx';
import { useT } from '../i18n/use-t.ts';
import { GraphStepBanner } from '../path/graph-step-banner.tsx';
import { PathPanel } from '../path/path-panel.tsx';
import { ViewTabs } from '../path/view-tabs.tsx';
import { useExplorer } from '../state/context.tsx';
import { selectMainView } from '../state/selectors.ts';
import { Header } from './header.tsx';
import { ViewBoundary } from './view-boundary.tsx';
import { TutorialHost } from '../tutorial/tutorial-host.tsx';

/** The page: header, then the editor with its problems on the left and the rules on the right. */
export function App(props: { notice?: string }): ReactNode {
  const [notice, setNotice] = useState(props.notice);
  const t = useT();
  const mainView = useExplorer(selectMainView);
  const failed = (message: string): ReactNode => (
    <p className="panel empty-note" role="alert">
      {t('app.viewFailed', { message })}
    </p>
  );
  return (
    <div className="app">
      <Header />
      {notice !== undefined && (
        <div className="notice" role="alert">
          {notice}
          <button type="button" className="button" onClick={() => setNotice(undefined)}>
            {t('app.dismiss')}
          </button>
        </div>
      )}
      <main className="workspace" data-view={mainView}>
        <div className="column">
          <EditorPane />
          <ViewBoundary fallback={failed}>
            <DiagnosticsPanel />
          </ViewBoundary>
          <ViewBoundary fallback={failed}>
            <WorkbenchPanel />
          </ViewBoundary>
        </div>
        <div className="column">
          <ViewTabs />
          {mainView === 'path' ? (
            <PathPanel />
          ) : (
            <>
              <GraphStepBanner />
              <GraphPanel />
              <ViewBoundary fallback={failed}>
                <RulesPane />
              </ViewBoundary>
            </>
          )}
        </div>
      </main>
      <ViewBoundary fallback={failed}>
        <TutorialHost />
      </ViewBoundary>
    </div>
  );
}
