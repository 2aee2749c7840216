import { describe, expect, it } from 'vitest';
import { createBookinfoRequest, createBookinfoScenario } from './bookinfo.ts';
import { computeRequestPath } from './request-path.ts';
import type { Scenario } from './scenario.ts';
import {
  DEFAULT_HOPS,
  modernArgs,
  bookinfoPath,
  netfilterSteps,
  hopOf,
  errorsOf,
} from '../../../test/support/bookinfo-path.ts';

describe('computeRequestPath: annotations and TPROXY', () => {
  const annotate = (
    annotations: Record<string, string>,
    extra: Partial<Scenario['pods'][number]> = {},
  ): Scenario => {
    const base = createBookinfoScenario();
    return { ...base, pods: base.pods.map((p) => ({ ...p, annotations, ...extra })) };
  };

  it('traffic.sidecar.istio.io/excludeInboundPorts: 9080 is written into -d like the injector does', () => {
    const p = bookinfoPath({
      scenario: annotate({ 'traffic.sidecar.istio.io/excludeInboundPorts': '9080' }),
    });
    expect(p.pods[1]?.commandLine).toContain('--istio-local-exclude-ports 15090,15021,9080,15020');
    expect(p.diagnostics.find((d) => d.code === 'sidecar-bypass')).toMatchObject({
      flag: 'istio-local-exclude-ports',
    });
  });

  it('sidecar.istio.io/interceptionMode: TPROXY: mangle TPROXY to a transparent Envoy, proxy as uid 0 gid 1337', () => {
    const p = bookinfoPath({
      scenario: annotate({ 'sidecar.istio.io/interceptionMode': 'TPROXY' }),
    });
    expect(p.hops.map((h) => h.label)).toEqual(DEFAULT_HOPS);
    expect(errorsOf(p)).toEqual([]);
    const inbound = netfilterSteps(hopOf(p, 'productpage-v1 → reviews').steps)[2];
    expect(inbound?.final).toBe('TPROXY:15006');
    expect(inbound?.delivered).toMatchObject({ kind: 'local', socket: 'tproxy' });
    expect(p.pods[1]).toMatchObject({ proxyMode: 'TPROXY', proxyUid: 0, proxyGid: 1337 });
  });

  it('-m TPROXY in the init args only: no transparent socket, the kernel drops the SYN → no-listener', () => {
    const p = bookinfoPath({ args: modernArgs({ '-m': 'TPROXY' }) });
    expect(p.status).toBe(503);
    expect(p.diagnostics.find((d) => d.code === 'no-listener')).toMatchObject({
      flag: 'istio-inbound-interception-mode',
      rule: 'mangle/ISTIO_TPROXY#1',
    });
  });

  it('TPROXY without its policy routing: tproxy-routing, pointing at the TPROXY rule and -m', () => {
    const p = bookinfoPath({
      scenario: annotate(
        { 'sidecar.istio.io/interceptionMode': 'TPROXY' },
        { tproxyRouting: false },
      ),
    });
    expect(p.diagnostics.find((d) => d.code === 'tproxy-routing')).toMatchObject({
      rule: 'mangle/ISTIO_TPROXY#1',
      flag: 'istio-inbound-interception-mode',
    });
  });
});

