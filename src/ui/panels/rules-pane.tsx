import type { ReactNode } from 'react';
import { useDerived, useExplorer } from '../state/context.tsx';
import { selectErrorCount, selectStale, selectViews } from '../state/derived-selectors.ts';
import { selectOutputTab } from '../state/selectors.ts';
import { OutputBlock } from './output-block.tsx';
import { OutputTabs, TAB_PANEL_ID, tabId } from './output-tabs.tsx';
import { listTabBlocks } from './tab-blocks.ts';

/** The generated rules in the chosen view; dimmed, never blanked, while the input is invalid. */
export function RulesPane(): ReactNode {
  const views = useDerived(selectViews);
  const stale = useDerived(selectStale);
  const errors = useDerived(selectErrorCount);
  const tab = useExplorer(selectOutputTab);
  return (
    <section className="panel rules-panel" aria-label="Generated rules">
      <OutputTabs />
      {stale && (
        <p className="stale-banner" role="status" data-testid="stale-banner">
          {views
            ? `The input has ${errors} error${errors === 1 ? '' : 's'}: showing the last valid rules.`
            : `The input has ${errors} error${errors === 1 ? '' : 's'}: no rules yet.`}
        </p>
      )}
      <div
        className="tabpanel"
        role="tabpanel"
        id={TAB_PANEL_ID}
        aria-labelledby={tabId(tab)}
        data-testid="rules"
        data-stale={stale}
      >
        {views && listTabBlocks(views, tab).map((block) => <OutputBlock key={block.id} block={block} />)}
      </div>
    </section>
  );
}
