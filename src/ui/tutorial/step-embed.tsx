import { useState } from 'react';
import type { ReactNode } from 'react';
import { EMBED_VIEWS } from '../embed/embed-params.ts';
import type { EmbedView } from '../embed/embed-params.ts';
import { useExplorer } from '../store/context.tsx';
import { selectLang } from '../store/selectors.ts';
import { buildStepEmbedSnippets } from './embed-snippet.ts';
import type { StepSpec } from './lesson-types.ts';
import { useTutorialT } from './tutorial-messages.ts';

function isEmbedView(x: string): x is EmbedView {
  return (EMBED_VIEWS as readonly string[]).includes(x);
}

/** "Embed this step": a view picker and the loader / iframe snippets for a docs page. */
export function StepEmbed(props: { value: string; step: StepSpec }): ReactNode {
  const t = useTutorialT();
  const lang = useExplorer(selectLang);
  const [view, setView] = useState<EmbedView>(props.step.state.view === 'path' ? 'path' : 'graph');
  const snippets = buildStepEmbedSnippets(window.location.href, props.value, view, lang);
  return (
    <details className="tutorial-embed">
      <summary>{t('embedStep')}</summary>
      <p className="tutorial-found">{t('embedHelp')}</p>
      <label className="control">
        {t('embedView')}{' '}
        <select
          value={view}
          data-testid="tutorial-embed-view"
          onChange={(e) => isEmbedView(e.target.value) && setView(e.target.value)}
        >
          {EMBED_VIEWS.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <textarea
        readOnly
        rows={3}
        aria-label={t('embedLoader')}
        data-testid="tutorial-embed-loader"
        value={snippets.loader}
        onFocus={(e) => e.currentTarget.select()}
      />
      <textarea
        readOnly
        rows={3}
        aria-label={t('embedIframe')}
        data-testid="tutorial-embed-iframe"
        value={snippets.iframe}
        onFocus={(e) => e.currentTarget.select()}
      />
    </details>
  );
}
