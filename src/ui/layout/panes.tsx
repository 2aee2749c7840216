import type { ReactNode } from 'react';
import { ViewBoundary } from '../app/view-boundary.tsx';
import { EditorPane } from '../editor/editor-pane.tsx';
import { GraphPanel } from '../graph/graph-panel.tsx';
import { useT } from '../i18n/use-t.ts';
import { DiagnosticsPanel } from '../panels/diagnostics-panel.tsx';
import { RulesPane } from '../panels/rules-pane.tsx';
import { GraphStepBanner } from '../path/graph-step-banner.tsx';
import { PathPanel } from '../path/path-panel.tsx';
import { ViewTabs } from '../path/view-tabs.tsx';
import { useExplorer } from '../store/context.tsx';
import { selectMainView } from '../store/selectors.ts';
import { WorkbenchPanel } from '../workbench/workbench-panel.tsx';

/** A pane's content when it crashed: the message, the rest of the page keeps working. */
function useFailed(): (message: string) => ReactNode {
  const t = useT();
  return (message) => (
    <p className="panel empty-note" role="alert">
      {t('app.viewFailed', { message })}
    </p>
  );
}

/** The args (or pasted rules) editor. */
export function EditorSlot(): ReactNode {
  return <EditorPane />;
}

/** The problems list of the input. */
export function ProblemsSlot(): ReactNode {
  const failed = useFailed();
  return (
    <ViewBoundary fallback={failed}>
      <DiagnosticsPanel />
    </ViewBoundary>
  );
}

/** The packet workbench. */
export function WorkbenchSlot(): ReactNode {
  const failed = useFailed();
  return (
    <ViewBoundary fallback={failed}>
      <WorkbenchPanel />
    </ViewBoundary>
  );
}

/** Problems above the packet workbench (the rest of the inputs column). */
export function ChecksSlot(): ReactNode {
  return (
    <>
      <ProblemsSlot />
      <WorkbenchSlot />
    </>
  );
}

/** The main view: the chain graph or the Bookinfo path, switched by tabs. */
export function ViewSlot(): ReactNode {
  const mainView = useExplorer(selectMainView);
  return (
    <>
      <ViewTabs />
      {mainView === 'path' ? (
        <PathPanel />
      ) : (
        <>
          <GraphStepBanner />
          <GraphPanel />
        </>
      )}
    </>
  );
}

/** The rules pane (iptables-save, restore input, dry-run, -nvL). */
export function RulesSlot(): ReactNode {
  const failed = useFailed();
  return (
    <ViewBoundary fallback={failed}>
      <RulesPane />
    </ViewBoundary>
  );
}
