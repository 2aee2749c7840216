// Monaco, bundled locally (never a CDN): the bare editor API plus only the contributions this
// app uses, and one editor worker. Importing this module is what pulls the `monaco` chunk in.
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
// No typed feature entry exists for the suggest widget itself; this is the module editor.main uses.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { ISTIO_FLAGS } from '@core';
import { describeFlag, findFlagTokenAt, listFlagCompletions } from './flag-hover.ts';
import type { Lang } from '../i18n/messages.ts';
import {
  ISTIO_ARGS_LANGUAGE_ID,
  istioArgsConfiguration,
  istioArgsMonarch,
} from './languages/istio-args.ts';
import {
  IPTABLES_SAVE_LANGUAGE_ID,
  iptablesSaveConfiguration,
  iptablesSaveMonarch,
} from './languages/iptables-save.ts';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export const LIGHT_THEME = 'intercept-light';
export const DARK_THEME = 'intercept-dark';

// The built-in themes with our page background, so the editor sits flush in its panel.
monaco.editor.defineTheme(LIGHT_THEME, {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#fbfbfc' },
});
monaco.editor.defineTheme(DARK_THEME, {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#181b21' },
});

/** The page language for hovers and completions: providers are global, so they read it here. */
const hoverLang: { current: Lang } = { current: 'en' };

export function setEditorLanguage(lang: Lang): void {
  hoverLang.current = lang;
}

monaco.languages.register({ id: IPTABLES_SAVE_LANGUAGE_ID });
monaco.languages.setMonarchTokensProvider(IPTABLES_SAVE_LANGUAGE_ID, iptablesSaveMonarch);
monaco.languages.setLanguageConfiguration(IPTABLES_SAVE_LANGUAGE_ID, iptablesSaveConfiguration);

monaco.languages.register({ id: ISTIO_ARGS_LANGUAGE_ID });
monaco.languages.setMonarchTokensProvider(ISTIO_ARGS_LANGUAGE_ID, istioArgsMonarch);
monaco.languages.setLanguageConfiguration(ISTIO_ARGS_LANGUAGE_ID, istioArgsConfiguration);
monaco.languages.registerHoverProvider(ISTIO_ARGS_LANGUAGE_ID, {
  provideHover(model, position) {
    const token = findFlagTokenAt(model.getLineContent(position.lineNumber), position.column);
    if (token === undefined) return null;
    return {
      range: new monaco.Range(
        position.lineNumber,
        token.startColumn,
        position.lineNumber,
        token.endColumn,
      ),
      contents: describeFlag(token.spec, hoverLang.current).map((value) => ({ value })),
    };
  },
});

monaco.languages.registerCompletionItemProvider(ISTIO_ARGS_LANGUAGE_ID, {
  triggerCharacters: ['-'],
  provideCompletionItems(model, position) {
    const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
    const typed = /(?:^|[\s=["'])(-{1,2}[\w-]*)$/.exec(before)?.[1];
    if (typed === undefined) return { suggestions: [] };
    const range = new monaco.Range(
      position.lineNumber,
      position.column - typed.length,
      position.lineNumber,
      position.column,
    );
    const suggestions = listFlagCompletions(ISTIO_FLAGS, typed, hoverLang.current).map((c) => ({
      label: c.label,
      kind: monaco.languages.CompletionItemKind.Property,
      insertText: c.label,
      detail: c.detail,
      documentation: { value: c.documentation },
      sortText: c.sortText,
      range,
    }));
    return { suggestions };
  },
});

export { monaco };
