import { useEffect } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import {
  useDeriver,
  useExplorerActions,
  useExplorerDerived,
  useExplorerStore,
} from '../store/context.tsx';
import { selectLinkedFlagRanges, selectRuleLinks } from './link-selectors.ts';
import { flagAt } from './rule-links.ts';

type Editor = Monaco.editor.IStandaloneCodeEditor;

/**
 * The cursor's flag is looked up once typing pauses: while keys go in, lighting rules up would
 * only cost keystroke latency.
 */
const CURSOR_DELAY_MS = 150;

/** Monaco's inline class for a flag whose rule is hovered in the rules pane. */
export const FLAG_LINKED_CLASS = 'flag-linked';

/**
 * Flag ↔ rule linking on the editor's side: the flag under the mouse (or, when the mouse is
 * elsewhere, at the cursor) lights up its rules; the hovered rule's flags get a decoration.
 */
export function useEditorRuleLinks(editor: Editor | null): void {
  const store = useExplorerStore();
  const derive = useDeriver();
  const { hoverFlag } = useExplorerActions();
  const ranges = useExplorerDerived(selectLinkedFlagRanges);
  useEffect(() => {
    const model = editor?.getModel();
    if (!editor || !model) return undefined;
    const flagAtOffset = (offset: number | undefined): string | null => {
      if (offset === undefined) return null;
      const s = store.getState();
      return flagAt(selectRuleLinks(s, derive(s)), offset);
    };
    const cursorFlag = (): string | null => {
      const p = editor.getPosition();
      return editor.hasTextFocus() && p ? flagAtOffset(model.getOffsetAt(p)) : null;
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => hoverFlag(cursorFlag()), CURSOR_DELAY_MS);
    };
    const subs = [
      editor.onDidChangeModelContent(() => {
        hoverFlag(null);
        later();
      }),
      editor.onMouseMove((e) => {
        const p = e.target.position;
        // MouseTargetType.CONTENT_TEXT (the enum's value lives in the lazily loaded Monaco chunk).
        const onText = e.target.type === (6 as Monaco.editor.MouseTargetType);
        hoverFlag((onText && p ? flagAtOffset(model.getOffsetAt(p)) : null) ?? cursorFlag());
      }),
      editor.onMouseLeave(() => hoverFlag(cursorFlag())),
      editor.onDidChangeCursorPosition(later),
      editor.onDidBlurEditorText(() => {
        if (timer !== undefined) clearTimeout(timer);
        hoverFlag(null);
      }),
    ];
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      subs.forEach((s) => s.dispose());
    };
  }, [editor, store, derive, hoverFlag]);
  useEffect(() => {
    const model = editor?.getModel();
    if (!editor || !model) return undefined;
    const decorations = editor.createDecorationsCollection(
      ranges.map((r) => {
        const from = model.getPositionAt(r.start);
        const to = model.getPositionAt(Math.max(r.start, r.end));
        return {
          range: {
            startLineNumber: from.lineNumber,
            startColumn: from.column,
            endLineNumber: to.lineNumber,
            endColumn: to.column,
          },
          options: { inlineClassName: FLAG_LINKED_CLASS },
        };
      }),
    );
    return () => decorations.clear();
  }, [editor, ranges]);
}
