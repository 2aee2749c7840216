import { parseArgs } from 'node:util';
import {
  computeRequestPath,
  createBookinfoRequest,
  createBookinfoScenario,
  formatDiagnostic,
  formatRequestPath,
  hasErrors,
  ISTIO_VERSIONS,
  parseIstioArgv,
  parseScenarioYaml,
  type IstioVersion,
  type RequestSpec,
  type Scenario,
} from '@core';
import { readInput, UsageError, type CliIo, type Command } from './io.ts';

const USAGE = `intercept path [options] [-- istio-iptables flags…]

Computes the Bookinfo request path through every sidecar and prints it as JSON: each hop (one
HTTP call) and inside it every step — the app's connect(), each netfilter traversal (the same
matched/final as 'intercept trace' for that packet), each Envoy listener, route, cluster and
endpoint, the wire — the response path, health-port probes, and the diagnostics found (redirect
loop, sidecar bypass, …). The shape is documented in src/core/mesh/README.md.

Options:
  --scenario FILE      scenario YAML (default: Bookinfo); '-' reads standard input
  --istio-version V    generator profile and mesh era: latest (default), 1.25, 1.20, 1.11, 1.0
  --from WHO           'ingress' (default: GET through the ingress gateway) or a pod name
  --to SERVICE         the Service a pod calls (needed with --from POD)
  --path P             request path (default /productpage, or / for a pod)
  --header 'K: V'      request header, repeatable (e.g. 'end-user: jason')
  --choose S=NAME      follow pod or subset NAME where Service S has several, repeatable
  --format F           json (default) or text (one line per step)
  --dataplane D        sidecar (default) or ambient: no sidecars; each pod's istio-cni in-pod
                       rules send its traffic to the node's ztunnel (outbound 15001, HBONE 15008),
                       which tunnels it to the destination pod's ztunnel
  --waypoint SERVICE   ambient: put a waypoint in front of SERVICE (as if labelled
                       istio.io/use-waypoint=waypoint), repeatable; its VirtualService applies

Flags after '--' are istio-init flags; they replace the default args of every pod (sidecar only).

Examples:
  intercept path
  intercept path --istio-version 1.0
  intercept path -- -p 15001 -z 15006 -u 1000 -m REDIRECT -i '*' -b '*'
  intercept path --header 'end-user: jason' --scenario bookinfo.yaml
  intercept path --dataplane ambient --waypoint reviews

Exit codes: 0 success (also when the path shows failures), 2 bad input, 1 internal error.
`;

