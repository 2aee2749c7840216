import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useExplorer, useExplorerStore } from '../store/context.tsx';
import { selectLang } from '../store/selectors.ts';
import { applyStep, highlightCss } from './apply-step.ts';
import { ExerciseBox } from './exercise-box.tsx';
import { LESSONS } from './lessons/index.ts';
import { LessonSelect } from './lesson-select.tsx';
import type { Lesson } from './lesson-types.ts';
import { splitSteps } from './markdown.ts';
import { MarkdownView } from './markdown-view.tsx';
import { StepHighlights } from './step-highlights.tsx';
import { StepEmbed } from './step-embed.tsx';
import { StepLink } from './step-link.tsx';
import { StepList } from './step-list.tsx';
import { SnapshotChip } from './snapshot-chip.tsx';
import type { ExplorerSnapshot } from './snapshot.ts';
import { formatLocation, resolveLocation } from './tutorial-location.ts';
import { useTutorialT } from './tutorial-messages.ts';
import './tutorial.css';

export interface TutorialPanelProps {
  /** `lesson/step` from the URL or the open button ('' = the first lesson's first step). */
  readonly value: string;
  /** Set the explorer to the first shown step (false when a permalink brought its own state). */
  readonly applyInitial: boolean;
  readonly onChange: (value: string) => void;
  readonly onClose: () => void;
  /** The reader's state from before the tutorial (null: kept the tutorial's, or none taken). */
  readonly snapshot: ExplorerSnapshot | null;
  /** Keep the tutorial's state when closing instead of restoring the snapshot. */
  readonly onKeep: () => void;
}

function useSections(lesson: Lesson, lang: 'en' | 'zh'): ReadonlyMap<string, string> {
  return useMemo(() => splitSteps(lesson.text[lang]), [lesson, lang]);
}

/** The tutorial beside the explorer (lazy chunk): step list, lesson text, highlights, exercise, links. */
export default function TutorialPanel(props: TutorialPanelProps): ReactNode {
  const { value, applyInitial, onChange, onClose, snapshot, onKeep } = props;
  const store = useExplorerStore();
  const lang = useExplorer(selectLang);
  const t = useTutorialT();
  const fallback = LESSONS[0];
  const location = resolveLocation(LESSONS, value) ?? (fallback && { lesson: fallback, index: 0 });
  const [solved, setSolved] = useState<ReadonlySet<string>>(() => new Set());
  const heading = useRef<HTMLHeadingElement>(null);
  const lesson = location?.lesson ?? fallback;
  const sections = useSections(
    lesson ?? { id: '', title: { en: '', zh: '' }, text: { en: '', zh: '' }, steps: [] },
    lang,
  );
  const step = lesson?.steps[location?.index ?? 0];
  const canonical = lesson && step ? formatLocation(lesson, step) : '';
  const initial = useRef(applyInitial);

  useEffect(() => {
    if (canonical !== value) onChange(canonical);
  }, [canonical, value, onChange]);
  useEffect(() => {
    if (initial.current && step) applyStep(store, step);
    initial.current = false;
    // Only the first step shown on open: later steps are applied by the navigation itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (!lesson || !step || !location) return null;
  const open = (into: Lesson, index: number): void => {
    const next = into.steps[index];
    if (!next) return;
    applyStep(store, next);
    onChange(formatLocation(into, next));
    heading.current?.focus();
  };
  const go = (index: number): void => open(lesson, index);
  const total = lesson.steps.length;
  return (
    <aside
      className="tutorial-panel"
      aria-label={t('panel')}
      data-testid="tutorial-panel"
      data-step={step.id}
    >
      <style>{highlightCss(step.highlight?.chains ?? [])}</style>
      <div className="tutorial-head">
        <h2 className="tutorial-title">{lesson.title[lang]}</h2>
        <button
          type="button"
          className="button"
          aria-label={t('close')}
          title={t('close')}
          onClick={onClose}
        >
          ✕
        </button>
      </div>
      <LessonSelect lessons={LESSONS} current={lesson} lang={lang} onPick={(l) => open(l, 0)} />
      {snapshot && <SnapshotChip snapshot={snapshot} onKeep={onKeep} />}
      <details className="tutorial-toc">
        <summary data-testid="tutorial-toc">
          {t('stepOf', { n: location.index + 1, total })}
        </summary>
        <StepList
          lesson={lesson}
          sections={sections}
          index={location.index}
          solved={solved}
          onGo={go}
        />
      </details>
      <div className="tutorial-body">
        <h2 className="visually-hidden" tabIndex={-1} ref={heading}>
          {t('stepOf', { n: location.index + 1, total })}
        </h2>
        <MarkdownView source={sections.get(step.id) ?? ''} />
        <StepHighlights step={step} />
        {step.exercise && (
          <ExerciseBox
            key={step.id}
            exercise={step.exercise}
            onSolved={() => setSolved((s) => new Set(s).add(canonical))}
          />
        )}
        <StepLink value={canonical} />
        <StepEmbed value={canonical} step={step} />
      </div>
      <div className="tutorial-nav">
        <button
          type="button"
          className="button"
          data-testid="tutorial-prev"
          disabled={location.index === 0}
          onClick={() => go(location.index - 1)}
        >
          ← {t('prev')}
        </button>
        <button
          type="button"
          className="button"
          title={t('applyTitle')}
          onClick={() => applyStep(store, step)}
        >
          {t('apply')}
        </button>
        <button
          type="button"
          className="button primary"
          data-testid="tutorial-next"
          disabled={location.index + 1 >= total}
          onClick={() => go(location.index + 1)}
        >
          {t('next')} →
        </button>
      </div>
    </aside>
  );
}
