import { AMBIENT } from '../ambient/config.ts';
import type { HboneSender } from './ambient-arrive.ts';
import { deliverToApp, failDelivery } from './ambient-arrive.ts';
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
import type { PodSpec, ServiceSpec } from './scenario.ts';
import type { PodNetwork } from './sidecar.ts';
import { hostOf } from './world.ts';

/**
 * A plain TCP connection reaches `pod` (its app port, no HBONE): an enrolled pod's PREROUTING
 * redirects it to ztunnel's plaintext socket (15006), which delivers it to the app with the
 * caller's source; a pod outside ambient has no rules, and its app accepts it directly.
 */
export function arrivePlain(
  a: AmbientContext,
  hop: HopDraft,
  sender: HboneSender,
  pod: PodSpec,
  legs: AmbientLeg[],
  wired = false,
): void {
  const { ctx, aw } = a;
  notePod(ctx, pod.name);
  const net = aw.network(pod);
  const ip = hostOf(pod.ip);
  const target = hostPort(ip, pod.appPort);
  if (!wired)
    pushStep(hop, {
      kind: 'wire',
      ...say('ambient.wire', {
        from: sender.name,
        to: pod.name,
        src: hostPort(sender.src, sender.sport),
        dst: target,
      }),
      from: sender.name,
      to: pod.name,
      src: sender.src,
      sport: sender.sport,
      dst: ip,
      dport: pod.appPort,
    });
  const packet = { src: sender.src, sport: sender.sport, dst: ip, dport: pod.appPort };
  const step = traverseAmbient(hop, net, { direction: 'inbound', ...packet });
  const enrolled = aw.isEnrolled(pod);
  const expected = enrolled ? AMBIENT.inboundPlaintextPort : pod.appPort;
  if (step.delivered.kind !== 'local' || step.delivered.port !== expected) {
    failDelivery(a, hop, net, step, sender.failStatus, expected);
    return;
  }
  legs.push({
    from: sender.name,
    ...(sender.net ? { fromNet: sender.net } : {}),
    to: pod.name,
    toNet: net,
    ...packet,
    acceptedAddress: step.delivered.packet.dst,
    acceptedPort: step.delivered.port,
    mark: enrolled ? ZTUNNEL_MARK : 0,
    ...(enrolled ? {} : { uid: pod.appUid, gid: pod.appGid ?? pod.appUid }),
    connmark: connmarkOfStep(step),
  });
  if (!enrolled) {
    pushStep(hop, {
      kind: 'app',
      ...say('ambient.app-serves-plain', {
        pod: pod.name,
        method: hop.method,
        path: hop.path,
        port: pod.appPort,
        source: sender.src,
      }),
      pod: pod.name,
      port: pod.appPort,
      peer: sender.src,
    });
    hop.ok = true;
    hop.status = 200;
    hop.callee = pod.name;
    return;
  }
  const node = aw.nodeOf(pod).name;
  pushZtunnel(hop, {
    action: 'inbound-plaintext',
    pod: pod.name,
    node,
    port: AMBIENT.inboundPlaintextPort,
    target,
    text: say('ambient.ztunnel-inbound-plaintext', {
      pod: pod.name,
      node,
      address: hostPort(step.delivered.packet.dst, step.delivered.port),
      target,
    }),
  });
  deliverToApp(a, hop, pod, net, node, { ...sender, source: sender.src }, legs);
}

/**
 * ztunnel's plain TCP connect from a 0x539-marked socket in the caller's namespace to a pod
 * outside ambient (upstream: outbound.rs — a workload without HBONE gets a direct connection).
 */
export function ztunnelPlain(
  a: AmbientContext,
  hop: HopDraft,
  caller: PodSpec,
  net: PodNetwork,
  node: string,
  pod: PodSpec,
  legs: AmbientLeg[],
): void {
  const src = hostOf(caller.ip);
  const sport = ephemeralPort(nextStepId(hop));
  const ip = hostOf(pod.ip);
  const target = hostPort(ip, pod.appPort);
  pushZtunnel(hop, {
    action: 'plaintext',
    pod: caller.name,
    node,
    port: AMBIENT.outboundPort,
    target,
    chosen: pod.name,
    text: say('ambient.ztunnel-plaintext', { pod: pod.name, target }),
  });
  pushStep(hop, {
    kind: 'connect',
    ...say('ambient.ztunnel-connect', { pod: caller.name, src: hostPort(src, sport), dst: target }),
    pod: caller.name,
    actor: 'ztunnel',
    src,
    sport,
    dst: ip,
    dport: pod.appPort,
  });
  const step = traverseAmbient(hop, net, {
    direction: 'outbound',
    src,
    sport,
    dst: ip,
    dport: pod.appPort,
    mark: ZTUNNEL_MARK,
  });
  if (step.delivered.kind !== 'sent') {
    failDelivery(a, hop, net, step, 0, pod.appPort);
    return;
  }
  const sender = { name: caller.name, net, src, sport, source: src, failStatus: 0 };
  arrivePlain(a, hop, sender, pod, legs);
}

/**
 * A caller outside ambient: no in-pod rules, so its connection to the ClusterIP leaves as is; the
 * node's kube-proxy DNATs it to an endpoint, which receives plain TCP.
 */
export function plainCall(
  a: AmbientContext,
  hop: HopDraft,
  caller: PodSpec,
  net: PodNetwork,
  service: ServiceSpec,
  pod: PodSpec | undefined,
  legs: AmbientLeg[],
): void {
  const src = hostOf(caller.ip);
  const sport = ephemeralPort(nextStepId(hop));
  const orig = hostPort(service.clusterIP, service.port);
  pushStep(hop, {
    kind: 'connect',
    ...say('ambient.app-connect-plain', {
      pod: caller.name,
      src: hostPort(src, sport),
      dst: orig,
      service: service.name,
    }),
    pod: caller.name,
    actor: 'app',
    uid: caller.appUid,
    gid: caller.appGid ?? caller.appUid,
    src,
    sport,
    dst: service.clusterIP,
    dport: service.port,
  });
  const step = traverseAmbient(hop, net, {
    direction: 'outbound',
    src,
    sport,
    dst: service.clusterIP,
    dport: service.port,
    uid: caller.appUid,
    gid: caller.appGid ?? caller.appUid,
  });
  if (step.delivered.kind !== 'sent') {
    failDelivery(a, hop, net, step, 0, service.port);
    return;
  }
  if (!pod) {
    const text = sayRef('ambient.no-endpoint', { service: service.name });
    failHop(a.ctx, hop, { code: 'no-healthy-upstream', status: 0, net, ...text });
    return;
  }
  const target = hostPort(hostOf(pod.ip), pod.appPort);
  pushStep(hop, {
    kind: 'wire',
    ...say('ambient.kube-proxy', {
      from: caller.name,
      src: hostPort(src, sport),
      dst: orig,
      target,
    }),
    from: caller.name,
    to: 'node',
    src,
    sport,
    dst: service.clusterIP,
    dport: service.port,
  });
  const sender = { name: caller.name, net, src, sport, source: src, failStatus: 0 };
  arrivePlain(a, hop, sender, pod, legs, true);
}
