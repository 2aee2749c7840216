import type { IstioVersion } from '../generator/config.ts';
import { ambientCall } from './ambient-hop.ts';
import { ambientIngress } from './ambient-ingress.ts';
import type { AmbientContext, AmbientLeg } from './ambient-steps.ts';
import { respondAmbient, say, sayRef } from './ambient-steps.ts';
import type { AmbientWorld } from './ambient-world.ts';
import { createAmbientWorld } from './ambient-world.ts';
import type { HopDraft } from './context.ts';
import { MAX_DEPTH, MAX_HOPS, createContext, ephemeralPort, finishHop } from './context.ts';
import { reportPath } from './diagnose.ts';
import { describeDelivery } from './hop-steps.ts';
import { traverse } from './netfilter-step.ts';
import type { HopCaller, NetfilterStep, PodView, ProbeCheck, RequestPath } from './path-types.ts';
import type { PodSpec, RequestSpec, Scenario, ServiceSpec } from './scenario.ts';
import type { PodNetwork } from './sidecar.ts';
import { validateScenario } from './validate.ts';
import { createWorld, hostOf } from './world.ts';

function newHop(
  a: AmbientContext,
  caller: HopCaller,
  service: string,
  path: string,
  host: string,
  parent: string | undefined,
  depth: number,
): HopDraft | undefined {
  const { ctx } = a;
  if (ctx.hops.length >= MAX_HOPS || depth > MAX_DEPTH) {
    reportPath(ctx, {
      code: 'step-limit',
      severity: 'warning',
      ...sayRef('ambient.step-limit', { hops: MAX_HOPS, depth: MAX_DEPTH }),
    });
    return undefined;
  }
  const hop: HopDraft = {
    id: `h${ctx.hops.length + 1}`,
    ...(parent === undefined ? {} : { parent }),
    depth,
    label: '',
    caller,
    service,
    method: ctx.request.method,
    path,
    host,
    steps: [],
    response: [],
    legs: [],
    ok: false,
    status: 0,
  };
  ctx.hops.push(hop);
  return hop;
}

/** The callee's own calls, each a child hop, then the hop's response (its connections, last first). */
function finishCall(a: AmbientContext, hop: HopDraft, legs: readonly AmbientLeg[]): void {
  const callee = hop.callee === undefined ? undefined : a.ctx.world.findPod(hop.callee);
  if (hop.ok && callee && a.ctx.request.nested !== false) {
    for (const call of callee.calls) {
      const service = a.ctx.world.findService(call.service);
      if (!service) {
        reportPath(a.ctx, {
          code: 'unknown-reference',
          severity: 'error',
          pod: callee.name,
          ...sayRef('ambient.unknown-service', { pod: callee.name, service: call.service }),
        });
        continue;
      }
      runCall(a, callee, service, call.path, hop.id, hop.depth + 1);
    }
  }
  respondAmbient(hop, legs);
}

function runCall(
  a: AmbientContext,
  caller: PodSpec,
  service: ServiceSpec,
  path: string,
  parent: string | undefined,
  depth: number,
  host?: string,
): void {
  const hop = newHop(
    a,
    { kind: 'pod', pod: caller.name },
    service.name,
    path,
    host ?? `${service.name}:${service.port}`,
    parent,
    depth,
  );
  if (!hop) return;
  const legs: AmbientLeg[] = [];
  ambientCall(a, hop, caller, service, legs);
  finishCall(a, hop, legs);
}

function startRequest(a: AmbientContext, request: RequestSpec): void {
  const { ctx } = a;
  const world = ctx.world;
  if (request.from.kind === 'ingress') {
    const host = ctx.headers['host'] ?? hostOf(world.scenario.gateway.ip);
    const hop = newHop(a, { kind: 'client' }, '', request.path, host, undefined, 0);
    if (!hop) return;
    const legs: AmbientLeg[] = [];
    ambientIngress(a, hop, legs);
    finishCall(a, hop, legs);
    return;
  }
  const caller = world.findPod(request.from.pod);
  const service = request.to === undefined ? undefined : world.findService(request.to);
  if (!caller || !service) {
    reportPath(ctx, {
      code: 'unknown-reference',
      severity: 'error',
      ...sayRef('ambient.unknown-request', {
        pod: request.from.pod,
        service: request.to ?? '-',
      }),
    });
    return;
  }
  runCall(a, caller, service, request.path, undefined, 0, ctx.headers['host']);
}

function netfilterStep(id: string, net: PodNetwork, t: ReturnType<typeof traverse>): NetfilterStep {
  const hook = t.packet.direction === 'outbound' ? 'OUTPUT' : 'PREROUTING';
  const rules = t.matched.length > 0 ? ` [${t.matched.join(' ')}]` : '';
  const label = `${net.name} ${hook}: ${t.final}${rules} → ${describeDelivery(t.delivered)}`;
  return { id, kind: 'netfilter', hook, label, ...t };
}

/**
 * kubelet probes each enrolled pod's app port from its node: the node's nat POSTROUTING
 * (ISTIO_POSTRT, `--socket-exists`, the pod in the node's ipset) SNATs it to the probe address,
 * which the pod's nat ISTIO_PRERT accepts before the 15006 redirect.
 */
