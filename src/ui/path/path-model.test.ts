import { describe, expect, it } from 'vitest';
import { PROFILES } from '@core';
import type { RequestPath } from '@core';
import {
  buildPathScenario,
  buildTimeline,
  createPathComputer,
  parseHeaders,
} from './path-model.ts';
import type { PathInputs } from './path-model.ts';
import {
  presetOf,
  renderRoutingPreset,
  REVIEWS_V1_ONLY,
  ROUTING_PRESETS,
} from './routing-presets.ts';

const ARGS = PROFILES.latest.defaultArgs;

function inputs(over: Partial<PathInputs> = {}): PathInputs {
  return {
    scenario: buildPathScenario(''),
    headers: parseHeaders(''),
    routingText: '',
    headersText: '',
    args: ARGS,
    argsOk: true,
    version: 'latest',
    origin: 'ingress',
    dataplane: 'sidecar',
    waypoints: [],
    ...over,
  };
}

const callees = (path: RequestPath | undefined): (string | undefined)[] =>
  (path?.hops ?? []).map((h) => h.callee);

describe('routing presets', () => {
  it('renders every preset as Istio YAML the core reads without problems, and recognises it', () => {
    for (const p of ROUTING_PRESETS) {
      const text = renderRoutingPreset(p);
      expect(buildPathScenario(text).diagnostics).toEqual([]);
      expect(presetOf(text)).toBe(p === 'none' ? 'none' : p);
    }
    expect(renderRoutingPreset('none')).toBe('');
    expect(renderRoutingPreset('reviews-test-v2')).toContain('end-user');
    expect(presetOf('kind: VirtualService')).toBeUndefined();
  });
});

describe('path model', () => {
  it('follows GET /productpage through every sidecar, ratings included by default', () => {
    const view = createPathComputer()(inputs());
    expect(view.stale).toBe(false);
    expect(view.path?.status).toBe(200);
    expect(callees(view.path)).toEqual([
      'productpage-v1',
      'details-v1',
      'reviews-v2',
      'ratings-v1',
    ]);
    const timeline = buildTimeline(view.path);
    expect(timeline[0]?.step.id).toBe('h1.1');
    expect(timeline.filter((e) => e.response).length).toBeGreaterThan(0);
    expect(timeline.length).toBe(
      view.path?.hops.reduce((n, h) => n + h.steps.length + h.response.length, 0),
    );
  });

  it('routing all of reviews to v1 removes the ratings hop', () => {
    const view = createPathComputer()(
      inputs({ scenario: buildPathScenario(renderRoutingPreset('all-v1')) }),
    );
    expect(callees(view.path)).toEqual(['productpage-v1', 'details-v1', 'reviews-v1']);
  });

  it('sends end-user jason to reviews v2 and everyone else to v1', () => {
    const scenario = buildPathScenario(renderRoutingPreset('reviews-test-v2'));
    const jason = createPathComputer()(
      inputs({ scenario, headers: parseHeaders('End-User: jason\n') }),
    );
    const other = createPathComputer()(
      inputs({ scenario, headers: parseHeaders('end-user: bob') }),
    );
    expect(callees(jason.path)).toContain('reviews-v2');
    expect(callees(other.path)).toContain('reviews-v1');
  });

  it('raises a redirect loop on the path when -u no longer names the proxy', () => {
    const args = ARGS.replace('-u 1337', '-u 1000');
    const view = createPathComputer()(inputs({ args }));
    const loop = view.path?.diagnostics.find((d) => d.code === 'redirect-loop');
    expect(loop?.step).toMatch(/^h\d+\.\d+$/);
    expect(loop?.flag).toBe('proxy-uid');
    // The rule found from the step's facts: the owner RETURN that missed Envoy's uid.
    expect(loop?.rule).toMatch(/^nat\/ISTIO_OUTPUT#\d+$/);
    expect(loop?.message).toContain('(-A ISTIO_OUTPUT -m owner --uid-owner 1000 -j RETURN)');
    expect(args.slice(loop?.range.start, loop?.range.end)).toBe('-u');
  });

  it('keeps the last good path, marked stale, while the routing YAML is broken', () => {
    const compute = createPathComputer();
    const good = compute(inputs());
    const broken = compute(
      inputs({ scenario: buildPathScenario('kind: VirtualService\nspec: [') }),
    );
    expect(broken.stale).toBe(true);
    expect(broken.path).toBe(good.path);
    expect(broken.routing[0]?.range.line).toBeGreaterThan(0);
    const same = inputs();
    expect(compute(same)).toBe(compute(same));
  });

  it('reports header lines that are not "name: value" with their place', () => {
    const parsed = parseHeaders('end-user: jason\nnonsense\n');
    expect(parsed.value).toEqual({ 'end-user': 'jason' });
    expect(parsed.diagnostics[0]?.range).toMatchObject({ line: 2, start: 16, end: 24 });
  });

  it('follows productpage → reviews when asked', () => {
    const view = createPathComputer()(inputs({ origin: 'productpage' }));
    expect(view.path?.hops[0]?.caller).toEqual({ kind: 'pod', pod: 'productpage-v1' });
  });
});

describe('request headers box', () => {
  it('stays cheap on `x\\n` × 2000: problems capped, with a last line counting the rest', () => {
    const t0 = performance.now();
    const r = parseHeaders('x\n'.repeat(2000));
    expect(r.diagnostics).toHaveLength(50);
    expect(r.diagnostics[49]?.message).toBe('1951 more problems not shown');
    const many = parseHeaders(Array.from({ length: 500 }, (_, i) => `h${i}: v`).join('\n'));
    expect(Object.keys(many.value)).toHaveLength(100);
    expect(many.diagnostics[0]?.message).toMatch(/more than 100 headers/);
    expect(performance.now() - t0).toBeLessThan(1_000);
  });
});

describe('the ambient path', () => {
  it('draws ztunnel hops; a waypoint gets its own box and makes the reviews route take effect', () => {
    const routing = REVIEWS_V1_ONLY;
    const base = {
      scenario: buildPathScenario(routing),
      routingText: routing,
      dataplane: 'ambient',
    } as const;
    const without = createPathComputer()(inputs(base));
    expect(without.path?.dataplane).toBe('ambient');
    expect(without.timeline.some((e) => e.step.kind === 'ztunnel')).toBe(true);
    expect(without.path?.diagnostics.map((d) => d.code)).toContain('ignored-route');
    expect(without.layout?.nodes.some((n) => n.id === 'waypoint')).toBe(false);
    const withWaypoint = createPathComputer()(inputs({ ...base, waypoints: ['reviews'] }));
    expect(withWaypoint.path?.diagnostics.map((d) => d.code)).not.toContain('ignored-route');
    expect(withWaypoint.timeline.some((e) => e.step.kind === 'waypoint')).toBe(true);
    const box = withWaypoint.layout?.nodes.find((n) => n.id === 'waypoint');
    expect(box?.kind).toBe('pod');
    expect(withWaypoint.layout?.nodes.filter((n) => n.x === box?.x)).toHaveLength(1);
  });
});
