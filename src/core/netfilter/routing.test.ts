import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress } from '../shared/ip.ts';
import { DEFAULT_POD } from './pod.ts';
import { classifyAddress, routeInput, routeOutput } from './routing.ts';

const addr = (text: string) => {
  const a = parseAddress(text);
  if (!a) throw new Error(text);
  return a;
};
const TPROXY = [{ mark: 1337, mask: 0xffffffff, table: 133 }];

describe('routing', () => {
  it('routes local addresses through lo, on-link directly, the rest via the gateway', () => {
    expect(routeOutput(DEFAULT_POD, [], addr('10.44.0.5'), 0)).toMatchObject({
      kind: 'local',
      oif: 'lo',
    });
    expect(routeOutput(DEFAULT_POD, [], addr('127.8.9.10'), 0)).toMatchObject({
      kind: 'local',
      oif: 'lo',
    });
    expect(routeOutput(DEFAULT_POD, [], addr('::6'), 0)).toMatchObject({
      kind: 'local',
      oif: 'lo',
    });
    const onLink = routeOutput(DEFAULT_POD, [], addr('10.44.0.77'), 0);
    expect(onLink).toMatchObject({ kind: 'unicast', oif: 'eth0' });
    expect(onLink.via).toBeUndefined();
    const far = routeOutput(DEFAULT_POD, [], addr('2001:db8::1'), 0);
    expect(far.via && formatAddress(far.via)).toBe('fd00:44::1');
  });

  it('sends marked packets to the local table 133 route only when the fwmark rule exists', () => {
    expect(routeOutput(DEFAULT_POD, TPROXY, addr('8.8.8.8'), 1337)).toMatchObject({
      kind: 'local',
      oif: 'lo',
    });
    expect(routeOutput(DEFAULT_POD, TPROXY, addr('8.8.8.8'), 1338).kind).toBe('unicast');
    expect(routeOutput(DEFAULT_POD, [], addr('8.8.8.8'), 1337).kind).toBe('unicast');
    expect(routeInput(DEFAULT_POD, TPROXY, addr('10.9.9.9'), 1337, 'eth0').kind).toBe('local');
  });

  it('drops what a pod without forwarding cannot deliver, and martians', () => {
    expect(routeInput(DEFAULT_POD, [], addr('10.9.9.9'), 0, 'eth0').kind).toBe('drop');
    expect(
      routeInput({ ...DEFAULT_POD, ipForward: true }, [], addr('10.9.9.9'), 0, 'eth0').kind,
    ).toBe('forward');
    expect(routeInput(DEFAULT_POD, [], addr('127.0.0.1'), 0, 'eth0').kind).toBe('drop');
    expect(routeInput(DEFAULT_POD, [], addr('127.0.0.1'), 0, 'lo').kind).toBe('local');
  });

  it('classifies addresses like -m addrtype', () => {
    expect(classifyAddress(DEFAULT_POD, addr('10.44.0.5'))).toBe('LOCAL');
    expect(classifyAddress(DEFAULT_POD, addr('127.0.0.53'))).toBe('LOCAL');
    expect(classifyAddress(DEFAULT_POD, addr('10.44.0.255'))).toBe('BROADCAST');
    expect(classifyAddress(DEFAULT_POD, addr('224.0.0.1'))).toBe('MULTICAST');
    expect(classifyAddress(DEFAULT_POD, addr('10.96.0.1'))).toBe('UNICAST');
    expect(classifyAddress(DEFAULT_POD, addr('ff02::1'))).toBe('MULTICAST');
    expect(classifyAddress(DEFAULT_POD, addr('::'))).toBe('UNSPEC');
    expect(classifyAddress(DEFAULT_POD, addr('fd00:44::5'))).toBe('LOCAL');
  });
});
