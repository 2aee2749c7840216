import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findTypographySlips, proseOf } from '../src/ui/i18n/typography.ts';

const FILES = [
  'src/ui/tutorial/lessons/intercept/zh.md',
  'src/ui/tutorial/lessons/intercept/steps.ts',
  'src/ui/tutorial/tutorial-messages.ts',
  'src/ui/path/path-messages.ts',
  'src/ui/share/share-messages.ts',
  'src/ui/tutorial/lessons/ambient/zh.md',
  'src/ui/tutorial/lessons/ambient/steps.ts',
  'src/ui/dataplane/dataplane-messages.ts',
];

describe('Chinese typography in the tutorial and feature dictionaries', () => {
  it('has a space between Chinese and Latin, full-width punctuation, no stray spaces', () => {
    const slips = FILES.flatMap((f) =>
      findTypographySlips(proseOf(readFileSync(new URL(`../${f}`, import.meta.url), 'utf8'))).map(
        (s) => `${f}: ${s.rule} ${s.at}`,
      ),
    );
    expect(slips).toEqual([]);
  });
});
