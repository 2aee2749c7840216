import { lazy, Suspense, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { ViewBoundary } from '../app/view-boundary.tsx';
import { useDerived, useExplorer } from '../store/context.tsx';
import { selectEditorKind, selectLang } from '../store/selectors.ts';
import type { EditorKind } from '../store/selectors.ts';
import { selectSource, selectViews } from '../store/derived-selectors.ts';
import { AmbientScopeSwitch } from '../dataplane/ambient-scope-switch.tsx';
import { EDITOR_TITLES } from './editor-labels.ts';
import { useT } from '../i18n/use-t.ts';
import type { Translate } from '../i18n/translate.ts';
import type { Derived } from '../store/derived.ts';
import { InputModeSwitch } from './input-mode-switch.tsx';
import { TextareaEditor } from './textarea-editor.tsx';

// Monaco reads its own UI strings (find widget, context menu, hovers) when its modules evaluate,
// so the Chinese ones load first; a language switch after that applies to Monaco on reload.
const MONACO_PANES = {
  en: lazy(() => import('./monaco-pane.tsx')),
  zh: lazy(async () => {
    await import('monaco-editor/nls/lang/zh-cn');
    return import('./monaco-pane.tsx');
  }),
};

function describeInput(
  t: Translate,
  mode: EditorKind,
  source: Derived['source'],
  views: Derived['views'],
): string {
  if (mode === 'ambient' || mode === 'cni') return '';
  if (mode === 'args')
    return source === undefined ? '' : t('editor.readAs', { kind: t(`editor.source.${source}`) });
  const nft = views?.nft?.state;
  if (nft) {
    const chains = nft.tables.flatMap((tb) => tb.chains);
    return t('editor.nftSummary', {
      tables: nft.tables.length,
      chains: chains.length,
      rules: chains.reduce((n, c) => n + c.rules.length, 0),
    });
  }
  const ruleset = views?.families[0]?.ruleset;
  if (!ruleset) return '';
  const chains = ruleset.tables.reduce((n, tb) => n + tb.chains.length, 0);
  const rules = ruleset.tables.reduce(
    (n, tb) => n + tb.chains.reduce((m, c) => m + c.rules.length, 0),
    0,
  );
  return t('editor.rulesSummary', {
    family: ruleset.family,
    tables: ruleset.tables.length,
    chains,
    rules,
  });
}

/** The args editor: textarea first paint, then Monaco once its chunk has loaded. */
export function EditorPane(): ReactNode {
  const fallbackFocused = useRef(false);
  const lang = useExplorer(selectLang);
  // The editor's language is fixed at its first load (switching would remount it and drop undo).
  const [monacoLang] = useState(lang);
  const MonacoPane = MONACO_PANES[monacoLang];
  const source = useDerived(selectSource);
  const mode = useExplorer(selectEditorKind);
  const views = useDerived(selectViews);
  const t = useT();
  const textarea = (
    <TextareaEditor
      onFocusChange={(focused) => {
        fallbackFocused.current = focused;
      }}
    />
  );
  return (
    <section className="panel editor-panel" aria-labelledby="editor-title" tabIndex={-1}>
      <h2 className="panel-title" id="editor-title">
        {t(EDITOR_TITLES[mode])}
        <span className="source-kind" data-testid="source-kind">
          {describeInput(t, mode, source, views)}
        </span>
        {mode === 'args' || mode === 'iptables-save' ? <InputModeSwitch /> : null}
        {mode === 'ambient' ? <AmbientScopeSwitch /> : null}
      </h2>
      <div className="editor-host" data-testid="editor">
        {/* If the Monaco chunk fails to load or crashes, keep editing in the textarea. */}
        <ViewBoundary fallback={() => textarea}>
          <Suspense fallback={textarea}>
            <MonacoPane autoFocus={fallbackFocused} />
          </Suspense>
        </ViewBoundary>
      </div>
    </section>
  );
}
