import { describe, expect, it } from 'vitest';
import {
  generateRules,
  parseIptables,
  parseIstioArgs,
  PROFILES,
  renderRestore,
  routeNotes,
} from '@core';
import { createTranslator } from '../i18n/translate.ts';
import { DEFAULT_PACKET } from '../store/store.ts';
import { describeStep } from '../workbench/step-text.ts';
import { tracePacket } from '../workbench/trace-packet.ts';
import { coreMessageText } from './render-core-message.ts';

const rules = generateRules(parseIstioArgs(PROFILES.latest.defaultArgs, {}).value.config, 'latest');
const v4 = parseIptables(renderRestore(rules, 4), { family: 4 }).value;

const refused = tracePacket(
  { v4 },
  {
    ...DEFAULT_PACKET,
    proto: 'udp',
    src: '127.0.0.6',
    dst: '10.96.0.10',
    dport: '53',
    uid: '1000',
  },
).result;

describe('a routing refusal in the trace views', () => {
  it('is a route step and a note, in English and Chinese', () => {
    expect(refused?.delivered.kind).toBe('refused');
    const [step] = refused?.steps ?? [];
    if (step === undefined || refused === undefined) throw new Error('no trace');
    expect(describeStep(step, createTranslator('en'))).toMatch(
      /^routing: refused eth0 — .* — EINVAL$/,
    );
    expect(describeStep(step, createTranslator('zh'))).toMatch(
      /^路由：refused eth0 — .* — EINVAL$/,
    );
    const [note] = routeNotes(refused);
    if (note === undefined) throw new Error('no note');
    expect(coreMessageText(note, 'en')).toMatch(
      /^Routing refuses the packet before the OUTPUT hook \(EINVAL\): its source 127\.0\.0\.6 .* through eth0\./,
    );
    expect(coreMessageText(note, 'zh')).toMatch(
      /^路由在 OUTPUT 钩子之前拒绝了这个包（EINVAL）：源地址 127\.0\.0\.6 是回环地址，而路由要从 eth0 出去。/,
    );
  });

  it('says nothing for Envoy inbound passthrough (127.0.0.6 to the pod IP, over lo)', () => {
    const passthrough = tracePacket(
      { v4 },
      { ...DEFAULT_PACKET, src: '127.0.0.6', dst: '10.44.0.5', dport: '9080', uid: '1337' },
    ).result;
    expect(passthrough?.delivered.kind).toBe('local');
    expect(passthrough && routeNotes(passthrough)).toEqual([]);
  });
});
