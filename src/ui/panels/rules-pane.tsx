import { useEffect, useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { DiffSwitch, DiffView } from '../diff/diff-view.tsx';
import { selectDiffAgainst } from '../diff/link-selectors.ts';
import { RuleOriginTip, useRuleLinks } from '../diff/rules-pane-links.tsx';
import { useDerived, useExplorer } from '../store/context.tsx';
import {
  selectErrorCount,
  selectPending,
  selectStale,
  selectViews,
} from '../store/derived-selectors.ts';
import { selectOutputTab, selectSelectedRule } from '../store/selectors.ts';
import { SetupNote } from '../dataplane/setup-note.tsx';
import { OutputBlock } from './output-block.tsx';
import { OutputTabs, TAB_PANEL_ID, tabId } from './output-tabs.tsx';
import { listTabBlocks } from './tab-blocks.ts';

/** The generated rules in the chosen view; dimmed, never blanked, while the input is invalid. */
export function RulesPane(): ReactNode {
  const views = useDerived(selectViews);
  const stale = useDerived(selectStale);
  const errors = useDerived(selectErrorCount);
  const pending = useDerived(selectPending);
  const tab = useExplorer(selectOutputTab);
  const t = useT();
  const blocks = useMemo(() => (views ? listTabBlocks(views, tab) : []), [views, tab]);
  const selected = useExplorer(selectSelectedRule);
  const panel = useRef<HTMLDivElement>(null);
  const diffing = useExplorer(selectDiffAgainst) !== 'off';
  const links = useRuleLinks(panel, diffing ? null : blocks);
  // The rule picked in the graph or workbench: marked and scrolled to in the save text.
  useEffect(() => {
    const el = panel.current;
    if (!el) return;
    el.querySelectorAll('.line.selected').forEach((old) => old.classList.remove('selected'));
    if (selected === null) return;
    const line = el.querySelector(`.line[data-rule="${CSS.escape(selected)}"]`);
    line?.classList.add('selected');
    line?.scrollIntoView({ block: 'nearest' });
  }, [selected, blocks]);
  return (
    <section className="panel rules-panel" aria-label={t('rules.aria')}>
      <div className="rules-toolbar">
        <OutputTabs />
        <DiffSwitch />
      </div>
      {stale && (
        <p className="stale-banner" role="status" data-testid="stale-banner">
          {pending
            ? t('rules.pending')
            : views
              ? t(errors === 1 ? 'rules.staleOne' : 'rules.staleMany', { n: errors })
              : t(errors === 1 ? 'rules.noneYetOne' : 'rules.noneYetMany', { n: errors })}
        </p>
      )}
      <div
        className="tabpanel"
        role="tabpanel"
        id={TAB_PANEL_ID}
        aria-labelledby={tabId(tab)}
        data-testid="rules"
        data-stale={stale}
        ref={panel}
        {...links}
      >
        {diffing ? (
          <DiffView />
        ) : (
          blocks.map((block) => <OutputBlock key={block.id} block={block} />)
        )}
        {!diffing && views && blocks.length === 0 && (
          <p className="empty-note">{t('rules.noDryRun')}</p>
        )}
        {!diffing && <SetupNote />}
        <RuleOriginTip panel={panel} />
      </div>
    </section>
  );
}
