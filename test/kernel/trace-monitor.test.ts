/**
 * The harness's readiness and fence logic, without a kernel: the tracer's readiness is read from
 * /proc/net/netlink, and a fence only ends the wait it was sent for.
 */
import { describe, expect, it } from 'vitest';
import { findFenceEnd, parseNetlinkSockets, tracerSocket } from './trace-monitor.ts';

const NETLINK = `sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode
000000000afceb71 12  0          00000000 0        0        0     2        0        13540
00000000aa11bb22 0   14735      00000000 0        0        0     2        0        33070
000000004d66dc21 12  14735      00000100 0        0        0     2        7        33074
`;

describe('tracer readiness', () => {
  it('is the monitor pid joining the NFTRACE group of NETLINK_NETFILTER', () => {
    const sockets = parseNetlinkSockets(NETLINK);
    expect(sockets).toEqual([
      { portId: 0, groups: 0, drops: 0 },
      { portId: 14735, groups: 0x100, drops: 7 },
    ]);
    expect(tracerSocket(sockets, 14735)).toEqual({ portId: 14735, groups: 0x100, drops: 7 });
    expect(tracerSocket(sockets, 999)).toBeUndefined();
    const notYet = parseNetlinkSockets(NETLINK.replace('00000100', '00000000'));
    expect(tracerSocket(notYet, 14735)).toBeUndefined();
  });
});

const fenceLine = (chain: 'out' | 'pre', dport: number) =>
  `trace id 1a2b3c4d inet trace_probe ${chain} packet: iif "lo" ip saddr 127.0.0.1 ip daddr 127.0.0.1 ip protocol udp udp sport 50000 udp dport ${dport} udp length 9`;
const probeLine =
  'trace id 99aa88bb inet trace_probe out packet: oif "eth0" ip saddr 10.44.0.5 ip daddr 10.44.0.9 ip protocol udp udp sport 50001 udp dport 53 udp length 9';

describe('fences', () => {
  it('end only the wait they were sent for: a late fence of an earlier wait is passed over', () => {
    const lines = [
      fenceLine('pre', 30001), // a readiness fence that arrived late
      probeLine,
      fenceLine('out', 30002),
      fenceLine('pre', 30002),
    ];
    expect(findFenceEnd(lines, 0, [30002])).toBe(3);
    expect(findFenceEnd(lines, 0, [30001])).toBe(0);
    expect(findFenceEnd(lines, 1, [30001])).toBe(-1);
    expect(findFenceEnd(lines, 0, [30003])).toBe(-1);
  });
});
