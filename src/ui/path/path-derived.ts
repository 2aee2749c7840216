import type { IstioVersion } from '@core';
import type { Dataplane } from '../dataplane/dataplane-spec.ts';
import { memoizeLast } from '../lib/memoize-last.ts';
import { findGraphStep } from './graph-step.ts';
import type { GraphStep } from './graph-step.ts';
import type { AsyncPath } from './path-async.ts';
import {
  buildPathScenario,
  computePathJob,
  createPathComputer,
  parseHeaders,
} from './path-model.ts';
import { comparePlanes } from '../dataplane/compare-planes.ts';
import type { PlaneComparison } from '../dataplane/compare-planes.ts';
import type { PathView } from './path-model.ts';
import { DEFAULT_PATH_SPEC } from './path-spec.ts';
import type { PathSpec } from './path-spec.ts';

const NO_WAYPOINTS: readonly string[] = [];

/** The Bookinfo path's part of the derived data. */
export interface PathDerived {
  /** The Bookinfo request path: only computed while the path view is open or one of its steps is in the graph. */
  readonly path: PathView | undefined;
  /** The path step the chain graph lights up instead of the workbench packet. */
  readonly graphStep: GraphStep | undefined;
  /** Ambient, path view open: the same request through sidecars (istio-init defaults) and ambient. */
  readonly comparison: PlaneComparison | undefined;
}

export interface PathInput {
  readonly spec: PathSpec | undefined;
  /** Who writes the rules: the ambient path has ztunnel and waypoint hops. */
  readonly plane: Dataplane;
  /** Sidecar: which backend writes each pod's rules. */
  readonly backend: 'iptables' | 'nftables';
  /** The editor holds istio-init args (not a pasted dump). */
  readonly editorArgs: boolean;
  readonly text: string;
  /** The other mode's editor text: a pasted dump's path uses the args kept there. */
  readonly otherText: string | undefined;
  /** The editor's args have errors (their views are the last good ones). */
  readonly argsStale: boolean;
  readonly version: IstioVersion;
  /** The path view is open. */
  readonly pathOpen: boolean;
  /** The path step shown in the chain graph (store id), if any. */
  readonly graphStep: string | null | undefined;
  /** The editor's IPv4 restore text: a step is shown in the graph only for a pod that runs it. */
  readonly editorRestoreV4: string | undefined;
}

/**
 * The path's memoized stages. The path costs tens of ms: without a worker it runs only while
 * someone looks at it (path view or a step in the graph); with one it also runs for the args'
 * Bookinfo status on the main view.
 *
 * @example
 * const pathStage = createPathStage(createAsyncPath(createPathWorker(), rerender));
 */
export function createPathStage(async?: AsyncPath): (input: PathInput) => PathDerived {
  const routingStage = memoizeLast(buildPathScenario);
  const headersStage = memoizeLast(parseHeaders);
  const pathStage = createPathComputer(async);
  const graphStepStage = memoizeLast(findGraphStep);
  const combine = memoizeLast(
    (
      path: PathView | undefined,
      graphStep: GraphStep | undefined,
      comparison: PlaneComparison | undefined,
    ): PathDerived => ({ path, graphStep, comparison }),
  );
  // The sidecar side of the comparison: one synchronous path per routing/headers/origin/version.
  const sidecarStage = memoizeLast(
    (routing: string, headers: string, origin: PathSpec['origin'], version: IstioVersion) =>
      computePathJob({
        routing,
        headers,
        args: undefined,
        version,
        origin,
        dataplane: 'sidecar',
        waypoints: NO_WAYPOINTS,
        backend: 'iptables',
      }),
  );
  const compareStage = memoizeLast(comparePlanes);
  const compare = (input: PathInput, view: PathView | undefined): PlaneComparison | undefined => {
    if (input.plane !== 'ambient' || !input.pathOpen) return undefined;
    if (view?.path === undefined || view.stale || view.path.dataplane !== 'ambient')
      return undefined;
    const spec = input.spec ?? DEFAULT_PATH_SPEC;
    const sidecar = sidecarStage(spec.routing, spec.headers, spec.origin, input.version);
    return compareStage(sidecar, view.path);
  };
  const derivePath = (input: PathInput): PathView | undefined => {
    const looking = input.pathOpen || (input.graphStep ?? null) !== null;
    const forStatus = async !== undefined && input.editorArgs;
    if (!looking && !forStatus) return undefined;
    const spec = input.spec ?? DEFAULT_PATH_SPEC;
    const other = input.otherText ?? '';
    return pathStage({
      scenario: routingStage(spec.routing),
      headers: headersStage(spec.headers),
      routingText: spec.routing,
      headersText: spec.headers,
      args: input.editorArgs ? input.text : other === '' ? undefined : other,
      argsOk: !input.editorArgs || !input.argsStale,
      version: input.version,
      origin: spec.origin,
      dataplane: input.plane === 'ambient' ? 'ambient' : 'sidecar',
      waypoints: spec.waypoints ?? NO_WAYPOINTS,
      backend: input.backend,
    });
  };
  return (input) => {
    const path = derivePath(input);
    const graphStep = graphStepStage(path?.path, input.graphStep, input.editorRestoreV4);
    return combine(path, graphStep, compare(input, path));
  };
}

export const selectPathView = (d: PathDerived): PathDerived['path'] => d.path;
export const selectGraphStep = (d: PathDerived): PathDerived['graphStep'] => d.graphStep;
export const selectComparison = (d: PathDerived): PathDerived['comparison'] => d.comparison;
