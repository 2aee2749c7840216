import { useExplorer } from '../store/context.tsx';
import { selectLang } from '../store/selectors.ts';
import type { Lang } from './messages.ts';
import { createTranslator } from './translate.ts';
import type { Translate } from './translate.ts';

const TRANSLATORS: Readonly<Record<Lang, Translate>> = {
  en: createTranslator('en'),
  zh: createTranslator('zh'),
};

/** The translate function of the chosen language; components re-render when it changes. */
export function useT(): Translate {
  return TRANSLATORS[useExplorer(selectLang)];
}
