import { describe, expect, it } from 'vitest';
import { formatAddress } from '../shared/ip.ts';
import { defaultSourcePort, normalizePacket } from './packet.ts';
import { createPod, DEFAULT_POD } from './pod.ts';

const codes = (input: unknown) =>
  normalizePacket(input, DEFAULT_POD).diagnostics.map((d) => `${d.severity}:${d.subject ?? ''}`);

describe('normalizePacket', () => {
  it('fills in the defaults of CONTRACTS.md §3', () => {
    const p = normalizePacket({ id: 'a', dst: '10.44.0.9', dport: 80 }, DEFAULT_POD).value;
    expect(p).toMatchObject({
      id: 'a',
      direction: 'outbound',
      proto: 'tcp',
      family: 4,
      uid: 0,
      gid: 0,
      mark: 0,
      ctstate: 'NEW',
      sport: defaultSourcePort('a'),
    });
    expect(p && formatAddress(p.src)).toBe('10.44.0.5');
    expect(
      normalizePacket({ dst: '10.44.0.9', dport: 80, uid: 1000 }, DEFAULT_POD).value,
    ).toMatchObject({ uid: 1000, gid: 1000 });
  });

  it('picks the source address the kernel picks', () => {
    const src = (dst: string) => {
      const p = normalizePacket({ dst, dport: 1 }, DEFAULT_POD).value;
      return p ? formatAddress(p.src) : undefined;
    };
    expect(src('127.0.0.6')).toBe('127.0.0.1');
    expect(src('10.44.0.5')).toBe('10.44.0.5');
    expect(src('8.8.8.8')).toBe('10.44.0.5');
    expect(src('::1')).toBe('::1');
    expect(src('2001:db8::1')).toBe('fd00:44::5');
  });

  it('defaults inbound packets to the gateway as source and the pod as destination', () => {
    const p = normalizePacket({ direction: 'inbound', dport: 9080 }, DEFAULT_POD).value;
    expect(p && [formatAddress(p.src), formatAddress(p.dst), p.uid]).toEqual([
      '10.44.0.1',
      '10.44.0.5',
      undefined,
    ]);
    const v6 = normalizePacket(
      { direction: 'inbound', src: '2001:db8::9', dst: 'fd00:44::5', dport: 1 },
      DEFAULT_POD,
    ).value;
    expect(v6?.family).toBe(6);
  });

  it('keeps the default source port stable and in the ephemeral range', () => {
    expect(defaultSourcePort('x')).toBe(defaultSourcePort('x'));
    for (const id of ['a', 'b', 'packet-1', ''])
      expect(defaultSourcePort(id)).toBeGreaterThanOrEqual(40000);
  });

  it('reports bad fields as bad-packet diagnostics and never throws', () => {
    expect(codes({ dst: '10.44.0.9', dport: 70000 })).toEqual(['error:dport']);
    expect(codes({ dst: 'nope', dport: 1 })).toEqual(['error:dst']);
    expect(codes({ dport: 1 })).toEqual(['error:dst']);
    expect(codes({ dst: '10.44.0.9' })).toEqual(['error:dport']);
    expect(codes({ dst: '10.44.0.9', dport: 1, proto: 'icmp' })).toEqual(['error:proto']);
    expect(codes({ src: '::1', dst: '10.44.0.9', dport: 1 })).toEqual(['error:src']);
    expect(codes({ direction: 'inbound', dst: '10.0.0.1', dport: 1 })).toEqual(['error:dst']);
    expect(codes({ direction: 'inbound', dst: '127.0.0.1', dport: 1 })).toEqual(['error:dst']);
    expect(codes({ dst: '10.44.0.9', dport: 1, colour: 'red' })).toEqual(['warning:colour']);
    expect(codes({ dst: '10.44.0.9', dport: 1, src: '10.9.9.9' })).toEqual(['warning:src']);
    expect(codes({ direction: 'inbound', dport: 1, uid: 5 })).toEqual(['warning:uid']);
    for (const garbage of [null, 7, 'x', [], { id: {} }])
      expect(() => normalizePacket(garbage, DEFAULT_POD)).not.toThrow();
    expect(normalizePacket([], DEFAULT_POD).value).toBeUndefined();
  });

  it('accepts numeric strings and hex marks', () => {
    expect(
      normalizePacket({ dst: '10.44.0.9', dport: '80', mark: '0x539' }, DEFAULT_POD).value,
    ).toMatchObject({ dport: 80, mark: 1337 });
  });
});

describe('createPod', () => {
  it('builds eth0 and lo from the pod IPs with the gateway at .1', () => {
    const pod = createPod({ podIp: '10.1.2.3/16', podIp6: 'fd00:1::3' }).value;
    expect(pod.gateway4 && formatAddress(pod.gateway4)).toBe('10.1.0.1');
    expect(pod.gateway6 && formatAddress(pod.gateway6)).toBe('fd00:1::1');
    expect(pod.interfaces.map((i) => i.name)).toEqual(['eth0', 'lo']);
  });

  it('reports a bad pod address and keeps the default', () => {
    const { value, diagnostics } = createPod({ podIp: 'fd00::1' });
    expect(diagnostics.map((d) => d.subject)).toEqual(['pod-ip']);
    expect(value.gateway4 && formatAddress(value.gateway4)).toBe('10.44.0.1');
  });
});
