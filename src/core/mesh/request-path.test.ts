import { describe, expect, it } from 'vitest';
import { ISTIO_VERSIONS, PROFILES } from '../generator/index.ts';
import type { IstioVersion } from '../generator/index.ts';
import { createBookinfoRequest, createBookinfoScenario } from './bookinfo.ts';
import type { Hop, NetfilterStep, PathStep, RequestPath } from './path-types.ts';
import { computeRequestPath } from './request-path.ts';
import type { Scenario } from './scenario.ts';

const DEFAULT_HOPS = [
  'client → productpage (productpage-v1)',
  'productpage-v1 → details (details-v1)',
  'productpage-v1 → reviews (reviews-v2)',
  'reviews-v2 → ratings (ratings-v1)',
];

/** The injected args of the modern profiles with one flag changed. */
function modernArgs(change: Record<string, string>): string {
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

function path(
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

const netfilter = (steps: readonly PathStep[]): NetfilterStep[] =>
  steps.filter((s): s is NetfilterStep => s.kind === 'netfilter');
const hop = (p: RequestPath, label: string): Hop => {
  const found = p.hops.find((h) => h.label.startsWith(label));
  if (!found) throw new Error(`no hop ${label} in ${p.hops.map((h) => h.label).join(', ')}`);
  return found;
};
const errors = (p: RequestPath) => p.diagnostics.filter((d) => d.severity === 'error');
const codes = (p: RequestPath) => p.diagnostics.map((d) => d.code);

describe('computeRequestPath: GET /productpage with each profile’s default args', () => {
  for (const version of ISTIO_VERSIONS) {
    it(`${version}: ingress → productpage → details + reviews-v2 → ratings, 200, no errors`, () => {
      const p = path({ version });
      expect(p.hops.map((h) => h.label)).toEqual(DEFAULT_HOPS);
      expect(p.hops.every((h) => h.ok && h.status === 200)).toBe(true);
      expect(p.status).toBe(200);
      expect(errors(p)).toEqual([]);
      expect(
        p.pods
          .filter((x) => x.sidecar)
          .every(
            (x) =>
              x.commandLine ===
              `istio-iptables ${PROFILES[version].defaultArgs.replaceAll('""', "''")}`,
          ),
      ).toBe(true);
    });

    it(`${version}: a sidecar-to-sidecar hop has every step in order, from the simulator`, () => {
      const p = path({ version });
      const h = hop(p, 'productpage-v1 → reviews');
      expect(h.steps.map((s) => s.kind)).toEqual([
        'connect',
        'netfilter',
        'accept',
        'envoy-listener',
        'envoy-listener',
        'envoy-route',
        'envoy-cluster',
        'envoy-endpoint',
        'connect',
        'netfilter',
        'wire',
        'netfilter',
        'accept',
        'envoy-listener',
        ...(version === '1.0' ? ['envoy-listener'] : []),
        'envoy-route',
        'envoy-cluster',
        'connect',
        'netfilter',
        'accept',
        'app',
      ]);
      const [appOut, envoyOut, peerIn, envoyToApp] = netfilter(h.steps);
      const inboundPort = version === '1.0' ? 15001 : 15006;
      expect(appOut?.final).toBe('REDIRECT:15001');
      expect(appOut?.packet).toMatchObject({
        direction: 'outbound',
        uid: 0,
        dst: '10.254.109.7',
        dport: 9080,
      });
      expect(envoyOut?.final).toBe('ACCEPT');
      expect(envoyOut?.packet).toMatchObject({ uid: 1337, gid: 1337, dst: '172.33.78.5' });
      expect(envoyOut?.delivered.kind).toBe('sent');
      expect(envoyOut?.decisive && /ISTIO_OUTPUT/.test(envoyOut.decisive)).toBe(true);
      expect(peerIn?.pod).toBe('reviews-v2');
      expect(peerIn?.final).toBe(`REDIRECT:${inboundPort}`);
      expect(envoyToApp?.packet.src).toBe(version === '1.0' ? '127.0.0.1' : '127.0.0.6');
      expect(envoyToApp?.delivered).toMatchObject({ kind: 'local', port: 9080 });
      expect(h.callee).toBe('reviews-v2');
    });

    it(`${version}: the response goes back through conntrack (ESTABLISHED, nat not consulted)`, () => {
      const h = hop(path({ version }), 'productpage-v1 → reviews');
      const replies = netfilter(h.response);
      expect(replies.length).toBe(4);
      for (const r of replies) {
        expect(r.packet.ctstate).toBe('ESTABLISHED');
        expect(
          r.trace.some((s) => s.kind === 'nat-skipped') ||
            r.trace.every((s) => s.kind !== 'rule' || s.table !== 'nat'),
        ).toBe(true);
      }
      expect(replies.at(-1)?.delivered).toMatchObject({
        kind: 'local',
        port: netfilter(h.steps)[0]?.packet.sport,
      });
    });
  }

  it('1.0 redirects inbound to 15001 too and says so (legacy-single-port), with the seed-003 listener names', () => {
    const p = path({ version: '1.0' });
    const legacy = p.diagnostics.filter((d) => d.code === 'legacy-single-port');
    expect(legacy.length).toBe(4);
    expect(legacy[0]).toMatchObject({
      severity: 'info',
      rule: 'nat/ISTIO_IN_REDIRECT#1',
      pod: 'productpage-v1',
    });
    const listeners = hop(p, 'productpage-v1 → reviews').steps.flatMap((s) =>
      s.kind === 'envoy-listener' ? [s.listener.name] : [],
    );
    expect(listeners).toEqual(['virtual', '0.0.0.0_9080', 'virtual', '172.33.78.5_9080']);
  });

  it('modern profiles use virtualOutbound, 0.0.0.0_9080 and virtualInbound with inbound|9080|| bound to 127.0.0.6', () => {
    const h = hop(path(), 'productpage-v1 → reviews');
    expect(h.steps.flatMap((s) => (s.kind === 'envoy-listener' ? [s.listener.name] : []))).toEqual([
      'virtualOutbound',
      '0.0.0.0_9080',
      'virtualInbound',
    ]);
    const inbound = h.steps.find(
      (s) => s.kind === 'envoy-cluster' && s.cluster.name === 'inbound|9080||',
    );
    expect(inbound).toMatchObject({
      cluster: { type: 'ORIGINAL_DST', upstreamBindAddress: '127.0.0.6' },
    });
    const route = h.steps.find((s) => s.kind === 'envoy-route');
    expect(route).toMatchObject({
      routeConfig: '9080',
      chosen: 'outbound|9080||reviews.default.svc.cluster.local',
    });
    expect(route?.kind === 'envoy-route' && route.virtualHost?.domains).toContain('reviews:9080');
  });

  it('is deterministic and plain JSON', () => {
    const a = path();
    expect(path()).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});

describe('computeRequestPath: changing the args changes the path and raises the right diagnostic', () => {
  it('-b 15090 (9080 not captured): the app gets the caller’s mTLS directly → sidecar-bypass, 503', () => {
    const p = path({ args: modernArgs({ '-b': '15090' }) });
    expect(p.status).toBe(503);
    const root = p.hops[0];
    expect(root?.steps.some((s) => s.kind === 'envoy-listener' && s.pod === 'productpage-v1')).toBe(
      false,
    );
    expect(netfilter(root?.steps ?? []).find((s) => s.pod === 'productpage-v1')?.final).toBe(
      'ACCEPT',
    );
    const bypass = p.diagnostics.find((d) => d.code === 'sidecar-bypass');
    expect(bypass).toMatchObject({
      severity: 'error',
      flag: 'istio-inbound-ports',
      pod: 'productpage-v1',
      rule: 'nat/ISTIO_INBOUND#2',
    });
  });

  it('-b with an explicit list without 9080 behaves the same', () => {
    const p = path({ args: modernArgs({ '-b': '8080,15090' }) });
    expect(p.status).toBe(503);
    expect(codes(p)).toContain('sidecar-bypass');
  });

  it('-u 1000: Envoy (uid 1337) is not exempt → its upstream connection is redirected to itself: redirect-loop', () => {
    const p = path({ args: modernArgs({ '-u': '1000' }) });
    const loop = p.diagnostics.find((d) => d.code === 'redirect-loop');
    expect(loop).toMatchObject({
      severity: 'error',
      flag: 'proxy-uid',
      pod: 'productpage-v1',
      rule: 'nat/ISTIO_OUTPUT#4',
    });
    expect(loop?.message).toContain('-u is 1000');
    const reviews = hop(p, 'productpage-v1 → reviews');
    expect(reviews.ok).toBe(false);
    expect(reviews.status).toBe(503);
    const envoyOut = netfilter(reviews.steps)[1];
    expect(envoyOut?.final).toBe('REDIRECT:15001');
    expect(reviews.steps.at(-2)).toMatchObject({
      kind: 'envoy-listener',
      listener: { name: 'virtualOutbound' },
    });
    expect(p.hops.some((h) => h.label.startsWith('reviews-v2 → ratings'))).toBe(false);
  });

  it('-u 1000 -g 1337: the gid rule still exempts Envoy, no loop', () => {
    const p = path({ args: modernArgs({ '-u': '1000', '-g': '1337' }) });
    expect(codes(p)).not.toContain('redirect-loop');
    expect(p.hops.map((h) => h.label)).toEqual(DEFAULT_HOPS);
  });

  it('-x <reviews pod IP>/32 changes nothing: apps dial the ClusterIP and Envoy’s own traffic returns before -x', () => {
    const p = path({ args: modernArgs({ '-x': '172.33.3.3/32' }), headers: {} });
    const withV1 = computeRequestPath(
      createBookinfoScenario(),
      { ...createBookinfoRequest(), choose: { reviews: 'reviews-v1' } },
      { args: modernArgs({ '-x': '172.33.3.3/32' }) },
    );
    expect(p.hops.map((h) => h.label)).toEqual(DEFAULT_HOPS);
    expect(codes(withV1)).not.toContain('sidecar-bypass');
    expect(netfilter(hop(withV1, 'productpage-v1 → reviews').steps)[1]?.decisive).toBe(
      'nat/ISTIO_OUTPUT#4',
    );
    const shadowed = withV1.diagnostics.find((d) => d.code === 'exclusion-shadowed');
    expect(shadowed).toMatchObject({
      severity: 'info',
      flag: 'istio-service-exclude-cidr',
      pod: 'productpage-v1',
      rule: 'nat/ISTIO_OUTPUT#4',
    });
    expect(shadowed?.message).toContain('-x 172.33.3.3/32 covers 172.33.3.3');
  });

  it('-x <reviews pod IP>/32 with reviews headless: the app dials the pod IP, -x returns it: sidecar-bypass', () => {
    const base = createBookinfoScenario();
    const scenario = {
      ...base,
      services: base.services.map((s) => (s.name === 'reviews' ? { ...s, clusterIP: 'None' } : s)),
    };
    const request = { ...createBookinfoRequest(), choose: { reviews: 'reviews-v1' } };
    const p = computeRequestPath(scenario, request, {
      args: modernArgs({ '-x': '172.33.3.3/32' }),
    });
    const bypass = p.diagnostics.find((d) => d.code === 'sidecar-bypass');
    expect(bypass).toMatchObject({ flag: 'istio-service-exclude-cidr', pod: 'productpage-v1' });
    const reviews = hop(p, 'productpage-v1 → reviews');
    expect(netfilter(reviews.steps)[0]?.final).toBe('ACCEPT');
    expect(
      reviews.steps.filter((s) => s.kind === 'envoy-listener' && s.pod === 'productpage-v1'),
    ).toEqual([]);
    expect(reviews.callee).toBe('reviews-v1');
  });

  it('-x <reviews ClusterIP>/32: the app bypasses its sidecar; kube-proxy on the node picks the endpoint', () => {
    const p = path({ args: modernArgs({ '-x': '10.254.109.7/32' }) });
    const bypass = p.diagnostics.find((d) => d.code === 'sidecar-bypass');
    expect(bypass).toMatchObject({
      severity: 'warning',
      flag: 'istio-service-exclude-cidr',
      rule: 'nat/ISTIO_OUTPUT#9',
    });
    const reviews = hop(p, 'productpage-v1 → reviews');
    expect(reviews.steps.map((s) => s.kind).slice(0, 4)).toEqual([
      'connect',
      'netfilter',
      'wire',
      'wire',
    ]);
    expect(reviews.ok).toBe(true);
    const wire = reviews.response.find((s) => s.kind === 'wire');
    expect(wire).toMatchObject({ src: '10.254.109.7', sport: 9080 });
  });

  it('-o 9080: the app’s outbound port is excluded → sidecar-bypass on -o', () => {
    const p = path({ args: modernArgs({ '-o': '9080' }) });
    expect(p.diagnostics.find((d) => d.code === 'sidecar-bypass')).toMatchObject({
      flag: 'istio-local-outbound-ports-exclude',
      pod: 'productpage-v1',
    });
  });

  it('an app running as uid 1337 is exempt like the proxy → sidecar-bypass on -u', () => {
    const base = createBookinfoScenario();
    const scenario = {
      ...base,
      pods: base.pods.map((p) => (p.name === 'productpage-v1' ? { ...p, appUid: 1337 } : p)),
    };
    const p = path({ scenario });
    expect(p.diagnostics.find((d) => d.code === 'sidecar-bypass')).toMatchObject({
      flag: 'proxy-uid',
      pod: 'productpage-v1',
    });
  });

  it("-b '*' without -d: the health ports are captured (one warning per pod, naming the ports)", () => {
    const p = computeRequestPath(createBookinfoScenario(), createBookinfoRequest(), {
      args: "-p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -b '*'",
    });
    const captured = p.diagnostics.filter((d) => d.code === 'health-port-captured');
    expect(captured.map((d) => d.pod)).toEqual([
      'productpage-v1',
      'details-v1',
      'reviews-v2',
      'ratings-v1',
    ]);
    expect(captured[0]).toMatchObject({
      flag: 'istio-local-exclude-ports',
      rule: 'nat/ISTIO_INBOUND#2',
    });
    expect(captured[0]?.message).toMatch(/15021.*15020.*15090/);
    expect(p.probes.filter((x) => x.captured).length).toBe(12);
    expect(path().probes.some((x) => x.captured)).toBe(false);
  });

  it('-z 15007: inbound REDIRECT to a port nobody listens on → no-listener, reset', () => {
    const p = path({ args: modernArgs({ '-z': '15007' }) });
    expect(p.status).toBe(503);
    expect(p.diagnostics.find((d) => d.code === 'no-listener')).toMatchObject({
      rule: 'nat/ISTIO_IN_REDIRECT#1',
      flag: 'inbound-capture-port',
    });
  });

  it('-p 15002: the app’s connection is redirected where Envoy does not listen → no-listener', () => {
    const p = path({ args: modernArgs({ '-p': '15002' }) });
    const details = hop(p, 'productpage-v1 → details');
    expect(details.ok).toBe(false);
    expect(details.status).toBe(0);
    expect(p.diagnostics.find((d) => d.code === 'no-listener')).toMatchObject({
      rule: 'nat/ISTIO_REDIRECT#1',
      flag: 'envoy-port',
    });
  });

  it('an app bound to 127.0.0.1 works in 1.0 (Envoy → 127.0.0.1) and fails from 1.10 on (Envoy → pod IP)', () => {
    const base = createBookinfoScenario();
    const scenario: Scenario = {
      ...base,
      pods: base.pods.map((p) => (p.name === 'details-v1' ? { ...p, appBind: 'localhost' } : p)),
    };
    expect(hop(path({ scenario, version: '1.0' }), 'productpage-v1 → details').ok).toBe(true);
    const modern = path({ scenario });
    expect(hop(modern, 'productpage-v1 → details').ok).toBe(false);
    expect(modern.diagnostics.find((d) => d.code === 'no-listener')?.message).toMatch(
      /127\.0\.0\.1:9080 only/,
    );
  });
});

describe('computeRequestPath: annotations and TPROXY', () => {
  const annotate = (
    annotations: Record<string, string>,
    extra: Partial<Scenario['pods'][number]> = {},
  ): Scenario => {
    const base = createBookinfoScenario();
    return { ...base, pods: base.pods.map((p) => ({ ...p, annotations, ...extra })) };
  };

  it('traffic.sidecar.istio.io/excludeInboundPorts: 9080 is written into -d like the injector does', () => {
    const p = path({
      scenario: annotate({ 'traffic.sidecar.istio.io/excludeInboundPorts': '9080' }),
    });
    expect(p.pods[1]?.commandLine).toContain('--istio-local-exclude-ports 15090,15021,9080,15020');
    expect(p.diagnostics.find((d) => d.code === 'sidecar-bypass')).toMatchObject({
      flag: 'istio-local-exclude-ports',
    });
  });

  it('sidecar.istio.io/interceptionMode: TPROXY: mangle TPROXY to a transparent Envoy, proxy as uid 0 gid 1337', () => {
    const p = path({ scenario: annotate({ 'sidecar.istio.io/interceptionMode': 'TPROXY' }) });
    expect(p.hops.map((h) => h.label)).toEqual(DEFAULT_HOPS);
    expect(errors(p)).toEqual([]);
    const inbound = netfilter(hop(p, 'productpage-v1 → reviews').steps)[2];
    expect(inbound?.final).toBe('TPROXY:15006');
    expect(inbound?.delivered).toMatchObject({ kind: 'local', socket: 'tproxy' });
    expect(p.pods[1]).toMatchObject({ proxyMode: 'TPROXY', proxyUid: 0, proxyGid: 1337 });
  });

  it('-m TPROXY in the init args only: no transparent socket, the kernel drops the SYN → no-listener', () => {
    const p = path({ args: modernArgs({ '-m': 'TPROXY' }) });
    expect(p.status).toBe(503);
    expect(p.diagnostics.find((d) => d.code === 'no-listener')).toMatchObject({
      flag: 'istio-inbound-interception-mode',
      rule: 'mangle/ISTIO_TPROXY#1',
    });
  });

  it('TPROXY without its policy routing: tproxy-routing, pointing at the TPROXY rule and -m', () => {
    const p = path({
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
    const p = path({ scenario: createBookinfoScenario({ routing: 'all-v1' }) });
    expect(p.hops.map((h) => h.label)).toEqual(
      DEFAULT_HOPS.slice(0, 2).concat('productpage-v1 → reviews (reviews-v1)'),
    );
    const route = hop(p, 'productpage-v1 → reviews').steps.find((s) => s.kind === 'envoy-route');
    expect(route).toMatchObject({
      chosen: 'outbound|9080|v1|reviews.default.svc.cluster.local',
      route: { source: 'VirtualService/reviews' },
    });
    expect(errors(p)).toEqual([]);
  });

  it('routing to subset v1 without a DestinationRule: cluster not found, 503 NC, missing-subset', () => {
    const p = path({
      scenario: createBookinfoScenario({ routing: 'all-v1', destinationRules: false }),
    });
    const reviews = hop(p, 'productpage-v1 → reviews');
    expect(reviews).toMatchObject({ ok: false, status: 503, responseFlag: 'NC' });
    const missing = p.diagnostics.filter((d) => d.code === 'missing-subset');
    expect(missing.map((d) => d.hop)).toEqual(['h2', 'h3']);
  });

  it('end-user: jason goes to reviews v2, everyone else to v1 (reviews-test-v2)', () => {
    const scenario = createBookinfoScenario({ routing: 'reviews-test-v2' });
    expect(hop(path({ scenario }), 'productpage-v1 → reviews').callee).toBe('reviews-v1');
    const jason = path({ scenario, headers: { 'end-user': 'jason' } });
    expect(hop(jason, 'productpage-v1 → reviews').callee).toBe('reviews-v2');
    expect(jason.hops.map((h) => h.label)).toEqual(DEFAULT_HOPS);
  });

  it('a 50/50 split is reported in full and the path follows the first, or the chosen subset', () => {
    const scenario = createBookinfoScenario({ routing: 'reviews-50-v3' });
    const route = hop(path({ scenario }), 'productpage-v1 → reviews').steps.find(
      (s) => s.kind === 'envoy-route',
    );
    expect(route?.kind === 'envoy-route' && route.split.map((c) => c.weight)).toEqual([50, 50]);
    const v3 = computeRequestPath(scenario, {
      ...createBookinfoRequest(),
      choose: { reviews: 'v3' },
    });
    expect(hop(v3, 'productpage-v1 → reviews').callee).toBe('reviews-v3');
  });

  it('a VirtualService whose only route matches jason: everyone else gets 404 NR (route-not-found)', () => {
    const base = createBookinfoScenario({ routing: 'reviews-test-v2' });
    const scenario: Scenario = {
      ...base,
      virtualServices: base.virtualServices.map((vs) =>
        vs.name === 'reviews' ? { ...vs, http: vs.http.slice(0, 1) } : vs,
      ),
    };
    const reviews = hop(path({ scenario }), 'productpage-v1 → reviews');
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

describe('computeRequestPath: single calls and bad requests', () => {
  it('a single call from a pod, without nested calls', () => {
    const p = computeRequestPath(createBookinfoScenario(), {
      from: { kind: 'pod', pod: 'productpage-v1' },
      to: 'reviews',
      method: 'GET',
      path: '/reviews/0',
      headers: {},
      choose: { reviews: 'reviews-v3' },
      nested: false,
    });
    expect(p.hops.map((h) => h.label)).toEqual(['productpage-v1 → reviews (reviews-v3)']);
  });

  it('unknown pod or Service: a diagnostic, no hops, no throw', () => {
    const p = computeRequestPath(createBookinfoScenario(), {
      from: { kind: 'pod', pod: 'nope' },
      to: 'reviews',
      method: 'GET',
      path: '/',
      headers: {},
    });
    expect(p.hops).toEqual([]);
    expect(codes(p)).toContain('unknown-reference');
  });
});
