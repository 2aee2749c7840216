import { useState } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import type { LAYOUT_EN } from './layout-messages.ts';
import { EditorSlot, ProblemsSlot, RulesSlot, ViewSlot, WorkbenchSlot } from './panes.tsx';

/** Tablets and small laptops: every pane in one scrolling column, in the wide layout's order. */
export function StackedLayout(): ReactNode {
  return (
    <div className="workspace workspace-stacked">
      <div className="column">
        <EditorSlot />
        <ProblemsSlot />
        <WorkbenchSlot />
      </div>
      <div className="column">
        <ViewSlot />
        <RulesSlot />
      </div>
    </div>
  );
}

type PhonePane = 'input' | 'view' | 'rules' | 'packet';

const PANES: readonly { pane: PhonePane; label: keyof typeof LAYOUT_EN }[] = [
  { pane: 'input', label: 'layout.tabInput' },
  { pane: 'view', label: 'layout.tabView' },
  { pane: 'rules', label: 'layout.tabRules' },
  { pane: 'packet', label: 'layout.tabPacket' },
];

function PhonePaneContent(props: { pane: PhonePane }): ReactNode {
  switch (props.pane) {
    case 'input':
      return (
        <>
          <EditorSlot />
          <ProblemsSlot />
        </>
      );
    case 'view':
      return <ViewSlot />;
    case 'rules':
      return <RulesSlot />;
    case 'packet':
      return <WorkbenchSlot />;
  }
}

/** Phones: one pane at a time behind a tab bar, no sideways scrolling. */
export function PhoneLayout(): ReactNode {
  const t = useT();
  const [pane, setPane] = useState<PhonePane>('input');
  return (
    <div className="workspace workspace-phone">
      <div className="phone-tabs tablist" role="tablist" aria-label={t('layout.tabsAria')}>
        {PANES.map((p) => (
          <button
            key={p.pane}
            type="button"
            role="tab"
            className="tab"
            id={`phone-tab-${p.pane}`}
            aria-selected={pane === p.pane}
            aria-controls="phone-pane"
            onClick={() => setPane(p.pane)}
          >
            {t(p.label)}
          </button>
        ))}
      </div>
      <div
        className="column phone-pane"
        id="phone-pane"
        role="tabpanel"
        aria-labelledby={`phone-tab-${pane}`}
      >
        <PhonePaneContent pane={pane} />
      </div>
    </div>
  );
}
