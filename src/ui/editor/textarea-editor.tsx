import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectEditorKind, selectRevealRequest, selectText } from '../store/selectors.ts';
import { EDITOR_LABELS } from './editor-labels.ts';
import { useT } from '../i18n/use-t.ts';

/**
 * The plain editor: first paint before Monaco arrives, and the fallback if Monaco cannot
 * load. Fully editable and wired to the same store, so nothing typed here is lost.
 */
export function TextareaEditor(props: { onFocusChange?: (focused: boolean) => void }): ReactNode {
  const { onFocusChange } = props;
  const text = useExplorer(selectText);
  const reveal = useExplorer(selectRevealRequest);
  const { setInputText } = useExplorerActions();
  const ref = useRef<HTMLTextAreaElement>(null);
  const mode = useExplorer(selectEditorKind);
  const t = useT();
  useEffect(() => {
    const el = ref.current;
    if (!el || reveal === null) return;
    el.focus();
    el.setSelectionRange(reveal.range.start, Math.max(reveal.range.start, reveal.range.end));
  }, [reveal]);
  return (
    <textarea
      ref={ref}
      className="fallback-editor"
      data-testid="args-textarea"
      aria-label={t(EDITOR_LABELS[mode])}
      value={text}
      spellCheck={false}
      autoCapitalize="off"
      autoComplete="off"
      wrap="soft"
      onChange={(e) => setInputText(e.target.value)}
      onFocus={() => onFocusChange?.(true)}
      onBlur={() => onFocusChange?.(false)}
    />
  );
}
