import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectLang } from '../store/selectors.ts';
import { LANG_NAMES, LANGS } from './messages.ts';
import { htmlLang, isLang } from './translate.ts';
import { useT } from './use-t.ts';

/** The page language (English / 中文); also keeps `<html lang>` in step for screen readers. */
export function LanguageSelect(): ReactNode {
  const lang = useExplorer(selectLang);
  const { setLang } = useExplorerActions();
  const t = useT();
  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
  }, [lang]);
  return (
    <label className="control">
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        data-testid="language-select"
        aria-label={t('app.language')}
        value={lang}
        onChange={(e) => {
          if (isLang(e.target.value)) setLang(e.target.value);
        }}
      >
        {LANGS.map((l) => (
          <option key={l} value={l} lang={htmlLang(l)}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
