import { defaultSourcePort } from '../netfilter/packet.ts';
import { buildGatewayEnvoy, buildSidecarEnvoy } from './envoy/build.ts';
import type { EnvoyConfig } from './envoy/types.ts';
import type {
  Actor,
  Hop,
  HopCaller,
  NetfilterStep,
  PathDiagnostic,
  PathStep,
} from './path-types.ts';
import type { PodSpec, RequestSpec } from './scenario.ts';
import type { PodNetwork } from './sidecar.ts';
import type { SocketTable } from './sockets.ts';
import { createSocketTable } from './sockets.ts';
import type { World } from './world.ts';
import { hostOf } from './world.ts';

/** A proxy (sidecar or gateway) with everything a hop through it needs. */
export interface ProxyRef {
  readonly kind: 'sidecar' | 'gateway';
  readonly name: string;
  readonly address: string;
  readonly net: PodNetwork;
  readonly envoy: EnvoyConfig;
  readonly sockets: SocketTable;
  readonly uid: number;
  readonly gid: number;
  readonly pod?: PodSpec;
}

/**
 * One TCP connection of a hop, kept for the response path: who connected (as sent), where it
 * was accepted (after NAT), and by whom.
 */
export interface Leg {
  readonly initiator: PodNetwork | 'outside';
  readonly acceptor: PodNetwork;
  readonly src: string;
  readonly sport: number;
  readonly dst: string;
  readonly dport: number;
  /** The accepting socket's local address and port (after REDIRECT). */
  readonly acceptedAddress: string;
  readonly acceptedPort: number;
  readonly acceptorActor: Actor;
  readonly acceptorUid: number;
  readonly acceptorGid: number;
  /** connmark of the connection as the forward traversal left it. */
  readonly connmark: number;
  /** The forward traversal that NATed it, if any (REDIRECT/DNAT shown in the reverse note). */
  readonly nat?: NetfilterStep;
  /** Where replies come from as the initiator sees them, when the node NATed the connection (a ClusterIP). */
  readonly replyFrom?: { readonly ip: string; readonly port: number };
}

/** Steps without their id: `pushStep` numbers them. */
export type StepInput = PathStep extends infer S
  ? S extends PathStep
    ? Omit<S, 'id'>
    : never
  : never;

/** A hop under construction. */
export interface HopDraft {
  readonly id: string;
  readonly parent?: string;
  readonly depth: number;
  label: string;
  readonly caller: HopCaller;
  service: string;
  readonly method: string;
  readonly path: string;
  readonly host: string;
  readonly steps: PathStep[];
  readonly response: PathStep[];
  readonly legs: Leg[];
  ok: boolean;
  status: number;
  responseFlag?: string;
  callee?: string;
}

export interface PathContext {
  readonly world: World;
  readonly request: RequestSpec;
  /** Request headers, lower-case names, propagated to every nested call. */
  readonly headers: Readonly<Record<string, string>>;
  readonly hops: HopDraft[];
  readonly diagnostics: PathDiagnostic[];
  /** Keys of diagnostics already recorded (each is reported once). */
  readonly reported: Set<string>;
  readonly proxies: Map<string, ProxyRef>;
  /** Pods in the order the path meets them (probes follow this order). */
  readonly podsSeen: string[];
}

/** Upper bounds: a request tree deeper or wider than this is cut with a diagnostic. */
export const MAX_HOPS = 32;
export const MAX_DEPTH = 8;

export function createContext(world: World, request: RequestSpec): PathContext {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
  return {
    world,
    request,
    headers,
    hops: [],
    diagnostics: [],
    reported: new Set(),
    proxies: new Map(),
    podsSeen: [],
  };
}

export function notePod(ctx: PathContext, name: string): void {
  if (!ctx.podsSeen.includes(name)) ctx.podsSeen.push(name);
}

/** The sidecar of a pod (Envoy config, sockets, proxy uid/gid). */
export function sidecarOf(ctx: PathContext, pod: PodSpec): ProxyRef {
  const cached = ctx.proxies.get(pod.name);
  if (cached) return cached;
  const net = ctx.world.network(pod);
  const mode = net.args?.proxyMode ?? 'REDIRECT';
  const envoy: EnvoyConfig = pod.sidecar
    ? buildSidecarEnvoy(ctx.world, pod, mode)
    : { listeners: [], routes: [], clusters: [] };
  const ref: ProxyRef = {
    kind: 'sidecar',
    name: pod.name,
    address: hostOf(pod.ip),
    net,
    envoy,
    sockets: createSocketTable(pod, pod.sidecar ? envoy : undefined, ctx.world.era.proxySockets),
    uid: net.args?.proxyUid ?? 1337,
    gid: net.args?.proxyGid ?? 1337,
    pod,
  };
  ctx.proxies.set(pod.name, ref);
  return ref;
}

/** The ingress gateway: its Envoy, no istio-init. */
export function gatewayOf(ctx: PathContext): ProxyRef {
  const gw = ctx.world.scenario.gateway;
  const cached = ctx.proxies.get(gw.pod);
  if (cached) return cached;
  const envoy = buildGatewayEnvoy(ctx.world);
  const ref: ProxyRef = {
    kind: 'gateway',
    name: gw.pod,
    address: hostOf(gw.ip),
    net: ctx.world.gatewayNetwork(),
    envoy,
    sockets: createSocketTable(undefined, envoy, ctx.world.era.proxySockets),
    uid: gw.runAsUser,
    gid: gw.runAsUser,
  };
  ctx.proxies.set(gw.pod, ref);
  return ref;
}

/** The id the next step of the hop will get. */
export function nextStepId(hop: HopDraft, response = false): string {
  return `${hop.id}.${response ? 'r' : ''}${(response ? hop.response : hop.steps).length + 1}`;
}

/** Appends a step with the next id of the hop (`h2.5`, response `h2.r3`). */
export function pushStep<T extends StepInput>(
  hop: HopDraft,
  step: T,
  response = false,
): T & { id: string } {
  const list = response ? hop.response : hop.steps;
  const withId = { id: nextStepId(hop, response), ...step };
  list.push(withId);
  return withId;
}

/** A deterministic ephemeral port for a connection (the simulator's own hash of an id). */
export function ephemeralPort(id: string): number {
  return defaultSourcePort(id);
}

export function finishHop(draft: HopDraft): Hop {
  return {
    id: draft.id,
    ...(draft.parent === undefined ? {} : { parent: draft.parent }),
    depth: draft.depth,
    label: draft.label,
    caller: draft.caller,
    service: draft.service,
    method: draft.method,
    path: draft.path,
    host: draft.host,
    steps: draft.steps,
    response: draft.response,
    ok: draft.ok,
    status: draft.status,
    ...(draft.responseFlag === undefined ? {} : { responseFlag: draft.responseFlag }),
    ...(draft.callee === undefined ? {} : { callee: draft.callee }),
  };
}
