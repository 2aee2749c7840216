import type { ReactNode } from 'react';
import { parseIstioArgs, parseRuleRef } from '@core';
import { useExplorerStore } from '../store/context.tsx';
import type { StepSpec } from './lesson-types.ts';
import { useTutorialT } from './tutorial-messages.ts';

/**
 * What the step's text talks about, as buttons: a flag selects its occurrence in the editor, a
 * rule selects it in the graph and the rules pane. (The chains are outlined in the graph.)
 */
export function StepHighlights(props: { step: StepSpec }): ReactNode {
  const { highlight } = props.step;
  const store = useExplorerStore();
  const t = useTutorialT();
  if (!highlight) return null;
  const { flag, rule, chains } = highlight;
  const showFlag = (name: string): void => {
    const s = store.getState();
    if (s.input.mode !== 'args' || (s.dataplane?.plane ?? 'sidecar') !== 'sidecar') return;
    const found = parseIstioArgs(s.input.text).value.flags.findLast((f) => f.flag === name);
    if (found) s.revealRange(found.range);
    s.hoverFlag(name);
  };
  const ref = rule === undefined ? undefined : parseRuleRef(rule)?.ref;
  return (
    <div className="tutorial-look" data-testid="tutorial-highlights">
      <span className="tutorial-look-label">{t('lookAt')}:</span>
      {chains?.map((c) => (
        <code key={c} className="tutorial-chip">
          {c}
        </code>
      ))}
      {ref !== undefined && (
        <button
          type="button"
          className="button tutorial-chip"
          onClick={() => store.getState().selectRule(ref)}
        >
          {ref}
        </button>
      )}
      {flag !== undefined && (
        <button type="button" className="button tutorial-chip" onClick={() => showFlag(flag)}>
          {t('showFlag', { flag: `--${flag}` })}
        </button>
      )}
    </div>
  );
}