function split(argv: readonly string[]): { ours: string[]; flags: string[] | undefined } {
  const at = argv.indexOf('--');
  return at < 0
    ? { ours: [...argv], flags: undefined }
    : { ours: argv.slice(0, at), flags: argv.slice(at + 1) };
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Checks the `--` flags as istio-iptables would, then hands them on as a command line. */
function argsOf(flags: readonly string[] | undefined): string | undefined {
  if (flags === undefined) return undefined;
  const parsed = parseIstioArgv(flags);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new UsageError(
      `istio-iptables flags:\n${errors.map((d) => formatDiagnostic(d, 'args')).join('\n')}`,
    );
  return flags.map(quote).join(' ');
}

function headersOf(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of list) {
    const colon = h.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header: expected 'Name: value', got '${h}'`);
    out[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
  }
  return out;
}

function chooseOf(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of list) {
    const eq = c.indexOf('=');
    if (eq <= 0) throw new UsageError(`--choose: expected SERVICE=NAME, got '${c}'`);
    out[c.slice(0, eq)] = c.slice(eq + 1);
  }
  return out;
}

interface Values {
  from?: string | undefined;
  to?: string | undefined;
  path?: string | undefined;
  header?: string[] | undefined;
  choose?: string[] | undefined;
}

function requestOf(v: Values, scenario: Scenario): RequestSpec {
  const headers = headersOf(v.header ?? []);
  const from = v.from ?? 'ingress';
  const base = createBookinfoRequest(headers);
  const choose = { ...base.choose, ...chooseOf(v.choose ?? []) };
  if (from === 'ingress') return { ...base, path: v.path ?? base.path, choose };
  if (!scenario.pods.some((p) => p.name === from))
    throw new UsageError(
      `--from: no pod '${from}' in the scenario (pods: ${scenario.pods.map((p) => p.name).join(', ')})`,
    );
  if (v.to === undefined)
    throw new UsageError('--to: a request from a pod needs the Service it calls');
  if (!scenario.services.some((s) => s.name === v.to))
    throw new UsageError(`--to: no Service '${v.to}' in the scenario`);
  return {
    from: { kind: 'pod', pod: from },
    to: v.to,
    method: 'GET',
    path: v.path ?? '/',
    headers,
    choose,
  };
}

async function scenarioOf(io: CliIo, file: string | undefined): Promise<Scenario> {
  if (file === undefined) return createBookinfoScenario();
  const text = await readInput(io, file);
  const parsed = parseScenarioYaml(text);
  for (const d of parsed.diagnostics)
    if (d.severity !== 'error') io.stderr(`${formatDiagnostic(d, file)}\n`);
  if (hasErrors(parsed.diagnostics)) {
    throw new UsageError(
      parsed.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => formatDiagnostic(d, file))
        .join('\n'),
    );
  }
  return parsed.value;
}

async function runPath(argv: readonly string[], io: CliIo): Promise<number> {
  const { ours, flags } = split(argv);
  let values;
  try {
    values = parseArgs({
      args: ours,
      options: {
        scenario: { type: 'string' },
        'istio-version': { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        path: { type: 'string' },
        header: { type: 'string', multiple: true },
        choose: { type: 'string', multiple: true },
        format: { type: 'string' },
        dataplane: { type: 'string' },
        waypoint: { type: 'string', multiple: true },
      },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const version = values['istio-version'] ?? 'latest';
  if (!(ISTIO_VERSIONS as readonly string[]).includes(version))
    throw new UsageError(
      `--istio-version: unknown profile '${version}' (expected one of ${ISTIO_VERSIONS.join(', ')})`,
    );
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'text')
    throw new UsageError(`--format: expected json or text, got '${format}'`);
  const dataplane = values.dataplane ?? 'sidecar';
  if (dataplane !== 'sidecar' && dataplane !== 'ambient')
    throw new UsageError(`--dataplane: expected sidecar or ambient, got '${dataplane}'`);
  const waypoints = values.waypoint ?? [];
  if (dataplane === 'sidecar' && waypoints.length > 0)
    throw new UsageError('--waypoint: waypoints exist in ambient mode only (--dataplane ambient)');
  if (dataplane === 'ambient' && flags !== undefined)
    throw new UsageError(
      "flags after '--' are istio-init flags: ambient pods have no istio-init (--dataplane ambient)",
    );
  const args = argsOf(flags);
  const scenario = await scenarioOf(io, values.scenario);
  for (const w of waypoints)
    if (!scenario.services.some((s) => s.name === w))
      throw new UsageError(`--waypoint: no Service '${w}' in the scenario`);
  const request = requestOf(values, scenario);
  const path = computeRequestPath(scenario, request, {
    version: version as IstioVersion,
    ...(args === undefined ? {} : { args }),
    ...(dataplane === 'ambient' ? { dataplane, waypoints } : {}),
  });
  io.stdout(format === 'text' ? formatRequestPath(path) : `${JSON.stringify(path, null, 2)}\n`);
  return 0;
}

/** `intercept path` (CONTRACTS.md §4). */
export const pathCommand: Command = {
  name: 'path',
  summary: 'the Bookinfo request path through every sidecar (or ztunnel, in ambient), as JSON',
  usage: USAGE,
  run: runPath,
};
