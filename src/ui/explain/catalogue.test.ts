import { describe, expect, it } from 'vitest';
import { MESSAGE_IDS, MESSAGE_PARAMS, MESSAGES_EN, templateParams } from '@core';
import { MESSAGES } from '../i18n/messages.ts';
import { findTypographySlips } from '../i18n/typography.ts';
import { CORE_MESSAGES_ZH } from './core-messages-zh.ts';
import { coreMessageText } from './render-core-message.ts';

const paramsOf = (template: string): string[] => [...new Set(templateParams(template))].sort();

describe('core message catalogues', () => {
  it('have every id in English and Chinese, each using every parameter', () => {
    expect(Object.keys(CORE_MESSAGES_ZH).sort()).toEqual([...MESSAGE_IDS].sort());
    for (const id of MESSAGE_IDS) {
      const expected = Object.keys(MESSAGE_PARAMS[id]).sort();
      expect(paramsOf(MESSAGES_EN[id]), `en ${id}`).toEqual(expected);
      expect(paramsOf(CORE_MESSAGES_ZH[id]), `zh ${id}`).toEqual(expected);
    }
  });

  it('render in Chinese with parameters filled and no English prose', () => {
    const text = coreMessageText(
      { id: 'fix.proxy-uid', params: { flag: 'proxy-uid', uid: 1337 } },
      'zh',
    );
    expect(text).toBe(
      '修复：把 --proxy-uid 设为 1337，即 Envoy 运行时的 uid（istio-proxy 的 runAsUser）。',
    );
  });
});

describe('UI dictionary', () => {
  it('uses the same parameters in both languages', () => {
    for (const [key, en] of Object.entries(MESSAGES.en)) {
      const zh = MESSAGES.zh[key as keyof typeof MESSAGES.zh];
      expect(paramsOf(zh), key).toEqual(paramsOf(en));
    }
  });
});

/** Keys whose parameter is itself Chinese text (no space belongs next to it). */
const CHINESE_PARAMS = new Set(['editor.readAs']);

describe('Chinese typography', () => {
  it('holds in the UI dictionary and the core messages', () => {
    const slips = Object.entries({ ...MESSAGES.zh, ...CORE_MESSAGES_ZH })
      .filter(([key]) => !CHINESE_PARAMS.has(key))
      .flatMap(([key, text]) => findTypographySlips(text).map((s) => `${key}: ${s.rule} ${s.at}`));
    expect(slips).toEqual([]);
  });

  it('catches the slips it is meant to', () => {
    expect(findTypographySlips('Envoy以uid 1337运行').map((s) => s.rule)).toEqual([
      'cjk-latin-space',
      'cjk-latin-space',
      'cjk-latin-space',
    ]);
    expect(findTypographySlips('规则,然后(退出)了').map((s) => s.rule)).toEqual([
      'half-width-punctuation',
      'half-width-punctuation',
      'half-width-punctuation',
    ]);
    expect(findTypographySlips('入站 流量 ，').map((s) => s.rule)).toEqual([
      'stray-space',
      'stray-space',
    ]);
  });
});
