import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_TEXT, readInboundMessage } from './embed-messages.ts';

describe('readInboundMessage', () => {
  it('accepts the three documented messages', () => {
    expect(readInboundMessage({ type: 'intercept:set-args', text: '-p 15002' })).toEqual({
      type: 'intercept:set-args',
      text: '-p 15002',
    });
    expect(readInboundMessage({ type: 'intercept:set-version', version: '1.11' })).toEqual({
      type: 'intercept:set-version',
      version: '1.11',
    });
    expect(
      readInboundMessage({
        type: 'intercept:trace',
        packet: { direction: 'inbound', dport: 9080 },
      }),
    ).toEqual({
      type: 'intercept:trace',
      packet: { direction: 'inbound', dport: '9080' },
    });
  });

  it('refuses anything malformed', () => {
    for (const bad of [
      null,
      'intercept:ready',
      [],
      { type: 'intercept:ready' },
      { type: 'intercept:set-args' },
      { type: 'intercept:set-args', text: 42 },
      { type: 'intercept:set-args', text: 'x'.repeat(MAX_MESSAGE_TEXT + 1) },
      { type: 'intercept:set-version', version: '9.9' },
      { type: 'intercept:trace', packet: { dport: '80', evil: 'x' } },
      { type: 'intercept:trace', packet: { dport: { nested: 1 } } },
      { type: 'intercept:trace', packet: 'tcp' },
      { type: 'intercept:trace', packet: { preset: 'x' } },
    ]) {
      expect(readInboundMessage(bad), String(JSON.stringify(bad)).slice(0, 80)).toBeUndefined();
    }
  });
});
