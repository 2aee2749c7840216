import { useState } from 'react';
import type { ReactNode } from 'react';
import { useExplorer, useExplorerStore, useNewDeriver } from '../store/context.tsx';
import { selectLang } from '../store/selectors.ts';
import { checkExercise } from './check.ts';
import type { CheckOutcome } from './check.ts';
import { buildCheckFacts } from './check-facts.ts';
import type { ExerciseSpec } from './lesson-types.ts';
import { MarkdownView } from './markdown-view.tsx';
import { useTutorialT } from './tutorial-messages.ts';

/**
 * The step's exercise: "Check" reads the reader's current state, recomputes rules, traces and
 * path, and shows success or the hint. The result is announced (role=status).
 */
export function ExerciseBox(props: { exercise: ExerciseSpec; onSolved: () => void }): ReactNode {
  const { exercise, onSolved } = props;
  const store = useExplorerStore();
  const newDeriver = useNewDeriver();
  const lang = useExplorer(selectLang);
  const t = useTutorialT();
  const [outcome, setOutcome] = useState<CheckOutcome | undefined>(undefined);
  const check = (): void => {
    const result = checkExercise(exercise, buildCheckFacts(store.getState(), newDeriver()));
    setOutcome(result);
    if (result.kind === 'passed') onSolved();
  };
  return (
    <section className="tutorial-exercise" aria-labelledby="tutorial-exercise-title">
      <h3 id="tutorial-exercise-title">{t('exercise')}</h3>
      <button type="button" className="button primary" data-testid="tutorial-check" onClick={check}>
        {t('check')}
      </button>
      <div
        role="status"
        data-testid="tutorial-result"
        className={`tutorial-result ${outcome?.kind ?? ''}`}
      >
        {outcome?.kind === 'passed' && <strong>{t('passed')}</strong>}
        {outcome?.kind === 'failed' && (
          <>
            <strong>{t('failed')}</strong>{' '}
            <span className="tutorial-found">{t('found', { actual: outcome.actual })}</span>
            <div className="tutorial-hint" data-testid="tutorial-hint">
              <span className="tutorial-hint-label">{t('hint')}:</span>
              <MarkdownView source={exercise.hint[lang]} />
            </div>
          </>
        )}
      </div>
    </section>
  );
}
