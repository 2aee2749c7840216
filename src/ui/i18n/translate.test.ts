import { describe, expect, it } from 'vitest';
import { MESSAGES } from './messages.ts';
import { createTranslator, detectLang, htmlLang, isLang } from './translate.ts';

describe('createTranslator', () => {
  it('looks up each language and fills parameters', () => {
    expect(createTranslator('en')('header.version')).toBe('Istio version');
    expect(createTranslator('zh')('header.version')).toBe('Istio 版本');
    expect(createTranslator('zh')('rules.staleMany', { n: 3 })).toBe(
      '输入有 3 个错误：显示的是上一次有效的规则。',
    );
    expect(createTranslator('en')('graph.moreRules', {})).toBe('… {n} more rules');
  });

  it('has a non-empty Chinese text for every key, with the same parameters', () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(MESSAGES.en)) {
      const zh = MESSAGES.zh[key as keyof typeof MESSAGES.zh];
      expect(zh, key).not.toBe('');
      expect(params(zh), key).toEqual(params(text));
    }
  });
});

describe('detectLang', () => {
  it('takes the first supported primary subtag', () => {
    expect(detectLang(['zh-CN', 'en-US'])).toBe('zh');
    expect(detectLang(['zh-Hant-TW'])).toBe('zh');
    expect(detectLang(['fr-FR', 'en-GB', 'zh'])).toBe('en');
    expect(detectLang(['de'])).toBe('en');
    expect(detectLang([])).toBe('en');
  });

  it('validates and maps to html lang', () => {
    expect(isLang('zh')).toBe(true);
    expect(isLang('fr')).toBe(false);
    expect(htmlLang('zh')).toBe('zh-CN');
    expect(htmlLang('en')).toBe('en');
  });
});
