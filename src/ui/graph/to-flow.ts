import type { Edge, Node } from '@xyflow/react';
import type { IpFamily } from '@core';
import type { ChainView, GraphView } from './graph-model.ts';
import { edgeLabelText, edgeFullLabel } from './graph-model.ts';
import type { Point, Positions } from './layout-elk.ts';

export interface ChainNodeData extends Record<string, unknown> {
  readonly view: ChainView;
  readonly family: IpFamily;
}

export interface JumpEdgeData extends Record<string, unknown> {
  /** ELK's orthogonal route, in flow coordinates. */
  readonly points: readonly Point[];
  readonly label: string;
  /** The whole condition, shown when the label is hovered or focused. */
  readonly fullLabel: string;
  readonly labelAt: Point | undefined;
}

export type ChainFlowNode = Node<ChainNodeData, 'chain'>;
export type JumpFlowEdge = Edge<JumpEdgeData, 'jump'>;

/**
 * React Flow nodes and edges for a laid-out view. Positions come from ELK; highlight classes
 * are not here (components read them through selectors), so a new packet does not rebuild this.
 *
 * @example
 * const { nodes, edges } = toFlow(view, await layoutGraph(view));
 */
export function toFlow(
  view: GraphView,
  positions: Positions,
): { nodes: ChainFlowNode[]; edges: JumpFlowEdge[] } {
  const nodes: ChainFlowNode[] = view.chains.map((c) => ({
    id: c.node.id,
    type: 'chain',
    position: positions.nodes.get(c.node.id) ?? { x: 0, y: 0 },
    width: c.width,
    height: c.height,
    data: { view: c, family: view.family },
    draggable: true,
    selectable: false,
    connectable: false,
  }));
  const edges: JumpFlowEdge[] = view.edges.map((e) => ({
    id: e.id,
    type: 'jump',
    source: e.source,
    target: e.target,
    data: {
      points: positions.edges.get(e.id) ?? [],
      label: edgeLabelText(e),
      fullLabel: edgeFullLabel(e),
      labelAt: positions.labels.get(e.id),
    },
    selectable: false,
    focusable: false,
  }));
  return { nodes, edges };
}
