/**
 * The mesh golden cases: `<case>.json` describes a request the way `intercept path` takes it
 * (profile, istio-init flags after `--`, scenario file, headers, choices, data plane, waypoints);
 * `<case>.path.txt` is the expected path in the one-line-per-step format, and for ambient cases
 * `<case>.path.json` the JSON `intercept path` prints (see `goldenJson`). The core runner and the
 * CLI test share them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  computeRequestPath,
  createBookinfoRequest,
  createBookinfoScenario,
  parseScenarioYaml,
  type IstioVersion,
  type RequestPath,
  type Scenario,
} from '@core';

export const GOLDEN_DIR = fileURLToPath(new URL('.', import.meta.url));

export interface MeshCase {
  readonly name: string;
  readonly description: string;
  readonly version: IstioVersion;
  readonly args?: readonly string[];
  readonly scenario?: string;
  readonly headers?: readonly string[];
  readonly choose?: readonly string[];
  readonly dataplane?: 'sidecar' | 'ambient';
  readonly waypoints?: readonly string[];
}

export function loadCases(): MeshCase[] {
  return readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.path.json'))
    .sort()
    .map((f) => ({
      name: f.slice(0, -'.json'.length),
      ...(JSON.parse(readFileSync(`${GOLDEN_DIR}${f}`, 'utf8')) as Omit<MeshCase, 'name'>),
    }));
}

export function scenarioText(c: MeshCase): string | undefined {
  return c.scenario === undefined ? undefined : readFileSync(`${GOLDEN_DIR}${c.scenario}`, 'utf8');
}

function scenarioOf(c: MeshCase): Scenario {
  const text = scenarioText(c);
  if (text === undefined) return createBookinfoScenario();
  const parsed = parseScenarioYaml(text);
  if (parsed.diagnostics.some((d) => d.severity === 'error'))
    throw new Error(`${c.scenario ?? ''}: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
  return parsed.value;
}

const quote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;

/** The case through the core API. */
export function computeCase(c: MeshCase): RequestPath {
  const headers = Object.fromEntries(
    (c.headers ?? []).map((h) => [
      h.slice(0, h.indexOf(':')).trim().toLowerCase(),
      h.slice(h.indexOf(':') + 1).trim(),
    ]),
  );
  const base = createBookinfoRequest(headers);
  const choose = {
    ...base.choose,
    ...Object.fromEntries((c.choose ?? []).map((x) => x.split('=') as [string, string])),
  };
  return computeRequestPath(
    scenarioOf(c),
    { ...base, choose },
    {
      version: c.version,
      ...(c.args ? { args: c.args.map(quote).join(' ') } : {}),
      ...(c.dataplane ? { dataplane: c.dataplane } : {}),
      ...(c.waypoints ? { waypoints: c.waypoints } : {}),
    },
  );
}

/** The case as `intercept path` arguments (the scenario file name is given as `file`). */
export function cliArgs(c: MeshCase, file: string): string[] {
  return [
    'path',
    '--format',
    'text',
    '--istio-version',
    c.version,
    ...(c.scenario ? ['--scenario', file] : []),
    ...(c.headers ?? []).flatMap((h) => ['--header', h]),
    ...(c.choose ?? []).flatMap((x) => ['--choose', x]),
    ...(c.dataplane ? ['--dataplane', c.dataplane] : []),
    ...(c.waypoints ?? []).flatMap((w) => ['--waypoint', w]),
    ...(c.args ? ['--', ...c.args] : []),
  ];
}

/**
 * The golden form of `intercept path`'s JSON: as printed, minus each netfilter step's `trace`
 * (the simulator's step list, hundreds of lines per step; its `matched`, `matchedAfterLoopback`
 * and `final` stay, and `intercept trace` replays them in src/cli/path.test.ts).
 */
export function goldenJson(stdout: string): string {
  const dropTrace = (_key: string, value: unknown): unknown => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const o = value as Record<string, unknown>;
      if (o['kind'] === 'netfilter') {
        const { trace: _trace, ...rest } = o;
        return rest;
      }
    }
    return value;
  };
  return `${JSON.stringify(JSON.parse(stdout), dropTrace, 2)}\n`;
}
