import type { MessageKey } from '../i18n/messages.ts';
import type { EditorKind } from '../store/selectors.ts';

/** The editor's accessible name per kind of input. */
export const EDITOR_LABELS: Readonly<Record<EditorKind, MessageKey>> = {
  args: 'editor.label',
  'iptables-save': 'editor.labelRules',
  ambient: 'dataplane.labelAmbient',
  cni: 'dataplane.labelCni',
};

/** The editor panel's title per kind of input. */
export const EDITOR_TITLES: Readonly<Record<EditorKind, MessageKey>> = {
  args: 'editor.titleArgs',
  'iptables-save': 'editor.titleRules',
  ambient: 'dataplane.titleAmbient',
  cni: 'dataplane.titleCni',
};
