import {
  capDiagnostics,
  computeRequestPath,
  createBookinfoRequest,
  createBookinfoScenario,
  diagnostic,
  hasErrors,
  parseRoutingYaml,
} from '@core';
import type {
  Diagnostic,
  Hop,
  IstioVersion,
  Parsed,
  PathStep,
  RequestPath,
  RequestSpec,
  Scenario,
} from '@core';
import type { DiagramLayout, ExtraBox } from './diagram-layout.ts';
import { layoutDiagram } from './diagram-layout.ts';
import type { AsyncPath, PathJob } from './path-async.ts';
import type { PathOrigin } from './path-spec.ts';

/** The routing editor's documents joined to Bookinfo (the gateway's VirtualService stays). */
export interface PathScenario {
  readonly scenario: Scenario;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Bookinfo with the routing text's VirtualServices and DestinationRules in place of the samples'.
 *
 * @example
 * buildPathScenario('').scenario.destinationRules.length; // 0
 */
export function buildPathScenario(routing: string): PathScenario {
  const base = createBookinfoScenario();
  const parsed = parseRoutingYaml(routing);
  const scenario: Scenario = {
    ...base,
    virtualServices: [...base.virtualServices, ...parsed.value.virtualServices],
    destinationRules: parsed.value.destinationRules,
  };
  return { scenario, diagnostics: parsed.diagnostics };
}

export const MAX_HEADERS = 100;
export const MAX_HEADER_PROBLEMS = 50;

/**
 * `name: value` lines → request headers (names lower-cased, as HTTP/2 carries them). A line
 * without a colon is reported with its place, and left out. At most MAX_HEADERS headers are kept
 * and MAX_HEADER_PROBLEMS problems listed (the last one counts the rest), so a pasted blob stays
 * cheap to show.
 *
 * @example
 * parseHeaders('end-user: jason').value; // { 'end-user': 'jason' }
 */
export function parseHeaders(text: string): Parsed<Readonly<Record<string, string>>> {
  const value: Record<string, string> = {};
  let kept = 0;
  const diagnostics: Diagnostic[] = [];
  let offset = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const colon = line.indexOf(':');
    if (line.trim() !== '') {
      const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
      if (name === '' || /\s/.test(name)) {
        const range = { start: offset, end: offset + line.length, line: i + 1, column: 1 };
        diagnostics.push(
          diagnostic(
            'bad-scenario',
            'warning',
            `header line ${i + 1}: expected "name: value"`,
            range,
          ),
        );
      } else if (kept < MAX_HEADERS || name in value) {
        if (!(name in value)) kept++;
        value[name] = line.slice(colon + 1).trim();
      } else {
        const range = { start: offset, end: offset + line.length, line: i + 1, column: 1 };
        diagnostics.push(
          diagnostic(
            'bad-scenario',
            'warning',
            `header line ${i + 1}: more than ${MAX_HEADERS} headers; this one is left out`,
            range,
          ),
        );
      }
    }
    offset += line.length + 1;
  }
  return { value, diagnostics: capDiagnostics(diagnostics, MAX_HEADER_PROBLEMS) };
}

/**
 * The followed request: `GET /productpage` through the ingress, or productpage's own call to
 * reviews. Both follow reviews-v2 while routing leaves the choice open (so ratings shows).
 *
 * @example
 * buildRequest('productpage', {}).to; // 'reviews'
 */
export function buildRequest(
  origin: PathOrigin,
  headers: Readonly<Record<string, string>>,
): RequestSpec {
  const ingress = createBookinfoRequest(headers);
  if (origin === 'ingress') return ingress;
  return {
    ...ingress,
    from: { kind: 'pod', pod: 'productpage-v1' },
    to: 'reviews',
    path: '/reviews/0',
  };
}

/**
 * The path of a job given as plain texts: the path worker's whole job (and the main thread's
 * when there is no worker).
 *
 * @example
 * computePathJob({ routing: '', headers: '', args: undefined, version: 'latest', origin: 'ingress' }).status; // 200
 */
export function computePathJob(job: PathJob): RequestPath {
  const request = buildRequest(job.origin, parseHeaders(job.headers).value);
  return computeRequestPath(buildPathScenario(job.routing).scenario, request, {
    version: job.version,
    ...(job.args === undefined ? {} : { args: job.args }),
    ...(job.dataplane === 'ambient' ? { dataplane: 'ambient', waypoints: job.waypoints } : {}),
    ...(job.backend === 'nftables' ? { backend: 'nftables' } : {}),
  });
}

/** What the path view shows: the path of the latest valid inputs, and what is wrong now. */
export interface PathView {
  readonly path: RequestPath | undefined;
  /** The scenario `path` was computed for (the diagram draws its pods). */
  readonly scenario: Scenario | undefined;
  /** Where the diagram draws the scenario's boxes. */
  readonly layout: DiagramLayout | undefined;
  /** The steps of `path` in play order. */
  readonly timeline: readonly TimelineEntry[];
  /** True when the inputs have errors and `path` belongs to earlier inputs. */
  readonly stale: boolean;
  /** True while the worker computes the path of the current inputs (`path` is the previous one). */
  readonly pending: boolean;
  /** Problems of the routing text (ranges into it). */
  readonly routing: readonly Diagnostic[];
  /** Problems of the headers text (ranges into it). */
  readonly headers: readonly Diagnostic[];
}

