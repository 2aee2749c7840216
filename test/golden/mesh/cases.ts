/**
 * The mesh golden cases: `<case>.json` describes a request the way `intercept path` takes it
 * (profile, istio-init flags after `--`, scenario file, headers, choices); `<case>.path.txt` is the
 * expected path in the one-line-per-step format. The core runner and the CLI test share them.
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
}

export function loadCases(): MeshCase[] {
  return readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.json'))
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
    { version: c.version, ...(c.args ? { args: c.args.map(quote).join(' ') } : {}) },
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
    ...(c.args ? ['--', ...c.args] : []),
  ];
}
