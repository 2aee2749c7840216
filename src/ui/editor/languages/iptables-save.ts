import type { languages } from 'monaco-editor/editor/editor.api';

export const IPTABLES_SAVE_LANGUAGE_ID = 'iptables-save';

/**
 * iptables-save / iptables-restore text: `*table`, `:CHAIN POLICY [p:b]`, `-A CHAIN …`,
 * `COMMIT`, comments. Colours match the rules pane's tokens.
 */
export const iptablesSaveMonarch: languages.IMonarchLanguage = {
  defaultToken: '',
  tokenizer: {
    root: [
      [/^#.*$/, 'comment'],
      [/^\*\S+/, 'type'],
      [/^COMMIT\b/, 'keyword'],
      [/^(:)(\S+)/, ['delimiter', 'variable']],
      [/(-[AIDNXFPRZ])(\s+)(\S+)/, ['keyword', '', 'variable']],
      [/(-[jg]|--jump|--goto)(\s+)(\S+)/, ['keyword', '', 'tag']],
      [/"([^"\\]|\\.)*"/, 'string'],
      [/!/, 'operators'],
      [/--?[A-Za-z][\w-]*/, 'attribute.name'],
      [/\[\d+:\d+\]/, 'number'],
      [/\d+(\.\d+){3}(\/\d+)?/, 'number'],
    ],
  },
};

export const iptablesSaveConfiguration: languages.LanguageConfiguration = {
  comments: { lineComment: '#' },
};
