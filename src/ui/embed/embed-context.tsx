import { createContext, useContext, useEffect } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';

/** Whether the page is an embed whose args the reader may not edit (`&readonly=1`). */
export const EmbedReadOnlyContext = createContext(false);

/** Makes the editor read-only inside a read-only embed (the parent can still send new args). */
export function useEmbedReadOnly(editor: Monaco.editor.IStandaloneCodeEditor | null): void {
  const readOnly = useContext(EmbedReadOnlyContext);
  useEffect(() => {
    if (editor && readOnly) editor.updateOptions({ readOnly: true, domReadOnly: true });
  }, [editor, readOnly]);
}
