import { useState } from 'react';
import type { ReactNode } from 'react';
import { EditorPane } from '../editor/editor-pane.tsx';
import { DiagnosticsPanel } from '../panels/diagnostics-panel.tsx';
import { RulesPane } from '../panels/rules-pane.tsx';
import { GraphPanel } from '../graph/graph-panel.tsx';
import { WorkbenchPanel } from '../workbench/workbench-panel.tsx';
import { useT } from '../i18n/use-t.ts';
import { Header } from './header.tsx';

/** The page: header, then the editor with its problems on the left and the rules on the right. */
export function App(props: { notice?: string }): ReactNode {
  const [notice, setNotice] = useState(props.notice);
  const t = useT();
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
      <main className="workspace">
        <div className="column">
          <EditorPane />
          <DiagnosticsPanel />
          <WorkbenchPanel />
        </div>
        <div className="column">
          {/* The main view: the chain graph now; a "Bookinfo path" view goes beside it later. */}
          <GraphPanel />
          <RulesPane />
        </div>
      </main>
    </div>
  );
}
