import { assertNever } from '@core';
import type { Hop, PathStep, Scenario } from '@core';

/** What a box of the diagram stands for. */
export type DiagramNodeKind = 'client' | 'gateway' | 'pod';

/** The rows of a pod box, top to bottom: the app container, the istio-proxy sidecar, the pod's netfilter. */
export type PodPart = 'app' | 'proxy' | 'netfilter';

export interface DiagramNode {
  readonly id: string;
  readonly kind: DiagramNodeKind;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** `app:version` for a pod. */
  readonly title: string;
  readonly ip: string;
}

/** A call the scenario allows (dashed): the gateway to its Services' pods, a pod to its calls' pods. */
export interface DiagramLink {
  readonly from: string;
  readonly to: string;
}

/** A box the path adds to the scenario's (an ambient waypoint's pod). */
export interface ExtraBox {
  readonly id: string;
  readonly title: string;
  readonly ip: string;
}

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly DiagramNode[];
  readonly links: readonly DiagramLink[];
}

// Sized so the whole Bookinfo diagram (≈ 910 × 410) stays legible at the path view's width,
// with room between columns for the Service names on the wires.
export const CLIENT_W = 56;
export const NODE_W = 140;
export const COLUMN_GAP = 72;
export const ROW_GAP = 8;
/** Two lines: the pod's app and version, then its IP. */
export const HEADER_H = 32;
export const PART_H = 18;
const CLIENT_H = 36;
const PAD = 10;

/** Height of a box: a pod has three rows, the gateway one (Envoy only), the client none. */
export function nodeHeight(kind: DiagramNodeKind): number {
  switch (kind) {
    case 'client':
      return CLIENT_H;
    case 'gateway':
      return HEADER_H + PART_H + 6;
    case 'pod':
      return HEADER_H + 3 * PART_H + 6;
    default:
      return assertNever(kind);
  }
}

/** The y of a pod row inside its box. */
export function partOffset(part: PodPart): number {
  return HEADER_H + (part === 'app' ? 0 : part === 'proxy' ? 1 : 2) * PART_H;
}

function podsOf(scenario: Scenario, service: string): string[] {
  const svc = scenario.services.find((s) => s.name === service);
  if (!svc) return [];
  return scenario.pods
    .filter((p) => Object.entries(svc.selector).every(([k, v]) => p.labels[k] === v))
    .map((p) => p.name);
}

/** Which column each pod sits in: breadth-first from the Services the gateway routes to. */
function assignColumns(scenario: Scenario): { columns: Map<string, number>; links: DiagramLink[] } {
  const gw = scenario.gateway;
  const columns = new Map<string, number>([
    ['client', 0],
    [gw.pod, 1],
  ]);
  const links: DiagramLink[] = [{ from: 'client', to: gw.pod }];
  const entry = scenario.virtualServices
    .filter((vs) => vs.gateways?.includes(gw.name) === true)
    .flatMap((vs) => vs.http.flatMap((r) => r.route.map((d) => d.destination.host)));
  let frontier: string[] = [];
  for (const pod of [...new Set(entry)].flatMap((s) => podsOf(scenario, s))) {
    if (!columns.has(pod)) {
      columns.set(pod, 2);
      frontier.push(pod);
    }
    links.push({ from: gw.pod, to: pod });
  }
  for (let depth = 3; frontier.length > 0 && depth < 3 + scenario.pods.length; depth++) {
    const next: string[] = [];
    for (const name of frontier) {
      const pod = scenario.pods.find((p) => p.name === name);
      for (const target of (pod?.calls ?? []).flatMap((c) => podsOf(scenario, c.service))) {
        links.push({ from: name, to: target });
        if (!columns.has(target)) {
          columns.set(target, depth);
          next.push(target);
        }
      }
    }
    frontier = next;
  }
  const last = Math.max(...columns.values()) + 1;
  for (const p of scenario.pods) if (!columns.has(p.name)) columns.set(p.name, last);
  return { columns, links };
}

/**
 * Positions every box of the Bookinfo diagram: client, ingress gateway, then the pods in columns
 * by call depth (scenario order inside a column), each column centred vertically. Pure and
 * deterministic: the same scenario gives the same layout.
 *
 * @example
 * layoutDiagram(createBookinfoScenario()).nodes.find((n) => n.id === 'ratings-v1')?.x; // the right-most column
 */
