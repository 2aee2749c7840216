import { describe, expect, it } from 'vitest';
import { PROFILES } from '@core';
import { createExplorerStore, defaultPersistedState } from '../store/store.ts';
import { applyState, applyStep } from './apply-step.ts';
import { checkExercise } from './check.ts';
import { createDeriver } from '../state/derive.ts';
import { buildCheckFacts } from './check-facts.ts';
import { LESSONS } from './lessons/index.ts';
import { parseMarkdown, splitSteps } from './markdown.ts';

// Every lesson is data; these tests are what makes a new lesson safe to add without code review
// of its checks: each exercise must fail where its step starts and pass with its own solution.
describe.each(LESSONS.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  it('has a Markdown section in both languages for every step, and no extra ones', () => {
    const ids = lesson.steps.map((s) => s.id);
    for (const lang of ['en', 'zh'] as const) {
      const sections = splitSteps(lesson.text[lang]);
      expect([...sections.keys()]).toEqual(ids);
      for (const id of ids) {
        const blocks = parseMarkdown(sections.get(id) ?? '');
        expect(blocks[0]?.kind, `${lang}/${id} starts with a heading`).toBe('heading');
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const step of lesson.steps) {
    const exercise = step.exercise;
    if (!exercise) continue;
    it(`${step.id}: the exercise fails on the step's own state and passes with its solution`, () => {
      const store = createExplorerStore(defaultPersistedState(PROFILES.latest.defaultArgs));
      applyStep(store, step);
      const before = checkExercise(exercise, buildCheckFacts(store.getState(), createDeriver()));
      expect(before.kind).toBe('failed');
      applyState(store, exercise.solution);
      const after = checkExercise(exercise, buildCheckFacts(store.getState(), createDeriver()));
      expect(after).toEqual({ kind: 'passed' });
    });
  }
});

describe('the intercept lesson', () => {
  it('has 12–16 steps, most of the story with exercises', () => {
    const lesson = LESSONS[0];
    expect(lesson?.steps.length).toBeGreaterThanOrEqual(12);
    expect(lesson?.steps.filter((s) => s.exercise).length).toBeGreaterThanOrEqual(8);
  });
});
