import type { ReactNode } from 'react';
import type { Lesson } from './lesson-types.ts';
import { useTutorialT } from './tutorial-messages.ts';

/** The step's title: the first line of its section, without the heading marks. */
export function stepTitle(sections: ReadonlyMap<string, string>, id: string): string {
  const first = (sections.get(id) ?? id).split('\n', 1)[0] ?? id;
  return first.replace(/^#+\s*/, '');
}

/** Every step of the lesson as a button; the current one is marked, solved ones get a tick. */
export function StepList(props: {
  lesson: Lesson;
  sections: ReadonlyMap<string, string>;
  index: number;
  solved: ReadonlySet<string>;
  onGo: (index: number) => void;
}): ReactNode {
  const { lesson, sections, index, solved, onGo } = props;
  const t = useTutorialT();
  return (
    <nav aria-label={t('steps')}>
      <ol className="tutorial-steps" data-testid="tutorial-steps">
        {lesson.steps.map((step, i) => (
          <li key={step.id}>
            <button
              type="button"
              aria-current={i === index ? 'step' : undefined}
              data-step={step.id}
              onClick={() => onGo(i)}
            >
              <span className="tutorial-step-n">{i + 1}</span> {stepTitle(sections, step.id)}
              {step.exercise && (
                <span className="tutorial-step-ex" aria-hidden="true">
                  {solved.has(`${lesson.id}/${step.id}`) ? ` ${t('done')}` : ' ✎'}
                </span>
              )}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
