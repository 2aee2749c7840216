import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { GraphView } from './graph-model.ts';
import { EDGE_LABEL_CHAR_WIDTH, EDGE_LABEL_HEIGHT, edgeLabelText } from './graph-model.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Where ELK put each chain (top-left) and how each edge is routed. */
export interface Positions {
  readonly nodes: ReadonlyMap<string, Point>;
  /** Edge id → polyline from the source box to the target box (orthogonal). */
  readonly edges: ReadonlyMap<string, readonly Point[]>;
  /** Edge id → top-left of its condition label, where ELK left room for it. */
  readonly labels: ReadonlyMap<string, Point>;
  readonly width: number;
  readonly height: number;
}

const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  // Top to bottom: the built-in chains form the first row in kernel order, user chains below;
  // that shape fills a landscape panel at a legible zoom (left to right was long and thin).
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.nodeNode': '22',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '8',
  // Keep the input order (kernel order, then ids) within a layer: the same graph, the same picture.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
  'elk.separateConnectedComponents': 'false',
  'elk.padding': '[top=12,left=12,bottom=12,right=12]',
  // Tail labels sit by the jumping chain; centre labels would add a layer of label dummies.
  'elk.edgeLabels.placement': 'TAIL',
  'elk.layered.edgeLabels.sideSelection': 'ALWAYS_UP',
};

/**
 * The layout-relevant shape of a view: node ids and sizes, edge ends. Labels and rule texts
 * that do not change a box's size are not in it, so such edits reuse the cached layout.
 *
 * @example
 * topologyKey(view); // 'nat/OUTPUT:220x60|…#nat/OUTPUT#1>nat/ISTIO_OUTPUT'
 */
export function topologyKey(view: GraphView): string {
  const nodes = view.chains.map((c) => `${c.node.id}:${c.width}x${c.height}`);
  const edges = view.edges.map((e) => `${e.id}>${e.target}:${edgeLabelText(e).length}`);
  return `${nodes.join('|')}#${edges.join('|')}`;
}

function toElkGraph(view: GraphView): ElkNode {
  const byId = <T extends { readonly id: string }>(a: T, b: T): number =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  // Chains come in kernel order (the core sorts them); edges are sorted by id for determinism.
  const children = view.chains.map((c) => ({ id: c.node.id, width: c.width, height: c.height }));
  const edges: ElkExtendedEdge[] = view.edges
    .map((e) => {
      const text = edgeLabelText(e);
      const labels =
        text === ''
          ? []
          : [
              {
                id: `${e.id}:label`,
                text,
                width: text.length * EDGE_LABEL_CHAR_WIDTH + 6,
                height: EDGE_LABEL_HEIGHT,
              },
            ];
      return { id: e.id, sources: [e.source], targets: [e.target], labels };
    })
    .sort(byId);
  return { id: 'root', layoutOptions: LAYOUT_OPTIONS, children, edges };
}

function readPositions(laid: ElkNode): Positions {
  const nodes = new Map<string, Point>();
  for (const c of laid.children ?? []) nodes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 });
  const edges = new Map<string, Point[]>();
  const labels = new Map<string, Point>();
  for (const e of laid.edges ?? []) {
    const label = e.labels?.[0];
    if (label) labels.set(e.id, { x: label.x ?? 0, y: label.y ?? 0 });
    const section = e.sections?.[0];
    if (!section) continue;
    edges.set(e.id, [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]);
  }
  return { nodes, edges, labels, width: laid.width ?? 0, height: laid.height ?? 0 };
}

/** A layout function with its own cache (one per graph view instance; no module singleton). */
export type LayoutFn = (view: GraphView) => Promise<Positions>;

/**
 * Creates a layout function: ELK layered, top to bottom, orthogonal edges, deterministic;
 * results cached by {@link topologyKey} (the last `capacity` topologies).
 *
 * @example
 * const layoutGraph = createLayout();
 * const positions = await layoutGraph(view);
 */
export function createLayout(capacity = 16): LayoutFn {
  const elk = new ELK();
  const cache = new Map<string, Promise<Positions>>();
  return (view) => {
    const key = topologyKey(view);
    const hit = cache.get(key);
    if (hit) return hit;
    const pending = elk.layout(toElkGraph(view)).then(readPositions);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
    if (cache.size > capacity) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return pending;
  };
}
