import type { RuleBackend } from './sidecar.ts';
import type { IstioVersion } from '../generator/config.ts';
import { findRule, ruleRef } from '../iptables/model.ts';
import type { HopDraft, PathContext } from './context.ts';
import { MAX_DEPTH, MAX_HOPS, createContext, finishHop, notePod, sidecarOf } from './context.ts';
import { reportPath } from './diagnose.ts';
import { ingressCall } from './ingress.ts';
import { appCall } from './outbound.ts';
import { computeAmbientPath } from './ambient-path.ts';
import type { Dataplane, Hop, HopCaller, PodView, RequestPath } from './path-types.ts';
import { checkHealthPorts } from './probes.ts';
import { addResponse } from './response.ts';
import type { PodSpec, RequestSpec, Scenario, ServiceSpec } from './scenario.ts';
import { validateScenario } from './validate.ts';
import type { World } from './world.ts';
import { createWorld, hostOf } from './world.ts';

/**
 * Options of {@link computeRequestPath}.
 *
 * @example
 * const opts: PathOptions = { version: '1.20', args: "-p 15001 -z 15006 -u 1000 -m REDIRECT -i '*' -b '*'" };
 */
export interface PathOptions {
  /** Generator profile and mesh era (default `latest`). */
  readonly version?: IstioVersion;
  /** istio-init args replacing the scenario's default args (the editor's text, the CLI's `--` flags). */
  readonly args?: string;
  /** `sidecar` (default) or `ambient` (istio-cni's in-pod rules, ztunnel, waypoints; `args` unused). */
  readonly dataplane?: Dataplane;
  /** Ambient: Services given a waypoint, on top of those labelled `istio.io/use-waypoint`. */
  readonly waypoints?: readonly string[];
  /** Sidecar: `nftables` when istio-init runs `--native-nftables` (1.27+); default iptables. */
  readonly backend?: RuleBackend;
}