describe('computeRequestPath: VirtualService and DestinationRule', () => {
  it('all of reviews to v1 (with the DestinationRule): reviews-v1 serves, no ratings call', () => {
    const p = bookinfoPath({ scenario: createBookinfoScenario({ routing: 'all-v1' }) });
    expect(p.hops.map((h) => h.label)).toEqual(
      DEFAULT_HOPS.slice(0, 2).concat('productpage-v1 → reviews (reviews-v1)'),
    );
    const route = hopOf(p, 'productpage-v1 → reviews').steps.find((s) => s.kind === 'envoy-route');
    expect(route).toMatchObject({
      chosen: 'outbound|9080|v1|reviews.default.svc.cluster.local',
      route: { source: 'VirtualService/reviews' },
    });
    expect(errorsOf(p)).toEqual([]);
  });

  it('routing to subset v1 without a DestinationRule: cluster not found, 503 NC, missing-subset', () => {
    const p = bookinfoPath({
      scenario: createBookinfoScenario({ routing: 'all-v1', destinationRules: false }),
    });
    const reviews = hopOf(p, 'productpage-v1 → reviews');
    expect(reviews).toMatchObject({ ok: false, status: 503, responseFlag: 'NC' });
    const missing = p.diagnostics.filter((d) => d.code === 'missing-subset');
    expect(missing.map((d) => d.hop)).toEqual(['h2', 'h3']);
  });

  it('end-user: jason goes to reviews v2, everyone else to v1 (reviews-test-v2)', () => {
    const scenario = createBookinfoScenario({ routing: 'reviews-test-v2' });
    expect(hopOf(bookinfoPath({ scenario }), 'productpage-v1 → reviews').callee).toBe('reviews-v1');
    const jason = bookinfoPath({ scenario, headers: { 'end-user': 'jason' } });
    expect(hopOf(jason, 'productpage-v1 → reviews').callee).toBe('reviews-v2');
    expect(jason.hops.map((h) => h.label)).toEqual(DEFAULT_HOPS);
  });

  it('a 50/50 split is reported in full and the path follows the first, or the chosen subset', () => {
    const scenario = createBookinfoScenario({ routing: 'reviews-50-v3' });
    const route = hopOf(bookinfoPath({ scenario }), 'productpage-v1 → reviews').steps.find(
      (s) => s.kind === 'envoy-route',
    );
    expect(route?.kind === 'envoy-route' && route.split.map((c) => c.weight)).toEqual([50, 50]);
    const v3 = computeRequestPath(scenario, {
      ...createBookinfoRequest(),
      choose: { reviews: 'v3' },
    });
    expect(hopOf(v3, 'productpage-v1 → reviews').callee).toBe('reviews-v3');
  });

  it('a VirtualService whose only route matches jason: everyone else gets 404 NR (route-not-found)', () => {
    const base = createBookinfoScenario({ routing: 'reviews-test-v2' });
    const scenario: Scenario = {
      ...base,
      virtualServices: base.virtualServices.map((vs) =>
        vs.name === 'reviews' ? { ...vs, http: vs.http.slice(0, 1) } : vs,
      ),
    };
    const reviews = hopOf(bookinfoPath({ scenario }), 'productpage-v1 → reviews');
    expect(reviews).toMatchObject({ ok: false, status: 404, responseFlag: 'NR' });
  });

  it('a Host no Service claims: allow_any → PassthroughCluster (ALLOW_ANY), block_all → 502 (REGISTRY_ONLY)', () => {
    const base = createBookinfoScenario();
    const request = {
      from: { kind: 'pod' as const, pod: 'productpage-v1' },
      to: 'details',
      method: 'GET',
      path: '/',
      headers: { Host: 'example.com' },
      nested: false,
    };
    const allow = computeRequestPath(base, request);
    expect(allow.hops[0]?.steps.find((s) => s.kind === 'envoy-route')).toMatchObject({
      virtualHost: { name: 'allow_any' },
      chosen: 'PassthroughCluster',
    });
    expect(allow.hops[0]?.callee).toBe('details-v1');
    const scenario: Scenario = {
      ...base,
      mesh: { ...base.mesh, outboundTrafficPolicy: 'REGISTRY_ONLY' },
    };
    const blocked = computeRequestPath(scenario, request);
    expect(blocked.hops[0]).toMatchObject({ ok: false, status: 502 });
    expect(blocked.diagnostics.find((d) => d.code === 'route-not-found')?.message).toMatch(
      /REGISTRY_ONLY/,
    );
    expect(computeRequestPath(scenario, createBookinfoRequest()).status).toBe(200);
  });
});
