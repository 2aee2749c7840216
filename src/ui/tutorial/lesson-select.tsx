import type { ReactNode } from 'react';
import type { Lang } from '../i18n/messages.ts';
import type { Lesson } from './lesson-types.ts';
import { useTutorialT } from './tutorial-messages.ts';

/** Picks a lesson (a native select: keyboard and screen readers for free); opens its first step. */
export function LessonSelect(props: {
  lessons: readonly Lesson[];
  current: Lesson;
  lang: Lang;
  onPick: (lesson: Lesson) => void;
}): ReactNode {
  const { lessons, current, lang, onPick } = props;
  const t = useTutorialT();
  if (lessons.length < 2) return null;
  return (
    <label className="tutorial-lesson">
      <span>{t('lesson')}</span>
      <select
        value={current.id}
        data-testid="tutorial-lesson"
        onChange={(e) => {
          const picked = lessons.find((l) => l.id === e.target.value);
          if (picked) onPick(picked);
        }}
      >
        {lessons.map((l) => (
          <option key={l.id} value={l.id}>
            {l.title[lang]}
          </option>
        ))}
      </select>
    </label>
  );
}
