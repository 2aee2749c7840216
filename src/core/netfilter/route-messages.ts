import type { Message } from '../shared/messages.ts';
import { message } from '../shared/messages.ts';
import type { Delivery, TraceStep } from './result.ts';
import type { RouteCaveat } from './route-verdict.ts';

type Refused = Extract<Delivery, { readonly kind: 'refused' }>;

/**
 * What a routing refusal means for the sender, as a message (the UI renders it per language, the
 * CLI in English).
 *
 * @example
 * routeRefusalMessage(result.delivered); // { id: 'route.loopback-source', params: { address: '127.0.0.6', oif: 'eth0', errno: 'EINVAL' } }
 */
export function routeRefusalMessage(d: Refused): Message {
  const r = d.refusal;
  if (r.cause === 'no-route') return message('route.no-route', { address: r.dst, errno: r.errno });
  if (d.at === 'reroute')
    return message('route.loopback-source.reroute', {
      address: r.src,
      oif: r.oif,
      errno: r.errno,
      table: d.table ?? 'nat',
    });
  return message('route.loopback-source', { address: r.src, oif: r.oif, errno: r.errno });
}

/**
 * A route the kernel takes although the packet will not arrive, as a message.
 *
 * @example
 * routeCaveatMessage({ cause: 'loopback-source-leaves-node', src: '::1', oif: 'eth0' }).id; // 'route.loopback-source-leaves-node'
 */
export function routeCaveatMessage(c: RouteCaveat): Message {
  return message('route.loopback-source-leaves-node', { address: c.src, oif: c.oif });
}

/**
 * Everything routing has to say about a trace (a TraceResult, or a mesh step's `trace` and
 * `delivered`): each distinct caveat of its route steps in path order, then the refusal that
 * ended it.
 *
 * @example
 * routeNotes(simulatePacket({ v4 }, packet)).map((m) => m.id); // ['route.loopback-source']
 */
export function routeNotes(result: {
  readonly steps: readonly TraceStep[];
  readonly delivered: Delivery;
}): Message[] {
  const seen = new Set<string>();
  const notes: Message[] = [];
  for (const s of result.steps) {
    if (s.kind !== 'route' || s.caveat === undefined) continue;
    const key = `${s.caveat.cause} ${s.caveat.src} ${s.caveat.oif}`;
    if (seen.has(key)) continue;
    seen.add(key);
    notes.push(routeCaveatMessage(s.caveat));
  }
  if (result.delivered.kind === 'refused') notes.push(routeRefusalMessage(result.delivered));
  return notes;
}