export function layoutDiagram(scenario: Scenario, extras: readonly ExtraBox[] = []): DiagramLayout {
  const { columns, links } = assignColumns(scenario);
  // Boxes the path adds (ambient waypoints) get a column of their own after the scenario's.
  const extraColumn = Math.max(...columns.values()) + 1;
  for (const e of extras) columns.set(e.id, extraColumn);
  const kinds = new Map<string, DiagramNodeKind>([
    ['client', 'client'],
    [scenario.gateway.pod, 'gateway'],
  ]);
  const titles = new Map<string, { title: string; ip: string }>([
    ['client', { title: 'client', ip: '' }],
    [scenario.gateway.pod, { title: 'ingress gateway', ip: scenario.gateway.ip }],
  ]);
  for (const p of scenario.pods) {
    kinds.set(p.name, 'pod');
    titles.set(p.name, {
      title: [p.labels['app'], p.labels['version']].filter(Boolean).join(' '),
      ip: p.ip,
    });
  }
  for (const e of extras) {
    kinds.set(e.id, 'pod');
    titles.set(e.id, { title: e.title, ip: e.ip });
  }
  const order = [
    'client',
    scenario.gateway.pod,
    ...scenario.pods.map((p) => p.name),
    ...extras.map((e) => e.id),
  ];
  const byColumn = new Map<number, string[]>();
  for (const id of order) {
    const c = columns.get(id) ?? 0;
    byColumn.set(c, [...(byColumn.get(c) ?? []), id]);
  }
  const colHeight = (ids: readonly string[]): number =>
    ids.reduce((sum, id) => sum + nodeHeight(kinds.get(id) ?? 'pod'), 0) +
    ROW_GAP * (ids.length - 1);
  const height = Math.max(...[...byColumn.values()].map(colHeight)) + 2 * PAD;
  const nodes: DiagramNode[] = [];
  let x = PAD;
  for (const c of [...byColumn.keys()].sort((a, b) => a - b)) {
    const ids = byColumn.get(c) ?? [];
    const w = c === 0 ? CLIENT_W : NODE_W;
    let y = (height - colHeight(ids)) / 2;
    for (const id of ids) {
      const kind = kinds.get(id) ?? 'pod';
      const h = nodeHeight(kind);
      const t = titles.get(id) ?? { title: id, ip: '' };
      nodes.push({ id, kind, x, y, w, h, title: t.title, ip: t.ip });
      y += h + ROW_GAP;
    }
    x += w + COLUMN_GAP;
  }
  return { width: x - COLUMN_GAP + PAD, height, nodes, links };
}

/** Where a step happens in the diagram: a row of a box, a whole box, or the wire between two boxes. */
export type StepPlace =
  | { readonly kind: 'part'; readonly node: string; readonly part: PodPart }
  | { readonly kind: 'node'; readonly node: string }
  | { readonly kind: 'wire'; readonly from: string; readonly to: string };

/**
 * Places a step: a process's connect() in its container, a netfilter traversal in the pod's
 * netfilter, Envoy's listener/route/cluster/endpoint in istio-proxy, the wire between the pods.
 *
 * @example
 * placeStep(path.hops[1].steps[1], path.hops[1]); // { kind: 'part', node: 'productpage-v1', part: 'netfilter' }
 */
export function placeStep(step: PathStep, hop: Hop): StepPlace {
  const pod = step.pod ?? (hop.caller.kind === 'pod' ? hop.caller.pod : 'client');
  switch (step.kind) {
    case 'connect':
      if (step.actor === 'client') return { kind: 'node', node: 'client' };
      if (step.actor === 'kubelet') return { kind: 'node', node: pod };
      return { kind: 'part', node: pod, part: step.actor === 'app' ? 'app' : 'proxy' };
    case 'netfilter':
      return { kind: 'part', node: step.pod, part: 'netfilter' };
    case 'accept':
      if (step.socket === undefined) return { kind: 'part', node: pod, part: 'netfilter' };
      return { kind: 'part', node: pod, part: step.socket.startsWith('app') ? 'app' : 'proxy' };
    case 'envoy-listener':
    case 'envoy-route':
    case 'envoy-cluster':
    case 'envoy-endpoint':
    case 'ztunnel':
    case 'waypoint':
      return { kind: 'part', node: pod, part: 'proxy' };
    case 'wire':
      return { kind: 'wire', from: step.from, to: step.to };
    case 'app':
      return { kind: 'part', node: pod, part: 'app' };
    case 'failure':
      return { kind: 'node', node: pod };
    default:
      return assertNever(step);
  }
}
