import type { Hop, NetfilterStep, RequestPath, TraceResult } from '@core';

/** A netfilter step of the path picked for the chain graph. */
export interface GraphStep {
  readonly hop: Hop;
  readonly step: NetfilterStep;
  /**
   * True when the step's pod runs exactly the editor's IPv4 rules, so the graph (drawn from the
   * editor's rules) can light its traversal up; a pod with its own annotations cannot be shown there.
   */
  readonly inGraph: boolean;
  /** The traversal in the shape the graph highlight reads. */
  readonly trace: Pick<TraceResult, 'family' | 'steps'>;
}

/**
 * Finds a netfilter step by id (request or response side) and checks that the graph can show it.
 *
 * @example
 * findGraphStep(path, 'h2.2', editorRestoreV4)?.inGraph; // true for Bookinfo without annotations
 */
export function findGraphStep(
  path: RequestPath | undefined,
  id: string | null | undefined,
  editorRestore: string | undefined,
): GraphStep | undefined {
  if (!path || id === null || id === undefined) return undefined;
  for (const hop of path.hops) {
    const step = [...hop.steps, ...hop.response].find((s) => s.id === id);
    if (step?.kind !== 'netfilter') continue;
    const pod = path.pods.find((p) => p.name === step.pod);
    const inGraph = pod !== undefined && pod.rules !== '' && pod.rules === editorRestore;
    return { hop, step, inGraph, trace: { family: 4, steps: step.trace } };
  }
  return undefined;
}
