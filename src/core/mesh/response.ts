import type { HopDraft, Leg } from './context.ts';
import { pushStep } from './context.ts';
import { addTraversal, tuple } from './hop-steps.ts';

/** `conntrack maps the source back to 10.254.109.7:9080 (reverse of REDIRECT:15001)` */
function reverseNote(leg: Leg): string {
  const base = 'ESTABLISHED: nat is not consulted';
  if (!leg.nat) return base;
  return `${base}; conntrack rewrites the source back to ${leg.dst}:${leg.dport} (the reverse of ${leg.nat.final} in ${leg.nat.id})`;
}

/**
 * The response of one connection: the acceptor writes on its socket (an ESTABLISHED packet through
 * its pod's OUTPUT, nat skipped, conntrack undoing the REDIRECT), then for a connection between
 * pods the packet crosses the wire and enters the initiator's PREROUTING.
 */
function respondOn(hop: HopDraft, leg: Leg): void {
  const out = addTraversal(
    hop,
    leg.acceptor,
    {
      direction: 'outbound',
      src: leg.acceptedAddress,
      sport: leg.acceptedPort,
      dst: leg.src,
      dport: leg.sport,
      uid: leg.acceptorUid,
      gid: leg.acceptorGid,
      ctstate: 'ESTABLISHED',
      ...(leg.connmark === 0 ? {} : { connmark: leg.connmark }),
    },
    true,
    `${leg.acceptorActor} replies; ${reverseNote(leg)}`,
  );
  if (leg.initiator === leg.acceptor) return;
  const to = leg.initiator === 'outside' ? 'client' : leg.initiator.name;
  const from = leg.replyFrom ?? { ip: leg.dst, port: leg.dport };
  const via =
    leg.initiator === 'outside'
      ? ' (back through the node and the load balancer)'
      : leg.replyFrom
        ? ` (the node's kube-proxy rewrites the source ${leg.dst}:${leg.dport} back to the ClusterIP)`
        : '';
  pushStep(
    hop,
    {
      kind: 'wire',
      label: `${leg.acceptor.name} → ${to}: ${tuple(from.ip, from.port, leg.src, leg.sport)}${via}`,
      from: leg.acceptor.name,
      to,
      src: from.ip,
      sport: from.port,
      dst: leg.src,
      dport: leg.sport,
    },
    true,
  );
  if (leg.initiator === 'outside' || out.delivered.kind !== 'sent') return;
  addTraversal(
    hop,
    leg.initiator,
    {
      direction: 'inbound',
      src: from.ip,
      sport: from.port,
      dst: leg.src,
      dport: leg.sport,
      ctstate: 'ESTABLISHED',
    },
    true,
    'the reply of a connection conntrack knows',
  );
}

/** The response path of a hop that reached the app: every connection of the hop, last first. */
export function addResponse(hop: HopDraft): void {
  if (!hop.ok) return;
  for (let i = hop.legs.length - 1; i >= 0; i--) {
    const leg = hop.legs[i];
    if (leg) respondOn(hop, leg);
  }
}
