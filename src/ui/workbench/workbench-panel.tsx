import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectWorkbenchView } from '../store/selectors.ts';
import type { WorkbenchView } from '../store/store.ts';
import { BatchView } from './batch-view.tsx';
import { PacketForm } from './packet-form.tsx';
import { TraceView } from './trace-view.tsx';

const VIEWS: readonly WorkbenchView[] = ['single', 'batch'];

/** Packets through the current rules: one composed packet, or all typical ones with counters. */
export function WorkbenchPanel(): ReactNode {
  const view = useExplorer(selectWorkbenchView);
  const { setWorkbenchView } = useExplorerActions();
  const t = useT();
  return (
    <section
      className="panel workbench-panel"
      aria-labelledby="workbench-title"
      data-testid="workbench"
    >
      <h2 className="panel-title" id="workbench-title">
        {t('bench.title')}
        <span className="toolbar-spacer" />
        <div className="segmented" role="radiogroup" aria-label={t('bench.title')}>
          {VIEWS.map((v) => (
            <button
              key={v}
              type="button"
              role="radio"
              className="segment"
              aria-checked={v === view}
              onClick={() => setWorkbenchView(v)}
            >
              {t(v === 'single' ? 'bench.single' : 'bench.batch')}
            </button>
          ))}
        </div>
      </h2>
      <div className="workbench-body">
        {view === 'single' ? (
          <>
            <PacketForm />
            <TraceView />
          </>
        ) : (
          <BatchView />
        )}
      </div>
    </section>
  );
}
