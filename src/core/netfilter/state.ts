import type { IpAddress, IpFamily } from '../shared/ip.ts';
import type { Hook } from './hooks.ts';
import type { CtState, L4Protocol, Packet } from './packet.ts';
import type { PodContext } from './pod.ts';

/** The connection the packet belongs to, as conntrack holds it. */
export interface ConnTrack {
  /** False until the conntrack hook (after raw) has run: `--ctstate` then sees INVALID. */
  attached: boolean;
  state: CtState;
  mark: number;
  zone: number;
  /** `CT --notrack` in raw: no connection, no NAT. */
  untracked: boolean;
  /** The NAT binding is set up (after the first pass): nat chains are not consulted again. */
  natDone: boolean;
  dnat: boolean;
  snat: boolean;
}

/** The packet while it moves through the hooks; targets rewrite it in place. */
export interface SimPacket {
  readonly family: IpFamily;
  readonly proto: L4Protocol;
  src: bigint;
  dst: bigint;
  sport: number;
  dport: number;
  mark: number;
  /** Input interface, '' before it was received (OUTPUT path). */
  iif: string;
  /** Output interface, '' when it is not routed out (PREROUTING/INPUT). */
  oif: string;
  /** Socket owner; undefined for packets that no local socket sent. */
  readonly uid: number | undefined;
  readonly gid: number | undefined;
  readonly syn: boolean;
  readonly length: number;
  readonly ct: ConnTrack;
  /** Set when TPROXY assigned the packet to a local socket: the port it will be delivered to. */
  tproxyPort: number | undefined;
}

/** What a condition or target may look at besides the packet. */
export interface EvalContext {
  readonly hook: Hook;
  readonly pod: PodContext;
}

export function createSimPacket(packet: Packet): SimPacket {
  return {
    family: packet.family,
    proto: packet.proto,
    src: packet.src.value,
    dst: packet.dst.value,
    sport: packet.sport,
    dport: packet.dport,
    mark: packet.mark,
    iif: '',
    oif: '',
    uid: packet.uid,
    gid: packet.gid,
    syn: packet.proto === 'tcp' && packet.ctstate === 'NEW',
    length: packet.length,
    ct: {
      attached: false,
      state: packet.ctstate,
      mark: packet.connmark,
      zone: 0,
      untracked: false,
      natDone: packet.ctstate !== 'NEW',
      dnat: false,
      snat: false,
    },
    tproxyPort: undefined,
  };
}

export function srcAddress(p: SimPacket): IpAddress {
  return { family: p.family, value: p.src };
}

export function dstAddress(p: SimPacket): IpAddress {
  return { family: p.family, value: p.dst };
}
