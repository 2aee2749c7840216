import { AMBIENT } from '../ambient/config.ts';
import type { CtState } from '../netfilter/packet.ts';
import { MESSAGES_EN } from '../shared/messages-en.ts';
import type { Message, MessageId, MessageParams } from '../shared/messages.ts';
import { message } from '../shared/messages.ts';
import { messageText, renderMessage } from '../shared/render-message.ts';
import type { AmbientWorld } from './ambient-world.ts';
import type { HopDraft, PathContext } from './context.ts';
import { pushStep } from './context.ts';
import { addTraversal } from './hop-steps.ts';
import type { NetfilterStep, ZtunnelAction } from './path-types.ts';
import type { PodNetwork } from './sidecar.ts';

/** What an ambient hop needs: the path context and the ambient view of the scenario. */
export interface AmbientContext {
  readonly ctx: PathContext;
  readonly aw: AmbientWorld;
}

/** A step's English label and the message it renders (the UI renders it per language). */
export function say<K extends MessageId>(
  id: K,
  params: MessageParams<K>,
): { label: string; message: Message } {
  const m = message(id, params);
  return { label: messageText(renderMessage(m, MESSAGES_EN, MESSAGES_EN)), message: m };
}

/** A failure's or diagnostic's English `message` and its `messageRef`. */
export function sayRef<K extends MessageId>(
  id: K,
  params: MessageParams<K>,
): { message: string; messageRef: Message } {
  const t = say(id, params);
  return { message: t.label, messageRef: t.message };
}

/** `172.33.78.5:15008` */
export function hostPort(ip: string, port: number): string {
  return `${ip}:${port}`;
}

/** Pushes a `ztunnel` step acting inside `net`'s namespace for the node's ztunnel. */
export function pushZtunnel(
  hop: HopDraft,
  fields: {
    readonly action: ZtunnelAction;
    readonly pod: string;
    readonly node: string;
    readonly port: number;
    readonly text: { label: string; message: Message };
    readonly service?: string;
    readonly target?: string;
    readonly endpoints?: readonly string[];
    readonly chosen?: string;
    readonly waypoint?: string;
    readonly upstream?: string;
    readonly source?: string;
  },
  response = false,
): void {
  const { text, ...rest } = fields;
  pushStep(hop, { kind: 'ztunnel', ...text, ...rest }, response);
}

/** One TCP connection of an ambient hop, kept for the response (sent → accepted). */
export interface AmbientLeg {
  /** The initiator's name, and its network when its PREROUTING sees the reply (a pod). */
  readonly from: string;
  readonly fromNet?: PodNetwork;
  readonly to: string;
  /** The acceptor's network (its OUTPUT sends the reply); absent: a waypoint (no rules). */
  readonly toNet?: PodNetwork;
  readonly src: string;
  readonly sport: number;
  readonly dst: string;
  readonly dport: number;
  /** The accepting socket after NAT (REDIRECT to 15001: 127.0.0.1:15001). */
  readonly acceptedAddress: string;
  readonly acceptedPort: number;
  /** SO_MARK of the accepting socket (ztunnel's: 0x539), 0 for the app or Envoy. */
  readonly mark: number;
  readonly uid?: number;
  readonly gid?: number;
  /** Connection mark the forward traversal left (0x111 on ztunnel's connections to the app). */
  readonly connmark: number;
  /** A `ztunnel` step before the reply's traversal (ztunnel writes the response). */
  readonly before?: Parameters<typeof pushZtunnel>[1];
  /** A `ztunnel` step after it (the reply reached ztunnel's socket). */
  readonly after?: Parameters<typeof pushZtunnel>[1];
}

export function connmarkOfStep(step: NetfilterStep): number {
  const n = Number.parseInt(step.delivered.packet.connmark, 16);
  return Number.isFinite(n) ? n : 0;
}

/** Simulates an ambient packet (mark, connmark, conntrack state) in `net` as the hop's next step. */
export function traverseAmbient(
  hop: HopDraft,
  net: PodNetwork,
  p: {
    readonly direction: 'outbound' | 'inbound';
    readonly proto?: 'tcp' | 'udp';
    readonly src: string;
    readonly sport: number;
    readonly dst: string;
    readonly dport: number;
    readonly uid?: number | undefined;
    readonly gid?: number | undefined;
    readonly mark?: number | undefined;
    readonly connmark?: number | undefined;
    readonly ctstate?: CtState | undefined;
  },
  response = false,
): NetfilterStep {
  return addTraversal(
    hop,
    net,
    {
      ...(p.proto === 'udp' ? { proto: 'udp' as const } : {}),
      direction: p.direction,
      src: p.src,
      dst: p.dst,
      sport: p.sport,
      dport: p.dport,
      ...(p.uid === undefined ? {} : { uid: p.uid }),
      ...(p.gid === undefined ? {} : { gid: p.gid }),
      ...(p.mark ? { mark: p.mark } : {}),
      ...(p.connmark ? { connmark: p.connmark } : {}),
      ...(p.ctstate === undefined ? {} : { ctstate: p.ctstate }),
    },
    response,
  );
}

/** The reply on one connection: the acceptor's OUTPUT (ESTABLISHED), the wire, the initiator's PREROUTING. */
function respondOn(hop: HopDraft, leg: AmbientLeg): void {
  if (leg.before) pushZtunnel(hop, leg.before, true);
  const reply = {
    src: leg.acceptedAddress,
    sport: leg.acceptedPort,
    dst: leg.src,
    dport: leg.sport,
    ctstate: 'ESTABLISHED' as const,
  };
  const out = leg.toNet
    ? traverseAmbient(
        hop,
        leg.toNet,
        {
          direction: 'outbound',
          ...reply,
          uid: leg.uid,
          gid: leg.gid,
          mark: leg.mark,
          connmark: leg.connmark,
        },
        true,
      )
    : undefined;
  if (leg.from !== leg.to && (out === undefined || out.delivered.kind === 'sent')) {
    const wire = { src: leg.dst, sport: leg.dport, dst: leg.src, dport: leg.sport };
    pushStep(
      hop,
      {
        kind: 'wire',
        ...say('ambient.wire', {
          from: leg.to,
          to: leg.from,
          src: hostPort(wire.src, wire.sport),
          dst: hostPort(wire.dst, wire.dport),
        }),
        from: leg.to,
        to: leg.from,
        ...wire,
      },
      true,
    );
    if (leg.fromNet)
      traverseAmbient(
        hop,
        leg.fromNet,
        { direction: 'inbound', ...wire, ctstate: 'ESTABLISHED' },
        true,
      );
  }
  if (leg.after) pushZtunnel(hop, leg.after, true);
}

/** The response path of a hop that reached the app: every connection, last first. */
export function respondAmbient(hop: HopDraft, legs: readonly AmbientLeg[]): void {
  if (!hop.ok) return;
  for (let i = legs.length - 1; i >= 0; i--) {
    const leg = legs[i];
    if (leg) respondOn(hop, leg);
  }
}

/** ztunnel's in-pod socket mark (SO_MARK 1337). */
export const ZTUNNEL_MARK = AMBIENT.inpodMark;