function probeApps(a: AmbientContext): ProbeCheck[] {
  const out: ProbeCheck[] = [];
  for (const name of a.ctx.podsSeen) {
    const pod = a.ctx.world.findPod(name);
    if (!pod || !a.aw.isEnrolled(pod)) continue;
    const node = a.aw.nodeOf(pod);
    const id = `p.${pod.name}.${pod.appPort}`;
    const dst = hostOf(pod.ip);
    const sport = ephemeralPort(id);
    const packet = { proto: 'tcp', src: node.address, dst, sport, dport: pod.appPort } as const;
    const onNode = traverse(node.net, {
      ...packet,
      id: `${id}.node`,
      direction: 'outbound',
      uid: 0,
      gid: 0,
    });
    const nodeStep = netfilterStep(`${id}.node`, node.net, onNode);
    const sent = onNode.delivered.packet;
    const t = traverse(a.aw.network(pod), {
      ...packet,
      id,
      direction: 'inbound',
      src: sent.src,
      sport: sent.sport,
    });
    const text = say('ambient.probe', {
      pod: pod.name,
      port: pod.appPort,
      node: node.name,
      address: sent.src,
    });
    const step = netfilterStep(id, a.aw.network(pod), t);
    const captured = t.delivered.kind !== 'local' || t.delivered.port !== pod.appPort;
    out.push({
      id,
      pod: pod.name,
      port: pod.appPort,
      purpose: 'kubelet probe',
      captured,
      step: { ...step, label: `${step.label}; ${text.label}` },
      node: nodeStep,
    });
  }
  return out;
}

function podViews(a: AmbientContext, probes: readonly ProbeCheck[]): PodView[] {
  const { ctx, aw } = a;
  const gw = ctx.world.scenario.gateway;
  const views = ctx.podsSeen.map((name): PodView => {
    if (name === gw.pod) return { name, ip: gw.ip, sidecar: false, rules: '', setup: [] };
    const pod = ctx.world.findPod(name);
    if (!pod) {
      const wp = aw.waypointByPod(name);
      return { name, ip: wp?.ip ?? '', sidecar: false, rules: '', setup: [], ambient: 'waypoint' };
    }
    const net = aw.network(pod);
    return {
      name,
      ip: pod.ip,
      sidecar: false,
      rules: net.restore,
      setup: net.setup,
      ...(aw.isEnrolled(pod) ? { ambient: 'pod' as const } : {}),
    };
  });
  const nodes = new Map<string, PodView>();
  for (const p of probes) {
    const pod = ctx.world.findPod(p.pod);
    if (!pod) continue;
    const node = aw.nodeOf(pod);
    nodes.set(node.name, {
      name: node.name,
      ip: node.net.ip,
      sidecar: false,
      rules: node.net.restore,
      setup: [],
      ambient: 'node',
    });
  }
  return [...views, ...nodes.values()];
}

function reportSetup(a: AmbientContext, views: readonly PodView[]): void {
  const seen = new Set<string>();
  for (const v of views) {
    const pod = a.ctx.world.findPod(v.name);
    if (!pod || !a.aw.isEnrolled(pod)) continue;
    for (const d of a.aw.network(pod).diagnostics) {
      if (seen.has(d.message)) continue;
      seen.add(d.message);
      a.ctx.diagnostics.push({ ...d, pod: v.name });
    }
  }
}

function labelOf(hop: HopDraft): string {
  const caller = hop.caller.kind === 'client' ? 'client' : hop.caller.pod;
  return `${caller} → ${hop.service === '' ? '(unrouted)' : hop.service}${hop.callee ? ` (${hop.callee})` : ''}`;
}

function checkWaypoints(a: AmbientContext, waypoints: readonly string[]): void {
  for (const name of waypoints)
    if (!a.ctx.world.findService(name))
      reportPath(a.ctx, {
        code: 'unknown-reference',
        severity: 'error',
        ...sayRef('ambient.unknown-waypoint', { service: name }),
      });
}

/**
 * The request path in ambient mode: each enrolled pod's traffic through istio-cni's in-pod rules
 * (the simulator over `generateInpodRules`, loaded with `loadGeneratedRules`), the node's ztunnel
 * (outbound 15001, HBONE 15008), waypoints for the Services that have one, the response over the
 * table-100 policy route, and kubelet's probes through the node's SNAT.
 *
 * @example
 * const path = computeAmbientPath(createBookinfoScenario(), createBookinfoRequest(), 'latest', []);
 * path.hops[2]?.steps.filter((s) => s.kind === 'ztunnel').map((s) => s.action); // ['outbound', 'pick', 'hbone', 'inbound', 'deliver']
 */
export function computeAmbientPath(
  scenario: Scenario,
  request: RequestSpec,
  version: IstioVersion,
  waypoints: readonly string[],
): RequestPath {
  const world = createWorld(scenario, version);
  const aw: AmbientWorld = createAmbientWorld(world, waypoints);
  const a: AmbientContext = { ctx: createContext(world, request), aw };
  for (const d of validateScenario(scenario)) a.ctx.diagnostics.push(d);
  checkWaypoints(a, waypoints);
  startRequest(a, request);
  const probes = probeApps(a);
  const pods = podViews(a, probes);
  reportSetup(a, pods);
  const hops = a.ctx.hops.map((h) => {
    h.label = labelOf(h);
    return finishHop(h);
  });
  return {
    v: 1,
    version,
    request,
    dataplane: 'ambient',
    waypoints: aw.waypointServices,
    status: hops[0]?.status ?? 0,
    hops,
    probes,
    pods,
    diagnostics: a.ctx.diagnostics,
  };
}
