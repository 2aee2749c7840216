import { buildJumpGraph } from '@core';
import type { JumpGraph, Ruleset } from '@core';
import { memoizeLast } from '../lib/memoize-last.ts';
import type { PathHighlight } from '../workbench/path-highlight.ts';
import { EMPTY_HIGHLIGHT } from '../workbench/path-highlight.ts';
import { buildGraphView, needsHighlight } from './graph-model.ts';
import type { GraphView } from './graph-model.ts';

/** The chain graph's part of the derived data. */
export interface GraphDerived {
  /** The chain-jump graph of the family the graph shows. */
  readonly graph: JumpGraph | undefined;
  /** What the graph draws (collapsed for big rulesets). */
  readonly graphView: GraphView | undefined;
}

/**
 * The graph's memoized stages: a new ruleset rebuilds the jump graph; a new highlight redraws
 * only a collapsed (big) graph, whose shown chains depend on the packet's path.
 *
 * @example
 * const graphStage = createGraphStage();
 * graphStage(rulesets.v4, highlight).graphView?.chains.length;
 */
export function createGraphStage(): (
  ruleset: Ruleset | undefined,
  highlight: PathHighlight,
) => GraphDerived {
  const jumpGraph = memoizeLast((ruleset: Ruleset | undefined) =>
    ruleset ? buildJumpGraph(ruleset) : undefined,
  );
  const smallView = memoizeLast((g: JumpGraph) => buildGraphView(g, EMPTY_HIGHLIGHT));
  const bigView = memoizeLast(buildGraphView);
  const combine = memoizeLast(
    (graph: JumpGraph | undefined, graphView: GraphView | undefined): GraphDerived => ({
      graph,
      graphView,
    }),
  );
  return (ruleset, highlight) => {
    const graph = jumpGraph(ruleset);
    const view =
      graph === undefined
        ? undefined
        : needsHighlight(graph)
          ? bigView(graph, highlight)
          : smallView(graph);
    return combine(graph, view);
  };
}

export const selectGraph = (d: GraphDerived): GraphDerived['graph'] => d.graph;
export const selectGraphView = (d: GraphDerived): GraphDerived['graphView'] => d.graphView;
