import { LANGS, MESSAGES } from './messages.ts';
import type { Lang, MessageKey } from './messages.ts';

export type Params = Readonly<Record<string, string | number>>;
/** Looks a message up in one language and fills its `{name}` parameters. */
export type Translate = (key: MessageKey, params?: Params) => string;

/**
 * A translate function for one language (build once per language; `useT` memoizes it).
 *
 * @example
 * createTranslator('zh')('header.version'); // 'Istio 版本'
 */
export function createTranslator(lang: Lang): Translate {
  const table = MESSAGES[lang];
  return (key, params) => {
    const text = table[key];
    if (params === undefined) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const v = params[name];
      return v === undefined ? whole : String(v);
    });
  };
}

/**
 * The reader's language from the browser's preference list: the first entry we have, by
 * primary subtag (`zh-CN`, `zh-Hant` → zh); English otherwise.
 *
 * @example
 * detectLang(['zh-CN', 'en']); // 'zh'
 */
export function detectLang(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    const found = LANGS.find((l) => l === primary);
    if (found) return found;
  }
  return 'en';
}

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGS as readonly string[]).includes(x);
}

/** The `lang` attribute for `<html>`: zh-CN for the simplified Chinese we write. */
export function htmlLang(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}
