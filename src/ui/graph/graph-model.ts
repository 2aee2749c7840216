import type { JumpGraph, JumpGraphEdge, JumpGraphNode, JumpGraphRule } from '@core';
import type { PathHighlight } from '../workbench/path-highlight.ts';

/** A chain as drawn: the rules shown (maybe fewer than it has) and its box size. */
export interface ChainView {
  readonly node: JumpGraphNode;
  readonly rules: readonly ChainRuleView[];
  /** Rules not drawn (the chain has more than a node can list). */
  readonly hidden: number;
  readonly width: number;
  readonly height: number;
}

export interface ChainRuleView {
  readonly rule: JumpGraphRule;
  /** The label as drawn, cut to a legible length; the full label is the row's tooltip. */
  readonly text: string;
}

/** What the graph draws: all of a small ruleset, or a collapsed view of a big one. */
export interface GraphView {
  readonly family: JumpGraph['family'];
  readonly chains: readonly ChainView[];
  readonly edges: readonly JumpGraphEdge[];
  readonly collapsed: boolean;
  readonly totalChains: number;
  readonly totalRules: number;
}

/** Above these sizes the graph shows only built-in chains and the packet's chains. */
export const MAX_FULL_CHAINS = 80;
export const MAX_FULL_RULES = 1500;
/** Rows a node lists before it says "… n more". */
export const MAX_ROWS = 24;
const MAX_LABEL = 46;

// Label metrics, not DOM measuring: a fixed monospace grid keeps the layout deterministic.
export const CHAR_WIDTH = 6.6;
export const ROW_HEIGHT = 17;
export const HEADER_HEIGHT = 26;
const PADDING_X = 16;
const MIN_WIDTH = 150;

export const EDGE_LABEL_CHAR_WIDTH = 6;
export const EDGE_LABEL_HEIGHT = 14;
const MAX_EDGE_LABEL = 26;

/** An edge's whole condition ('' for an unconditional jump). */
export function edgeFullLabel(edge: JumpGraphEdge): string {
  return edge.kind === 'goto' ? `goto ${edge.label}`.trim() : edge.label;
}

/** An edge's condition text as drawn, cut to a legible length. */
export function edgeLabelText(edge: JumpGraphEdge): string {
  const text = edgeFullLabel(edge);
  return text.length <= MAX_EDGE_LABEL ? text : `${text.slice(0, MAX_EDGE_LABEL - 1)}…`;
}

/**
 * Widths in steps of {@link WIDTH_STEP}: typing a port digit by digit changes a label's length
 * but rarely its step, so the topology key (and the cached layout) stays the same.
 */
export const WIDTH_STEP = 60;

function quantize(width: number): number {
  return Math.ceil(width / WIDTH_STEP) * WIDTH_STEP;
}

function cutLabel(label: string): string {
  return label.length <= MAX_LABEL ? label : `${label.slice(0, MAX_LABEL - 1)}…`;
}

function pickRows(node: JumpGraphNode, highlight: PathHighlight): JumpGraphRule[] {
  if (node.rules.length <= MAX_ROWS) return [...node.rules];
  // The packet's rules first, then the chain's head, in chain order.
  const keep = new Set(
    node.rules
      .filter((r) => highlight.matched.has(r.ref))
      .slice(0, MAX_ROWS)
      .map((r) => r.ref),
  );
  for (const r of node.rules) {
    if (keep.size >= MAX_ROWS) break;
    keep.add(r.ref);
  }
  return node.rules.filter((r) => keep.has(r.ref));
}

/** An nftables base chain's ` · hook output -100` (the title suffix), '' for other chains. */
export function hookLabel(node: JumpGraphNode): string {
  return node.hook ? ` · ${node.hook.hook} ${node.hook.priority}` : '';
}

function viewChain(node: JumpGraphNode, highlight: PathHighlight): ChainView {
  const rules = pickRows(node, highlight).map((rule) => ({
    rule,
    text: `${rule.position} ${cutLabel(rule.label)}`,
  }));
  const hidden = node.rules.length - rules.length;
  const title = `${node.table} ${node.chain}${node.policy ? ` ${node.policy}` : ''}${hookLabel(node)}`;
  const longest = Math.max(
    title.length + 2,
    ...rules.map((r) => r.text.length),
    hidden > 0 ? 16 : 0,
  );
  const rows = Math.max(1, rules.length + (hidden > 0 ? 1 : 0));
  return {
    node,
    rules,
    hidden,
    width: Math.max(MIN_WIDTH, quantize(longest * CHAR_WIDTH + PADDING_X)),
    height: HEADER_HEIGHT + rows * ROW_HEIGHT + 6,
  };
}

function isBig(graph: JumpGraph): boolean {
  return graph.nodes.length > MAX_FULL_CHAINS || graph.ruleCount > MAX_FULL_RULES;
}

/**
 * What to draw for a graph: everything when it is small; for a big ruleset (a node's
 * kube-proxy dump) only the built-in chains that have rules and the chains the packet
 * visited, so the page shows a legible path instead of thousands of boxes.
 *
 * @example
 * buildGraphView(graph, EMPTY_HIGHLIGHT).chains.length; // graph.nodes.length when small
 */
export function buildGraphView(graph: JumpGraph, highlight: PathHighlight): GraphView {
  const collapsed = isBig(graph);
  const nodes = collapsed
    ? graph.nodes.filter((n) => highlight.chains.has(n.id) || (n.builtin && n.rules.length > 0))
    : graph.nodes;
  const shown = new Set(nodes.map((n) => n.id));
  return {
    family: graph.family,
    chains: nodes.map((n) => viewChain(n, highlight)),
    edges: graph.edges.filter(
      (e) =>
        shown.has(e.source) &&
        shown.has(e.target) &&
        (!collapsed || highlight.edges.has(e.id) || isRowShown(e, nodes)),
    ),
    collapsed,
    totalChains: graph.nodes.length,
    totalRules: graph.ruleCount,
  };
}

function isRowShown(edge: JumpGraphEdge, nodes: readonly JumpGraphNode[]): boolean {
  const node = nodes.find((n) => n.id === edge.source);
  return node !== undefined && node.rules.length <= MAX_ROWS;
}

/** Whether a graph needs the packet's path to decide what to draw (so small graphs stay put). */
export function needsHighlight(graph: JumpGraph): boolean {
  return isBig(graph) || graph.nodes.some((n) => n.rules.length > MAX_ROWS);
}
