import { buildJumpGraph, buildNftJumpGraph } from '@core';
import type { IpFamily, JumpGraph, NftState, Ruleset, Rulesets } from '@core';
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
 * graphStage(rulesets, 4, highlight).graphView?.chains.length;
 */
export function createGraphStage(): (
  rulesets: Rulesets | undefined,
  family: IpFamily,
  highlight: PathHighlight,
) => GraphDerived {
  const iptablesGraph = memoizeLast((ruleset: Ruleset | undefined) =>
    ruleset ? buildJumpGraph(ruleset) : undefined,
  );
  const nftGraph = memoizeLast(buildNftJumpGraph);
  // An nftables program draws its base chains (one inet table serves both families).
  const jumpGraph = (rulesets: Rulesets | undefined, family: IpFamily): JumpGraph | undefined => {
    const nft: NftState | undefined = rulesets?.nft;
    if (nft !== undefined) return nftGraph(nft, family);
    return iptablesGraph(family === 4 ? rulesets?.v4 : rulesets?.v6);
  };
  const smallView = memoizeLast((g: JumpGraph) => buildGraphView(g, EMPTY_HIGHLIGHT));
  const bigView = memoizeLast(buildGraphView);
  const combine = memoizeLast(
    (graph: JumpGraph | undefined, graphView: GraphView | undefined): GraphDerived => ({
      graph,
      graphView,
    }),
  );
  return (rulesets, family, highlight) => {
    const graph = jumpGraph(rulesets, family);
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
