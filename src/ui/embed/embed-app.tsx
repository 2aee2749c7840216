import { useState } from 'react';
import type { ReactNode } from 'react';
import { assertNever } from '@core';
import { EditorPane } from '../editor/editor-pane.tsx';
import { GraphPanel } from '../graph/graph-panel.tsx';
import { useT } from '../i18n/use-t.ts';
import { RulesPane } from '../panels/rules-pane.tsx';
import { PathPanel } from '../path/path-panel.tsx';
import { useExplorerStore } from '../store/context.tsx';
import { encodeHash } from '../store/permalink.ts';
import { pickPersisted } from '../store/store.ts';
import { WorkbenchPanel } from '../workbench/workbench-panel.tsx';
import { EmbedReadOnlyContext } from './embed-context.tsx';
import type { EmbedParams, EmbedView } from './embed-params.ts';
import './embed.css';

/** The id of the element whose height the frame reports to its parent. */
export const EMBED_ROOT_ID = 'intercept-embed';

function EmbedBody(props: { view: EmbedView }): ReactNode {
  switch (props.view) {
    case 'rules':
      return <RulesPane />;
    case 'graph':
      return <GraphPanel />;
    case 'workbench':
      return (
        <>
          <WorkbenchPanel />
          <GraphPanel />
        </>
      );
    case 'path':
      return <PathPanel />;
    case 'editor+rules':
      return (
        <div className="embed-split">
          <EditorPane />
          <RulesPane />
        </div>
      );
    default:
      return assertNever(props.view);
  }
}

/** One view with minimal chrome, for an iframe in a docs page (`?embed=<view>`). */
export function EmbedApp(props: { params: EmbedParams; appUrl: string }): ReactNode {
  const { params, appUrl } = props;
  const t = useT();
  const store = useExplorerStore();
  const [badView, setBadView] = useState(params.badView);
  const viewName = t(`embed.view.${params.view}`);
  return (
    <EmbedReadOnlyContext value={params.readonly}>
      <div
        className="embed"
        id={EMBED_ROOT_ID}
        role="region"
        aria-label={t('embed.aria', { view: viewName })}
        data-embed-view={params.view}
        data-readonly={params.readonly}
      >
        <div className="embed-bar">
          <span className="embed-title">{viewName}</span>
          <a
            className="embed-open"
            href={appUrl}
            target="_blank"
            rel="noopener"
            onClick={(e) => {
              // The link carries the state as it is now, not as the frame was opened.
              e.currentTarget.href = `${appUrl}#${encodeHash(pickPersisted(store.getState()))}`;
            }}
          >
            {t('embed.open')}
          </a>
        </div>
        {badView !== undefined && (
          <div className="notice" role="alert">
            {t('embed.badView', { view: badView })}
            <button type="button" className="button" onClick={() => setBadView(undefined)}>
              {t('app.dismiss')}
            </button>
          </div>
        )}
        <EmbedBody view={params.view} />
      </div>
    </EmbedReadOnlyContext>
  );
}
