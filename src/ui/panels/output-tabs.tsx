import { useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useDerived, useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectIsNft } from '../store/derived-selectors.ts';
import { selectOutputTab } from '../store/selectors.ts';
import { OUTPUT_TABS } from '../store/store.ts';
import type { OutputTab } from '../store/store.ts';

export const tabId = (tab: OutputTab): string => `output-tab-${tab}`;
export const TAB_PANEL_ID = 'output-tabpanel';

/** WAI-ARIA tabs: one tab stop, arrow keys / Home / End move and select. */
export function OutputTabs(): ReactNode {
  const active = useExplorer(selectOutputTab);
  const { setOutputTab } = useExplorerActions();
  const nft = useDerived(selectIsNft);
  const t = useT();
  const refs = useRef(new Map<OutputTab, HTMLButtonElement>());
  const move = (e: KeyboardEvent): void => {
    const i = OUTPUT_TABS.indexOf(active);
    const n = OUTPUT_TABS.length;
    const next =
      e.key === 'ArrowRight'
        ? OUTPUT_TABS[(i + 1) % n]
        : e.key === 'ArrowLeft'
          ? OUTPUT_TABS[(i - 1 + n) % n]
          : e.key === 'Home'
            ? OUTPUT_TABS[0]
            : e.key === 'End'
              ? OUTPUT_TABS[n - 1]
              : undefined;
    if (next === undefined) return;
    e.preventDefault();
    setOutputTab(next);
    refs.current.get(next)?.focus();
  };
  return (
    <div className="tablist" role="tablist" aria-label={t('rules.tabsAria')} onKeyDown={move}>
      {OUTPUT_TABS.map((tab) => (
        <button
          key={tab}
          ref={(el) => {
            if (el) refs.current.set(tab, el);
            else refs.current.delete(tab);
          }}
          type="button"
          role="tab"
          id={tabId(tab)}
          className="tab"
          aria-selected={tab === active}
          aria-controls={TAB_PANEL_ID}
          tabIndex={tab === active ? 0 : -1}
          onClick={() => setOutputTab(tab)}
        >
          {t(nft ? `rules.tab.nft.${tab}` : `rules.tab.${tab}`)}
        </button>
      ))}
    </div>
  );
}
