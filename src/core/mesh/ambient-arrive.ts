import { AMBIENT } from '../ambient/config.ts';
import type { AmbientContext, AmbientLeg } from './ambient-steps.ts';
import {
  connmarkOfStep,
  hostPort,
  pushZtunnel,
  say,
  sayRef,
  traverseAmbient,
  ZTUNNEL_MARK,
} from './ambient-steps.ts';
import type { HopDraft } from './context.ts';
import { ephemeralPort, nextStepId, notePod, pushStep } from './context.ts';
import { failHop } from './hop-steps.ts';
import type { PodSpec } from './scenario.ts';
import type { PodNetwork } from './sidecar.ts';
import { hostOf } from './world.ts';

/** Who opens the HBONE connection that arrives at a pod: ztunnel in a pod, a waypoint, the gateway. */
export interface HboneSender {
  readonly name: string;
  /** Its network when it is an enrolled pod (its OUTPUT is traversed on the way back). */
  readonly net?: PodNetwork;
  readonly src: string;
  readonly sport: number;
  /** The caller's address the app will see (ztunnel keeps it; a waypoint passes it in `Forwarded`). */
  readonly source: string;
  /** HTTP status the caller reports when the connection fails (a proxy's 503, a bare socket's 0). */
  readonly failStatus: number;
}

/**
 * The HBONE connection reaches `pod`: PREROUTING leaves dport 15008 alone, ztunnel's socket in the
 * pod accepts it, ztunnel connects to the app from a transparent socket with the caller's source
 * (the loop over `lo` sets the 0x111 connmark), and the app serves the request.
 */
export function arriveHbone(
  a: AmbientContext,
  hop: HopDraft,
  sender: HboneSender,
  pod: PodSpec,
  legs: AmbientLeg[],
): void {
  const { ctx, aw } = a;
  notePod(ctx, pod.name);
  const net = aw.network(pod);
  const node = aw.nodeOf(pod).name;
  const ip = hostOf(pod.ip);
  const port = AMBIENT.hboneInboundPort;
  const target = hostPort(ip, pod.appPort);
  pushStep(hop, {
    kind: 'wire',
    ...say('ambient.wire', {
      from: sender.name,
      to: pod.name,
      src: hostPort(sender.src, sender.sport),
      dst: hostPort(ip, port),
    }),
    from: sender.name,
    to: pod.name,
    src: sender.src,
    sport: sender.sport,
    dst: ip,
    dport: port,
  });
  const inStep = traverseAmbient(hop, net, {
    direction: 'inbound',
    src: sender.src,
    sport: sender.sport,
    dst: ip,
    dport: port,
  });
  if (inStep.delivered.kind !== 'local' || inStep.delivered.port !== port) {
    failDelivery(a, hop, net, inStep, sender.failStatus, port);
    return;
  }
  pushZtunnel(hop, {
    action: 'inbound',
    pod: pod.name,
    node,
    port,
    target,
    text: say('ambient.ztunnel-inbound', {
      pod: pod.name,
      node,
      address: hostPort(ip, port),
      target,
    }),
  });
  legs.push({
    from: sender.name,
    ...(sender.net ? { fromNet: sender.net } : {}),
    to: pod.name,
    toNet: net,
    src: sender.src,
    sport: sender.sport,
    dst: ip,
    dport: port,
    acceptedAddress: ip,
    acceptedPort: port,
    mark: ZTUNNEL_MARK,
    connmark: connmarkOfStep(inStep),
    before: {
      action: 'return',
      pod: pod.name,
      node,
      port,
      text: say('ambient.ztunnel-return-tunnel', { pod: pod.name }),
    },
  });
  deliverToApp(a, hop, pod, net, node, sender, legs);
}

export function deliverToApp(
  a: AmbientContext,
  hop: HopDraft,
  pod: PodSpec,
  net: PodNetwork,
  node: string,
  sender: HboneSender,
  legs: AmbientLeg[],
): void {
  const ip = hostOf(pod.ip);
  const sport = ephemeralPort(nextStepId(hop));
  const target = hostPort(ip, pod.appPort);
  const src = hostPort(sender.source, sport);
  pushZtunnel(hop, {
    action: 'deliver',
    pod: pod.name,
    node,
    port: pod.appPort,
    target,
    source: sender.source,
    text: say('ambient.ztunnel-deliver', { pod: pod.name, target, source: sender.source }),
  });
  pushStep(hop, {
    kind: 'connect',
    ...say('ambient.ztunnel-connect', { pod: pod.name, src, dst: target }),
    pod: pod.name,
    actor: 'ztunnel',
    src: sender.source,
    sport,
    dst: ip,
    dport: pod.appPort,
  });
  const step = traverseAmbient(hop, net, {
    direction: 'outbound',
    src: sender.source,
    sport,
    dst: ip,
    dport: pod.appPort,
    mark: ZTUNNEL_MARK,
  });
  if (step.delivered.kind !== 'local' || step.delivered.port !== pod.appPort) {
    failDelivery(a, hop, net, step, sender.failStatus, pod.appPort);
    return;
  }
  legs.push({
    from: pod.name,
    to: pod.name,
    toNet: net,
    src: sender.source,
    sport,
    dst: ip,
    dport: pod.appPort,
    acceptedAddress: ip,
    acceptedPort: pod.appPort,
    mark: 0,
    uid: pod.appUid,
    gid: pod.appGid ?? pod.appUid,
    connmark: connmarkOfStep(step),
    after: {
      action: 'return',
      pod: pod.name,
      node,
      port: sport,
      text: say('ambient.ztunnel-return-app', { pod: pod.name, address: src }),
    },
  });
  pushStep(hop, {
    kind: 'app',
    ...say('ambient.app-serves', {
      pod: pod.name,
      method: hop.method,
      path: hop.path,
      port: pod.appPort,
      source: sender.source,
    }),
    pod: pod.name,
    port: pod.appPort,
    peer: sender.source,
  });
  hop.ok = true;
  hop.status = 200;
  hop.callee = pod.name;
}

/** A traversal that did not end at the expected socket. */
export function failDelivery(
  a: AmbientContext,
  hop: HopDraft,
  net: PodNetwork,
  step: ReturnType<typeof traverseAmbient>,
  status: number,
  port: number,
): void {
  const d = step.delivered;
  const rule = d.kind === 'dropped' || d.kind === 'rejected' ? d.by : step.decisive;
  failHop(a.ctx, hop, {
    code: d.kind === 'local' ? 'no-listener' : 'packet-dropped',
    status,
    net,
    ...(rule === undefined || rule === 'policy' || rule === 'routing' ? {} : { rule }),
    ...(d.kind === 'local'
      ? sayRef('ambient.wrong-port', { pod: net.name, port, delivered: d.port })
      : sayRef('ambient.not-delivered', { pod: net.name, final: step.final })),
  });
}