function newHop(
  ctx: PathContext,
  caller: HopCaller,
  service: string,
  path: string,
  host: string,
  parent: string | undefined,
  depth: number,
): HopDraft | undefined {
  if (ctx.hops.length >= MAX_HOPS || depth > MAX_DEPTH) {
    reportPath(ctx, {
      code: 'step-limit',
      severity: 'warning',
      message: `the request tree is cut after ${MAX_HOPS} calls or ${MAX_DEPTH} levels`,
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

/** The app of `pod` served a request: its own calls, in order, each a child hop. */
function followCalls(ctx: PathContext, hop: HopDraft, pod: PodSpec): void {
  if (ctx.request.nested === false) return;
  for (const call of pod.calls) {
    const service = ctx.world.findService(call.service);
    if (!service) {
      reportPath(ctx, {
        code: 'unknown-reference',
        severity: 'error',
        pod: pod.name,
        message: `pod ${pod.name} calls Service ${call.service}, which the scenario does not define`,
      });
      continue;
    }
    runCall(ctx, pod, service, call.path, hop.id, hop.depth + 1);
  }
}

function runCall(
  ctx: PathContext,
  caller: PodSpec,
  service: ServiceSpec,
  path: string,
  parent: string | undefined,
  depth: number,
  host?: string,
): void {
  const hop = newHop(
    ctx,
    { kind: 'pod', pod: caller.name },
    service.name,
    path,
    host ?? `${service.name}:${service.port}`,
    parent,
    depth,
  );
  if (!hop) return;
  appCall(ctx, hop, caller, service);
  finishCall(ctx, hop);
}

function finishCall(ctx: PathContext, hop: HopDraft): void {
  const callee = hop.callee === undefined ? undefined : ctx.world.findPod(hop.callee);
  if (hop.ok && callee) followCalls(ctx, hop, callee);
  addResponse(hop);
}

function labelOf(hop: HopDraft): string {
  const caller = hop.caller.kind === 'client' ? 'client' : hop.caller.pod;
  return `${caller} → ${hop.service === '' ? '(unrouted)' : hop.service}${hop.callee ? ` (${hop.callee})` : ''}`;
}

function podViews(ctx: PathContext): PodView[] {
  return ctx.podsSeen.map((name) => {
    const gw = ctx.world.scenario.gateway;
    if (name === gw.pod) return { name, ip: gw.ip, sidecar: false, rules: '', setup: [] };
    const pod = ctx.world.findPod(name);
    if (!pod) return { name, ip: '', sidecar: false, rules: '', setup: [] };
    const proxy = sidecarOf(ctx, pod);
    const args = proxy.net.args;
    if (!args) return { name, ip: pod.ip, sidecar: false, rules: proxy.net.restore, setup: [] };
    return {
      name,
      ip: pod.ip,
      sidecar: true,
      commandLine: args.commandLine,
      argsOrigin: args.origin,
      overrides: args.overrides,
      proxyMode: args.proxyMode,
      proxyUid: args.proxyUid,
      proxyGid: args.proxyGid,
      rules: proxy.net.restore,
      setup: proxy.net.setup,
    };
  });
}

/** Problems of the pods' args and generated rules, once per distinct message, then TPROXY routing. */
function reportPodSetup(ctx: PathContext, world: World): void {
  const seen = new Set<string>();
  for (const name of ctx.podsSeen) {
    const pod = world.findPod(name);
    if (!pod) continue;
    const net = sidecarOf(ctx, pod).net;
    for (const d of net.diagnostics) {
      const key = `${d.code}|${d.message.replace(`pod ${name}: `, '')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.diagnostics.push({ ...d, pod: name });
    }
    if (net.args?.config.istioInboundInterceptionMode === 'TPROXY' && !pod.tproxyRouting) {
      const tproxyRule = ruleRef('mangle', 'ISTIO_TPROXY', 1);
      reportPath(ctx, {
        code: 'tproxy-routing',
        severity: 'warning',
        net,
        flag: 'istio-inbound-interception-mode',
        ...(findRule(net.ruleset, tproxyRule) === undefined ? {} : { rule: tproxyRule }),
        message: `${name} uses TPROXY but has no \`ip rule fwmark ${net.args.config.istioInboundTproxyMark} lookup ${net.args.config.istioInboundTproxyRouteTable}\` / \`ip route add local default dev lo table ${net.args.config.istioInboundTproxyRouteTable}\`: packets marked for Envoy that are not addressed to the pod itself (replies to Envoy's transparent upstream sockets) are routed out instead of delivered to Envoy`,
      });
    }
  }
}

function startRequest(ctx: PathContext, world: World, request: RequestSpec): void {
  if (request.from.kind === 'ingress') {
    const host = ctx.headers['host'] ?? hostOf(world.scenario.gateway.ip);
    const hop = newHop(ctx, { kind: 'client' }, '', request.path, host, undefined, 0);
    if (!hop) return;
    ingressCall(ctx, hop);
    finishCall(ctx, hop);
    return;
  }
  const caller = world.findPod(request.from.pod);
  const service = request.to === undefined ? undefined : world.findService(request.to);
  if (!caller || !service) {
    reportPath(ctx, {
      code: 'unknown-reference',
      severity: 'error',
      message: !caller
        ? `the request starts at pod ${request.from.pod}, which the scenario does not define`
        : `the request goes to Service ${request.to ?? '(none)'}, which the scenario does not define`,
    });
    return;
  }
  notePod(ctx, caller.name);
  runCall(ctx, caller, service, request.path, undefined, 0, ctx.headers['host']);
}

/**
 * Computes the request path through every sidecar: for each call, the app's connect(), each
 * netfilter traversal (the simulator over the rules that pod's args generate), each Envoy
 * listener / route / cluster / endpoint, the wire, and the response; plus health-port probes and
 * the diagnostics found on the way. Pure and deterministic; never throws on scenario input.
 *
 * @example
 * const path = computeRequestPath(createBookinfoScenario(), createBookinfoRequest(), { version: '1.20' });
 * path.status; // 200
 * path.hops.map((h) => h.label); // ['client → productpage (productpage-v1)', 'productpage-v1 → details (details-v1)', …]
 */
export function computeRequestPath(
  scenario: Scenario,
  request: RequestSpec,
  options: PathOptions = {},
): RequestPath {
  const version = options.version ?? 'latest';
  if (options.dataplane === 'ambient')
    return computeAmbientPath(scenario, request, version, options.waypoints ?? []);
  const world = createWorld(scenario, version, options.args, options.backend);
  const ctx = createContext(world, request);
  for (const d of validateScenario(scenario)) ctx.diagnostics.push(d);
  startRequest(ctx, world, request);
  const probes = checkHealthPorts(ctx);
  reportPodSetup(ctx, world);
  const hops: Hop[] = ctx.hops.map((h) => {
    h.label = labelOf(h);
    return finishHop(h);
  });
  const root = hops[0];
  return {
    v: 1,
    version,
    request,
    status: root?.status ?? 0,
    hops,
    probes,
    pods: podViews(ctx),
    diagnostics: ctx.diagnostics,
  };
}
