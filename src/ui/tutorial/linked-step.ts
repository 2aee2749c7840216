import type { ExplorerStore } from '../store/store.ts';
import { applyStep } from './apply-step.ts';
import { LESSONS } from './lessons/index.ts';
import { resolveLocation } from './tutorial-location.ts';

/**
 * Applies the step a `?tutorial=<lesson>/<step>` value names; false when it names none.
 *
 * @example
 * applyLinkedStep(store, 'intercept/tproxy'); // true: the store now holds the TPROXY step's state
 */
export function applyLinkedStep(store: ExplorerStore, value: string): boolean {
  const found = resolveLocation(LESSONS, value);
  const step = found?.lesson.steps[found.index];
  if (!step) return false;
  applyStep(store, step);
  return true;
}
