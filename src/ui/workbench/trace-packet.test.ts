import { describe, expect, it } from 'vitest';
import { generateRules, parseIptables, parseIstioArgs, PROFILES, renderRestore } from '@core';
import { DEFAULT_PACKET } from '../store/store.ts';
import { buildPathHighlight } from './path-highlight.ts';
import { toPacketSpec, tracePacket, traceTypicalPackets } from './trace-packet.ts';
import { TYPICAL_PACKETS } from './typical-packets.ts';

function rulesetOf(args: string) {
  const parsed = parseIstioArgs(args, {});
  const rules = generateRules(parsed.value.config, 'latest');
  return parseIptables(renderRestore(rules, 4), { family: 4 }).value;
}

const v4 = rulesetOf(PROFILES.latest.defaultArgs);

describe('tracePacket', () => {
  it('leaves empty fields to the core defaults', () => {
    expect(toPacketSpec({ ...DEFAULT_PACKET, sport: ' ', uid: '1000' })).toEqual({
      id: 'app-to-service',
      direction: 'outbound',
      proto: 'tcp',
      dst: '10.96.0.20',
      dport: '9080',
      uid: '1000',
    });
  });

  it('gives the verdict of each typical packet through the default rules', () => {
    const finals = Object.fromEntries(
      TYPICAL_PACKETS.map((t) => [t.id, tracePacket({ v4 }, t.form).result?.final]),
    );
    expect(finals).toEqual({
      'app-to-service': 'REDIRECT:15001',
      'app-to-pod': 'REDIRECT:15001',
      'envoy-upstream': 'ACCEPT',
      'health-probe': 'ACCEPT',
      'inbound-app': 'REDIRECT:15006',
      dns: 'ACCEPT',
      'inbound-passthrough': 'ACCEPT',
      'app-to-localhost': 'ACCEPT',
    });
  });

  it('reports a packet it cannot simulate instead of throwing', () => {
    const t = tracePacket({ v4 }, { ...DEFAULT_PACKET, dst: 'not-an-ip' });
    expect(t.result).toBeUndefined();
    expect(t.diagnostics.map((d) => d.code)).toContain('bad-packet');
  });

  it('lights the chains, rules and edges of the path', () => {
    const result = tracePacket({ v4 }, DEFAULT_PACKET).result;
    const h = buildPathHighlight(result, 4);
    expect(h.chains.has('nat/OUTPUT' as never)).toBe(true);
    expect(h.chains.has('nat/ISTIO_OUTPUT' as never)).toBe(true);
    expect([...h.edges]).toContain('nat/OUTPUT#1');
    expect([...h.matched]).toEqual(
      result?.matched.concat(result.matchedAfterLoopback).filter((r, i, a) => a.indexOf(r) === i),
    );
    expect(buildPathHighlight(result, 6).chains.size).toBe(0);
  });
});

describe('traceTypicalPackets', () => {
  it('counts rule hits over all typical packets', () => {
    const batch = traceTypicalPackets({ v4 });
    expect(batch.rows.map((r) => r.id)).toEqual(TYPICAL_PACKETS.map((t) => t.id));
    const outputJump = batch.counters.v4.rules.get('nat/OUTPUT#1' as never);
    expect(outputJump?.packets).toBeGreaterThanOrEqual(4);
    for (const row of batch.rows) expect(row.result.steps).toEqual([]);
  });
});
