import { memo, useMemo } from 'react';
import type { ReactNode } from 'react';
import { tokenizeRulesLine } from './highlight.ts';

/** Rules text with coloured tokens; its textContent is exactly `text` (copy, tests, a11y). */
export const HighlightedText = memo(function HighlightedText(props: { text: string }): ReactNode {
  const lines = useMemo(() => props.text.split('\n').map(tokenizeRulesLine), [props.text]);
  return lines.map((tokens, i) => (
    <span key={i} className="line">
      {tokens.map((t, j) =>
        t.kind === 'plain' ? t.text : (
          <span key={j} className={`tok-${t.kind}`}>
            {t.text}
          </span>
        ),
      )}
      {i < lines.length - 1 ? '\n' : ''}
    </span>
  ));
});
