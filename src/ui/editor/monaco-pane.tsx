import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode, RefObject } from 'react';
import {
  useDerived,
  useExplorer,
  useExplorerActions,
  useExplorerStore,
} from '../store/context.tsx';
import { selectDiagnostics } from '../store/derived-selectors.ts';
import {
  selectEditorKind,
  selectLang,
  selectRevealRequest,
  selectText,
} from '../store/selectors.ts';
import { useT } from '../i18n/use-t.ts';
import { useEditorRuleLinks } from '../diff/use-editor-links.ts';
import { useEmbedReadOnly } from '../embed/embed-context.tsx';
import { EDITOR_CONTENT_HEIGHT_EVENT } from './editor-events.ts';
import { EDITOR_LABELS } from './editor-labels.ts';
import { IPTABLES_SAVE_LANGUAGE_ID } from './languages/iptables-save.ts';
import { ISTIO_ARGS_LANGUAGE_ID } from './languages/istio-args.ts';
import { MARKER_OWNER, toMarkers } from './markers.ts';
import { DARK_THEME, LIGHT_THEME, monaco, setEditorLanguage } from './monaco-setup.ts';
import { usePreferredTheme } from './use-preferred-theme.ts';

type Editor = monaco.editor.IStandaloneCodeEditor;

/**
 * Creates the editor when its host element mounts and disposes it when the host goes away
 * (a React 19 callback ref with cleanup), so the editor lives exactly as long as the pane.
 */
function useMonacoEditor(
  readText: () => string,
): [(host: HTMLDivElement | null) => (() => void) | undefined, Editor | null] {
  const [editor, setEditor] = useState<Editor | null>(null);
  const hostRef = useCallback(
    (host: HTMLDivElement | null) => {
      if (!host) return undefined;
      const created = monaco.editor.create(host, {
        value: readText(),
        language: ISTIO_ARGS_LANGUAGE_ID,
        // Typing goes through a hidden textarea (Monaco 0.53+ would use EditContext), which is
        // what screen readers and Playwright's keyboard drive most reliably.
        editContext: false,
        automaticLayout: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        wordWrap: 'on',
        wrappingIndent: 'indent',
        // Tab and Shift+Tab move the focus (issue 11): an args line has no use for a tab character.
        tabFocusMode: true,
        fontSize: 13,
        lineHeight: 19,
        renderLineHighlight: 'line',
        tabSize: 2,
        fixedOverflowWidgets: true,
        glyphMargin: false,
        lineNumbersMinChars: 3,
        // Only the flag table suggests; words already in the text would be noise.
        wordBasedSuggestions: 'off',
      });
      // Esc (with no widget open) leaves the editor too: the focus goes to its panel.
      created.addCommand(
        monaco.KeyCode.Escape,
        () => host.closest<HTMLElement>('.editor-panel')?.focus(),
        '!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible',
      );
      // The layout sizes the editor's pane to its text: tell it the content height (a DOM event,
      // so the editor knows nothing of the layout).
      const announce = (height: number): void => {
        host.dispatchEvent(
          new CustomEvent(EDITOR_CONTENT_HEIGHT_EVENT, { bubbles: true, detail: height }),
        );
      };
      const sized = created.onDidContentSizeChange((e) => {
        if (e.contentHeightChanged) announce(e.contentHeight);
      });
      announce(created.getContentHeight());
      setEditor(created);
      return () => {
        sized.dispose();
        created.getModel()?.dispose();
        created.dispose();
        setEditor(null);
      };
    },
    [readText],
  );
  return [hostRef, editor];
}

/**
 * Store ↔ editor sync with an echo guard (monaco-react's approach): user edits flow to the
 * store; a store change the editor did not make (preset, permalink) is applied as an edit with
 * undo stops, so Ctrl+Z still works across it.
 */
function useTextSync(
  editor: Editor | null,
  text: string,
  setInputText: (text: string) => void,
): void {
  const applyingExternal = useRef(false);
  useEffect(() => {
    if (!editor) return undefined;
    const sub = editor.onDidChangeModelContent(() => {
      if (!applyingExternal.current) setInputText(editor.getValue());
    });
    return () => sub.dispose();
  }, [editor, setInputText]);
  useEffect(() => {
    const model = editor?.getModel();
    if (!editor || !model || model.getValue() === text) return;
    applyingExternal.current = true;
    try {
      editor.pushUndoStop();
      editor.executeEdits('store', [
        { range: model.getFullModelRange(), text, forceMoveMarkers: true },
      ]);
      editor.pushUndoStop();
    } finally {
      applyingExternal.current = false;
    }
  }, [editor, text]);
}

/** The lazily loaded Monaco editor for the args (default export for React.lazy). */
export default function MonacoPane(props: { autoFocus: RefObject<boolean> }): ReactNode {
  const { autoFocus } = props;
  const text = useExplorer(selectText);
  const reveal = useExplorer(selectRevealRequest);
  const diagnostics = useDerived(selectDiagnostics);
  const { setInputText } = useExplorerActions();
  const store = useExplorerStore();
  const readText = useCallback(() => selectText(store.getState()), [store]);
  const [hostRef, editor] = useMonacoEditor(readText);
  const theme = usePreferredTheme();
  const mode = useExplorer(selectEditorKind);
  const lang = useExplorer(selectLang);
  const t = useT();

  useEffect(() => setEditorLanguage(lang), [lang]);

  useEffect(() => {
    const model = editor?.getModel();
    if (!editor || !model) return;
    const rules = mode === 'iptables-save';
    monaco.editor.setModelLanguage(
      model,
      rules ? IPTABLES_SAVE_LANGUAGE_ID : ISTIO_ARGS_LANGUAGE_ID,
    );
    // A kube-proxy dump has 100k lines: wrapping them would cost more than it helps.
    editor.updateOptions({
      ariaLabel: t(EDITOR_LABELS[mode]),
      wordWrap: rules ? 'off' : 'on',
    });
  }, [editor, mode, t]);

  useTextSync(editor, text, setInputText);
  useEditorRuleLinks(editor);
  useEmbedReadOnly(editor);

  useEffect(() => {
    if (editor && autoFocus.current) editor.focus();
  }, [editor, autoFocus]);

  useEffect(() => monaco.editor.setTheme(theme === 'dark' ? DARK_THEME : LIGHT_THEME), [theme]);

  useEffect(() => {
    const model = editor?.getModel();
    if (!model) return;
    const markers = toMarkers(diagnostics, model.getValueLength(), (o) => model.getPositionAt(o));
    monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
  }, [editor, diagnostics, text]);

  useEffect(() => {
    const model = editor?.getModel();
    if (!editor || !model || reveal === null) return;
    const from = model.getPositionAt(reveal.range.start);
    const to = model.getPositionAt(Math.max(reveal.range.start, reveal.range.end));
    const selection = new monaco.Selection(from.lineNumber, from.column, to.lineNumber, to.column);
    editor.setSelection(selection);
    editor.revealRangeInCenterIfOutsideViewport(selection);
    editor.focus();
  }, [editor, reveal]);

  return <div ref={hostRef} className="monaco-host" data-testid="monaco-editor" />;
}
