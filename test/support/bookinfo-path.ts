// The Bookinfo request path and small lookups over it, shared by the request-path suites.
import type { IstioVersion } from '../../src/core/generator/index.ts';
import { createBookinfoRequest, createBookinfoScenario } from '../../src/core/mesh/bookinfo.ts';
import type { Hop, NetfilterStep, PathStep, RequestPath } from '../../src/core/mesh/path-types.ts';
import { computeRequestPath } from '../../src/core/mesh/request-path.ts';
import type { Scenario } from '../../src/core/mesh/scenario.ts';

export const DEFAULT_HOPS = [
  'client → productpage (productpage-v1)',
  'productpage-v1 → details (details-v1)',
  'productpage-v1 → reviews (reviews-v2)',
  'reviews-v2 → ratings (ratings-v1)',
];

/** The injected args of the modern profiles with one flag changed. */
export function modernArgs(change: Record<string, string>): string {
  const flags: Record<string, string> = {
    '-p': '15001',
    '-z': '15006',
    '-u': '1337',
    '-m': 'REDIRECT',
    '-i': "'*'",
    '-x': '""',
    '-b': "'*'",
    '-d': '15090,15021,15020',
    ...change,
  };
  return Object.entries(flags)
    .map(([k, v]) => `${k} ${v}`)
    .join(' ');
}

/** The Bookinfo request path (GET /productpage) with the given profile, args, scenario and headers. */
export function bookinfoPath(
  opts: {
    version?: IstioVersion;
    args?: string;
    scenario?: Scenario;
    headers?: Record<string, string>;
  } = {},
): RequestPath {
  return computeRequestPath(
    opts.scenario ?? createBookinfoScenario(),
    createBookinfoRequest(opts.headers),
    {
      version: opts.version ?? 'latest',
      ...(opts.args === undefined ? {} : { args: opts.args }),
    },
  );
}

export const netfilterSteps = (steps: readonly PathStep[]): NetfilterStep[] =>
  steps.filter((s): s is NetfilterStep => s.kind === 'netfilter');
export const hopOf = (p: RequestPath, label: string): Hop => {
  const found = p.hops.find((h) => h.label.startsWith(label));
  if (!found) throw new Error(`no hop ${label} in ${p.hops.map((h) => h.label).join(', ')}`);
  return found;
};
export const errorsOf = (p: RequestPath) => p.diagnostics.filter((d) => d.severity === 'error');
export const codesOf = (p: RequestPath) => p.diagnostics.map((d) => d.code);
