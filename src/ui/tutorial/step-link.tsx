import { useState } from 'react';
import type { ReactNode } from 'react';
import { TUTORIAL_PARAM } from './tutorial-location.ts';
import { useTutorialT } from './tutorial-messages.ts';

/**
 * The step's stable link: this page with `?tutorial=<lesson>/<step>` and no state fragment, so
 * opening it sets the explorer to the step's own state.
 */
export function stepUrl(href: string, value: string): string {
  const url = new URL(href);
  url.search = '';
  url.searchParams.set(TUTORIAL_PARAM, value);
  url.hash = '';
  return url.toString();
}

/** The step's link with a copy button. */
export function StepLink(props: { value: string }): ReactNode {
  const t = useTutorialT();
  const [copied, setCopied] = useState(false);
  const href = stepUrl(window.location.href, props.value);
  const copy = (): void => {
    navigator.clipboard.writeText(href).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="tutorial-link">
      <a href={href} data-testid="tutorial-step-link">
        {t('stepLink')}
      </a>
      <button type="button" className="button" onClick={copy}>
        {t('copyLink')}
      </button>
      {copied && <span role="status">{t('copied')}</span>}
    </div>
  );
}