export interface PathInputs {
  readonly scenario: PathScenario;
  readonly headers: Parsed<Readonly<Record<string, string>>>;
  /** The texts `scenario` and `headers` were read from (what the worker gets). */
  readonly routingText: string;
  readonly headersText: string;
  /** The istio-init args every sidecar gets (the editor's), or undefined for the profile's defaults. */
  readonly args: string | undefined;
  readonly argsOk: boolean;
  readonly version: IstioVersion;
  readonly origin: PathOrigin;
  /** Ambient: the path through istio-cni's in-pod rules, ztunnel and the waypoints. */
  readonly dataplane: 'sidecar' | 'ambient';
  readonly waypoints: readonly string[];
  /** Sidecar: istio-iptables or its `--native-nftables` backend in every pod. */
  readonly backend?: 'iptables' | 'nftables';
}

function computeNow(inputs: PathInputs): RequestPath {
  const request = buildRequest(inputs.origin, inputs.headers.value);
  const opts = {
    version: inputs.version,
    ...(inputs.args === undefined ? {} : { args: inputs.args }),
    ...(inputs.dataplane === 'ambient'
      ? { dataplane: 'ambient' as const, waypoints: inputs.waypoints }
      : {}),
    ...(inputs.backend === 'nftables' ? { backend: 'nftables' as const } : {}),
  };
  return computeRequestPath(inputs.scenario.scenario, request, opts);
}

function jobOf(inputs: PathInputs): PathJob {
  return {
    routing: inputs.routingText,
    headers: inputs.headersText,
    args: inputs.args,
    version: inputs.version,
    origin: inputs.origin,
    dataplane: inputs.dataplane,
    waypoints: inputs.waypoints,
    ...(inputs.backend === undefined ? {} : { backend: inputs.backend }),
  };
}

/**
 * A path computer with memory: unchanged inputs return the same `PathView`; inputs with errors
 * (routing YAML, editor args) keep the last good path with `stale: true`. With `async` (the
 * worker) the path of new inputs arrives later: meanwhile the last good one is shown, `pending`.
 *
 * @example
 * const compute = createPathComputer();
 * compute({ scenario: buildPathScenario(''), headers: parseHeaders(''), routingText: '', headersText: '', args: undefined, argsOk: true, version: 'latest', origin: 'ingress' }).path?.status; // 200
 */
export function createPathComputer(async?: AsyncPath): (inputs: PathInputs) => PathView {
  let lastGood:
    | {
        path: RequestPath;
        scenario: Scenario;
        timeline: readonly TimelineEntry[];
        layout: DiagramLayout;
      }
    | undefined;
  let last: { inputs: PathInputs; reply: RequestPath | undefined; view: PathView } | undefined;
  return (inputs) => {
    const ok = inputs.argsOk && !hasErrors(inputs.scenario.diagnostics);
    const reply = ok && async ? async.read(jobOf(inputs)) : undefined;
    if (last && sameInputs(last.inputs, inputs) && last.reply === reply) return last.view;
    const path = !ok ? undefined : async ? reply : computeNow(inputs);
    if (path && path !== lastGood?.path) {
      lastGood = {
        path,
        scenario: inputs.scenario.scenario,
        timeline: buildTimeline(path),
        layout: layoutDiagram(inputs.scenario.scenario, waypointBoxes(path)),
      };
    }
    const view: PathView = {
      path: lastGood?.path,
      scenario: lastGood?.scenario,
      layout: lastGood?.layout,
      timeline: lastGood?.timeline ?? [],
      stale: !ok,
      pending: ok && path === undefined,
      routing: inputs.scenario.diagnostics,
      headers: inputs.headers.diagnostics,
    };
    last = { inputs, reply, view };
    return view;
  };
}

/** Ambient: the waypoint pods the path created (they are not scenario pods), as extra boxes. */
function waypointBoxes(path: RequestPath): readonly ExtraBox[] {
  return path.pods
    .filter((p) => p.ambient === 'waypoint')
    .map((p) => ({ id: p.name, title: p.name, ip: p.ip }));
}

function sameInputs(a: PathInputs, b: PathInputs): boolean {
  return (
    a.scenario === b.scenario &&
    a.headers === b.headers &&
    a.args === b.args &&
    a.argsOk === b.argsOk &&
    a.version === b.version &&
    a.origin === b.origin &&
    a.dataplane === b.dataplane &&
    a.waypoints === b.waypoints &&
    (a.backend ?? 'iptables') === (b.backend ?? 'iptables')
  );
}

/** One step of the timeline the player walks: the hop's request steps, then its response. */
export interface TimelineEntry {
  readonly hop: Hop;
  readonly step: PathStep;
  readonly response: boolean;
}

/**
 * The steps in play order: hop by hop (DFS order, as the path lists them), each hop's request
 * then its response.
 *
 * @example
 * buildTimeline(path)[0]?.step.id; // 'h1.1'
 */
export function buildTimeline(path: RequestPath | undefined): readonly TimelineEntry[] {
  if (!path) return [];
  const out: TimelineEntry[] = [];
  for (const hop of path.hops) {
    for (const step of hop.steps) out.push({ hop, step, response: false });
    for (const step of hop.response) out.push({ hop, step, response: true });
  }
  return out;
}
