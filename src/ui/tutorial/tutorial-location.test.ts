import { describe, expect, it } from 'vitest';
import { LESSONS } from './lessons/index.ts';
import { formatLocation, resolveLocation, withTutorialParam } from './tutorial-location.ts';

describe('tutorial links', () => {
  it('round-trips every step through the query parameter', () => {
    for (const lesson of LESSONS) {
      lesson.steps.forEach((step, index) => {
        const href = withTutorialParam(
          'https://docs.example/explorer/?x=1#s=abc',
          formatLocation(lesson, step),
        );
        const url = new URL(href);
        expect(url.hash).toBe('#s=abc');
        expect(url.searchParams.get('x')).toBe('1');
        expect(resolveLocation(LESSONS, url.searchParams.get('tutorial'))).toEqual({
          lesson,
          index,
        });
      });
    }
  });

  it('opens an unknown step at the start and ignores an unknown lesson', () => {
    expect(resolveLocation(LESSONS, 'intercept/nope')?.index).toBe(0);
    expect(resolveLocation(LESSONS, 'nope/tproxy')).toBeUndefined();
    expect(resolveLocation(LESSONS, null)).toBeUndefined();
    expect(new URL(withTutorialParam('https://x/?tutorial=a%2Fb', undefined)).search).toBe('');
  });
});
