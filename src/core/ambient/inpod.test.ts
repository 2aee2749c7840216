import { describe, expect, it } from 'vitest';
import { formatRuleCommand } from '../generator/render-restore.ts';
import { DEFAULT_AMBIENT_CONFIG } from './config.ts';
import { generateHostProbeRules, generateInpodRules } from './inpod.ts';

const lines = (config = {}) =>
  generateInpodRules({ ...DEFAULT_AMBIENT_CONFIG, ...config }).v4.map(
    (r) => `${r.table} ${formatRuleCommand(r)}`,
  );

describe('generateInpodRules', () => {
  it('lets the pod annotation override the node-wide DNS setting both ways', () => {
    const dns = (c: object) => lines(c).filter((l) => l.includes('15053')).length;
    expect(dns({ redirectDns: true })).toBe(2);
    expect(dns({ redirectDns: true, podDns: 'off' })).toBe(0);
    expect(dns({ redirectDns: false, podDns: 'on' })).toBe(2);
    expect(lines({ redirectDns: true, podDns: 'off' }).some((l) => l.startsWith('raw'))).toBe(
      false,
    );
  });

  it('keeps the PRERT chain but drops inbound capture in ingress mode', () => {
    const nat = lines({ ingressMode: true }).filter((l) => l.startsWith('nat'));
    expect(nat).toContain('nat -A PREROUTING -j ISTIO_PRERT');
    expect(nat.some((l) => l.includes('15006'))).toBe(false);
  });

  it('gives every rule an origin and records the table-100 policy route', () => {
    const rules = generateInpodRules({ ...DEFAULT_AMBIENT_CONFIG, enableIPv6: true });
    expect([...rules.v4, ...rules.v6].every((r) => r.origin.reason.length > 0)).toBe(true);
    expect(rules.setup).toContain('ip rule add fwmark 0x111/0xfff pref 32764 lookup 100');
    expect(rules.setup).toContain('ip -6 route add local ::/0 dev lo table 100');
  });

  it('puts the host-probe SNAT address of each family in the node rule', () => {
    const rules = generateHostProbeRules({ ...DEFAULT_AMBIENT_CONFIG, probeSnatV4: '169.254.1.1' });
    expect(rules.v6).toEqual([]);
    expect(formatRuleCommand(rules.v4[1]!)).toMatch(/--to-source 169\.254\.1\.1$/);
  });
});
