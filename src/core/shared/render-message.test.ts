import { describe, expect, it } from 'vitest';
import { MESSAGE_IDS, MESSAGE_PARAMS, message } from './messages.ts';
import { MESSAGES_EN } from './messages-en.ts';
import { messageText, renderMessage, templateParams } from './render-message.ts';

describe('the English message catalogue', () => {
  it('has a template for every id, using every parameter and no other', () => {
    expect(Object.keys(MESSAGES_EN).sort()).toEqual([...MESSAGE_IDS].sort());
    for (const id of MESSAGE_IDS) {
      const used = new Set(templateParams(MESSAGES_EN[id]));
      expect([...used].sort(), id).toEqual(Object.keys(MESSAGE_PARAMS[id]).sort());
    }
  });
});

describe('renderMessage', () => {
  const fix = message('fix.proxy-uid', { flag: 'proxy-uid', uid: 1337 });

  it('splits a template into text and typed parameters (flags shown as --long)', () => {
    const r = renderMessage(fix, MESSAGES_EN, MESSAGES_EN);
    expect(r.problem).toBeUndefined();
    expect(r.segments.filter((s) => s.kind === 'param')).toEqual([
      { kind: 'param', name: 'flag', param: 'flag', text: '--proxy-uid', value: 'proxy-uid' },
      { kind: 'param', name: 'uid', param: 'uid', text: '1337', value: 1337 },
    ]);
    expect(messageText(r)).toBe(
      "Fix: set --proxy-uid to 1337, the uid Envoy runs as (istio-proxy's runAsUser).",
    );
  });

  it('falls back to English for a missing translation, and says so', () => {
    const r = renderMessage(fix, {}, MESSAGES_EN);
    expect(messageText(r)).toContain('Fix: set --proxy-uid to 1337');
    expect(r.problem).toBe('no translation for message "fix.proxy-uid"');
  });

  it('shows an unknown id visibly instead of a blank', () => {
    const r = renderMessage({ id: 'no.such', params: { port: 1 } }, MESSAGES_EN, MESSAGES_EN);
    expect(messageText(r)).toBe('Unknown message "no.such" (port=1)');
    expect(r.problem).toBe('unknown message id "no.such"');
  });

  it('names missing parameters and keeps their placeholders visible', () => {
    const r = renderMessage(
      { id: 'fix.proxy-uid', params: { flag: 'proxy-uid' } },
      {},
      MESSAGES_EN,
    );
    expect(messageText(r)).toBe(
      'Message "fix.proxy-uid" is missing uid: ' +
        "Fix: set --proxy-uid to {uid}, the uid Envoy runs as (istio-proxy's runAsUser).",
    );
    expect(r.problem).toContain('missing parameter(s) uid');
  });
});
