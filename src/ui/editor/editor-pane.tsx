import { Component, lazy, Suspense, useRef } from 'react';
import type { ReactNode } from 'react';
import { useDerived } from '../state/context.tsx';
import { selectSource } from '../state/derived-selectors.ts';
import { TextareaEditor } from './textarea-editor.tsx';

const MonacoPane = lazy(() => import('./monaco-pane.tsx'));

/** If the Monaco chunk fails to load or crashes, keep editing in the textarea. */
class EditorBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

const SOURCE_LABELS = {
  'command-line': 'command line',
  'args-list': 'args list',
  yaml: 'pod YAML',
  empty: 'empty',
} as const;

/** The args editor: textarea first paint, then Monaco once its chunk has loaded. */
export function EditorPane(): ReactNode {
  const fallbackFocused = useRef(false);
  const source = useDerived(selectSource);
  const textarea = (
    <TextareaEditor
      onFocusChange={(focused) => {
        fallbackFocused.current = focused;
      }}
    />
  );
  return (
    <section className="panel editor-panel" aria-labelledby="editor-title">
      <h2 className="panel-title" id="editor-title">
        istio-init args
        <span className="source-kind" data-testid="source-kind">
          {source === undefined ? '' : `read as ${SOURCE_LABELS[source]}`}
        </span>
      </h2>
      <div className="editor-host" data-testid="editor">
        <EditorBoundary fallback={textarea}>
          <Suspense fallback={textarea}>
            <MonacoPane autoFocus={fallbackFocused} />
          </Suspense>
        </EditorBoundary>
      </div>
    </section>
  );
}
