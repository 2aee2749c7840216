import type { languages } from 'monaco-editor/editor/editor.api';

export const ISTIO_ARGS_LANGUAGE_ID = 'istio-args';

/**
 * Highlighting for what the args editor accepts: a shell command line, a YAML `args:` list or a
 * whole pod spec. Token names are the built-in themes' (`keyword`, `string`, `tag`, …) so light
 * and dark both colour them.
 */
export const istioArgsMonarch: languages.IMonarchLanguage = {
  defaultToken: '',
  tokenizer: {
    root: [
      [/(^|\s)#.*$/, 'comment'],
      // Every group must take part in the match (possibly empty): Monarch drops the rule otherwise.
      [
        /^(\s*)((?:-\s+)?)([A-Za-z_][\w./-]*)(\s*:)(?=\s|$)/,
        ['white', 'delimiter', 'tag', 'delimiter'],
      ],
      [/^\s*-(?=\s|$)/, 'delimiter'],
      [/\b(?:pilot-agent|istio-iptables)\b/, 'type'],
      [/--[A-Za-z][\w-]*/, 'keyword'],
      [/-[A-Za-z](?![\w-])/, 'keyword'],
      [/-[A-Za-z](?=\d)/, 'keyword'],
      [/"(?:[^"\\]|\\.)*"/, 'string'],
      [/'[^']*'/, 'string'],
      [/["'].*$/, 'string.invalid'],
      [/\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?/, 'number'],
      [/\d+(?![\w.])/, 'number'],
      [/\*/, 'regexp'],
      [/[=,[\]]/, 'delimiter'],
      [/\\$/, 'delimiter'],
      [/[^\s'"=,[\]#]+/, 'identifier'],
    ],
  },
};

export const istioArgsConfiguration: languages.LanguageConfiguration = {
  comments: { lineComment: '#' },
  brackets: [['[', ']']],
  autoClosingPairs: [
    { open: '[', close: ']' },
    { open: '"', close: '"', notIn: ['string'] },
    { open: "'", close: "'", notIn: ['string'] },
  ],
  // A flag, a port list or a CIDR is one "word" for double-click and hover.
  wordPattern: /--?[A-Za-z][\w-]*|[\w.:/*]+/,
};
