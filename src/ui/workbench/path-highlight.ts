import { chainKey } from '@core';
import type { ChainKey, IpFamily, RuleRef, TraceResult } from '@core';

/** What the graph lights up for one traced packet. */
export interface PathHighlight {
  /** Chains the packet entered. */
  readonly chains: ReadonlySet<ChainKey>;
  /** Rules the kernel looked at (matched or not). */
  readonly evaluated: ReadonlySet<RuleRef>;
  /** Rules whose matches held and whose target ran. */
  readonly matched: ReadonlySet<RuleRef>;
  /** Jump/goto rules taken: the edges of the path (edge id = the rule's RuleRef). */
  readonly edges: ReadonlySet<RuleRef>;
}

export const EMPTY_HIGHLIGHT: PathHighlight = {
  chains: new Set(),
  evaluated: new Set(),
  matched: new Set(),
  edges: new Set(),
};

/**
 * The sets the graph's class-name selectors read, for the family the graph shows (a trace of
 * another family lights nothing).
 *
 * @example
 * buildPathHighlight(trace, 4).edges.has('nat/OUTPUT#1'); // true: OUTPUT jumped to ISTIO_OUTPUT
 */
export function buildPathHighlight(
  trace: Pick<TraceResult, 'family' | 'steps'> | undefined,
  family: IpFamily,
): PathHighlight {
  if (trace?.family !== family) return EMPTY_HIGHLIGHT;
  const chains = new Set<ChainKey>();
  const evaluated = new Set<RuleRef>();
  const matched = new Set<RuleRef>();
  const edges = new Set<RuleRef>();
  for (const step of trace.steps) {
    if (step.kind === 'route' || step.kind === 'nat-skipped') continue;
    chains.add(chainKey(step.table, step.chain));
    if (step.kind !== 'rule') continue;
    evaluated.add(step.rule);
    if (!step.matched) continue;
    matched.add(step.rule);
    if (step.verdict === 'jump' || step.verdict === 'goto') edges.add(step.rule);
  }
  return { chains, evaluated, matched, edges };
}
