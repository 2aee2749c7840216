import { memo, useMemo } from 'react';
import type { ReactNode } from 'react';
import { tokenizeRulesLine } from './highlight.ts';
import { listSaveLineRules } from './rule-lines.ts';

/** Lines drawn as coloured spans; beyond this (a kube-proxy dump) the rest is copy/download only. */
export const MAX_RENDERED_LINES = 3000;

/**
 * Rules text with coloured tokens; its textContent is exactly `text` (copy, tests, a11y) up to
 * {@link MAX_RENDERED_LINES}. With `ruleLines`, each `-A` line carries `data-rule` (RuleRef).
 */
export const HighlightedText = memo(function HighlightedText(props: {
  text: string;
  ruleLines?: boolean;
}): ReactNode {
  const { text, ruleLines = false } = props;
  const lines = useMemo(() => text.split('\n', MAX_RENDERED_LINES).map(tokenizeRulesLine), [text]);
  const refs = useMemo(() => (ruleLines ? listSaveLineRules(text) : []), [text, ruleLines]);
  return lines.map((tokens, i) => (
    <span key={i} className="line" data-rule={refs[i]}>
      {tokens.map((t, j) =>
        t.kind === 'plain' ? (
          t.text
        ) : (
          <span key={j} className={`tok-${t.kind}`}>
            {t.text}
          </span>
        ),
      )}
      {i < lines.length - 1 ? '\n' : ''}
    </span>
  ));
});
