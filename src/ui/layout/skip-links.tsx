import type { MouseEvent, ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';

/** Where each link goes: the first focusable match wins (the editor's textarea, else its host). */
const TARGETS = {
  main: ['#main'],
  editor: ['.editor-host textarea', '.editor-host'],
  rules: ['[data-testid="rules"]'],
} as const;

function focusTarget(selectors: readonly string[]): void {
  for (const selector of selectors) {
    const el = document.querySelector<HTMLElement>(selector);
    if (!el) continue;
    if (el.tabIndex < 0 && !el.matches('textarea, input')) el.tabIndex = -1;
    el.focus();
    el.scrollIntoView({ block: 'nearest' });
    return;
  }
}

/**
 * Links shown on keyboard focus only: past the header to the main view, the editor or the rules.
 * They move the focus in script: the URL fragment holds the shared state, so no `#id` navigation.
 */
export function SkipLinks(): ReactNode {
  const t = useT();
  const link = (target: keyof typeof TARGETS, label: string): ReactNode => (
    <a
      href="#main"
      onClick={(e: MouseEvent) => {
        e.preventDefault();
        focusTarget(TARGETS[target]);
      }}
    >
      {label}
    </a>
  );
  return (
    <nav className="skip-links" aria-label={t('layout.skipAria')}>
      {link('main', t('layout.skipMain'))}
      {link('editor', t('layout.skipEditor'))}
      {link('rules', t('layout.skipRules'))}
    </nav>
  );
}
