import type { Lesson, StepSpec } from './lesson-types.ts';

/** The URL query parameter of a tutorial step: `?tutorial=<lessonId>/<stepId>`. */
export const TUTORIAL_PARAM = 'tutorial';

/** A step of a lesson, by index (what the panel shows). */
export interface TutorialLocation {
  readonly lesson: Lesson;
  readonly index: number;
}

/**
 * Finds `lesson/step` among the lessons; an unknown step opens the lesson's first step, an unknown
 * lesson gives undefined (the link is then ignored, never an error).
 *
 * @example
 * resolveLocation(LESSONS, 'intercept/tproxy')?.index; // 10
 */
export function resolveLocation(
  lessons: readonly Lesson[],
  value: string | null,
): TutorialLocation | undefined {
  if (value === null) return undefined;
  const [lessonId = '', stepId] = value.split('/');
  const lesson = lessons.find((l) => l.id === lessonId);
  if (!lesson) return undefined;
  const index = lesson.steps.findIndex((s) => s.id === stepId);
  return { lesson, index: Math.max(0, index) };
}

/**
 * The query value of a location.
 *
 * @example
 * formatLocation(lesson, lesson.steps[3]); // 'intercept/inbound'
 */
export function formatLocation(lesson: Lesson, step: StepSpec): string {
  return `${lesson.id}/${step.id}`;
}

/**
 * A URL with the tutorial parameter set (or removed for undefined), other parts untouched.
 *
 * @example
 * withTutorialParam('https://x/app/?a=1#s=…', 'intercept/dns'); // 'https://x/app/?a=1&tutorial=intercept%2Fdns#s=…'
 */
export function withTutorialParam(href: string, value: string | undefined): string {
  const url = new URL(href);
  if (value === undefined) url.searchParams.delete(TUTORIAL_PARAM);
  else url.searchParams.set(TUTORIAL_PARAM, value);
  return url.toString();
}
