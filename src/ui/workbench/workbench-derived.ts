import type { IpFamily, Rulesets, TraceResult } from '@core';
import { memoizeLast } from '../lib/memoize-last.ts';
import type { PacketForm } from '../store/store.ts';
import { buildPathHighlight } from './path-highlight.ts';
import type { PathHighlight } from './path-highlight.ts';
import { tracePacket, traceTypicalPackets } from './trace-packet.ts';
import type { BatchView, PacketTrace } from './trace-packet.ts';

/** The workbench's part of the derived data (and the highlight the chain graph draws). */
export interface WorkbenchDerived {
  /** The workbench packet through the current (or last good) rules. */
  readonly trace: PacketTrace | undefined;
  readonly highlight: PathHighlight;
  /** All typical packets at once: only computed while the batch view is open. */
  readonly batch: BatchView | undefined;
}

export interface WorkbenchInput {
  readonly rulesets: Rulesets | undefined;
  readonly packet: PacketForm | undefined;
  /** The family the chain graph shows (the highlight is drawn for it). */
  readonly family: IpFamily;
  readonly batchOpen: boolean;
  /** A traversal shown in the graph instead of the packet's (a Bookinfo path step). */
  readonly shownInstead: Pick<TraceResult, 'family' | 'steps'> | undefined;
}

/**
 * The workbench's memoized stages: a packet change re-traces without touching the rules, the
 * batch runs only while its view is open.
 *
 * @example
 * const workbenchStage = createWorkbenchStage();
 * workbenchStage({ rulesets, packet, family: 4, batchOpen: false, shownInstead: undefined }).trace?.result?.final;
 */
export function createWorkbenchStage(): (input: WorkbenchInput) => WorkbenchDerived {
  const traceStage = memoizeLast(tracePacket);
  const highlightStage = memoizeLast(buildPathHighlight);
  const batchStage = memoizeLast(traceTypicalPackets);
  const combine = memoizeLast(
    (
      trace: PacketTrace | undefined,
      highlight: PathHighlight,
      batch: BatchView | undefined,
    ): WorkbenchDerived => ({ trace, highlight, batch }),
  );
  return ({ rulesets, packet, family, batchOpen, shownInstead }) => {
    const trace = rulesets && packet ? traceStage(rulesets, packet) : undefined;
    const highlight = highlightStage(shownInstead ?? trace?.result, family);
    const batch = rulesets && batchOpen ? batchStage(rulesets) : undefined;
    return combine(trace, highlight, batch);
  };
}

export const selectTrace = (d: WorkbenchDerived): WorkbenchDerived['trace'] => d.trace;
export const selectBatch = (d: WorkbenchDerived): WorkbenchDerived['batch'] => d.batch;
export const selectHighlight = (d: WorkbenchDerived): WorkbenchDerived['highlight'] => d.highlight;
