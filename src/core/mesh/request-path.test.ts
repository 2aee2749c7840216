import { describe, expect, it } from 'vitest';
import { ISTIO_VERSIONS, PROFILES } from '../generator/index.ts';
import { createBookinfoScenario } from './bookinfo.ts';
import { computeRequestPath } from './request-path.ts';
import {
  DEFAULT_HOPS,
  bookinfoPath,
  netfilterSteps,
  hopOf,
  errorsOf,
  codesOf,
} from '../../../test/support/bookinfo-path.ts';

describe('computeRequestPath: GET /productpage with each profile’s default args', () => {
  for (const version of ISTIO_VERSIONS) {
    it(`${version}: ingress → productpage → details + reviews-v2 → ratings, 200, no errors`, () => {
      const p = bookinfoPath({ version });
      expect(p.hops.map((h) => h.label)).toEqual(DEFAULT_HOPS);
      expect(p.hops.every((h) => h.ok && h.status === 200)).toBe(true);
      expect(p.status).toBe(200);
      expect(errorsOf(p)).toEqual([]);
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
      const p = bookinfoPath({ version });
      const h = hopOf(p, 'productpage-v1 → reviews');
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
      const [appOut, envoyOut, peerIn, envoyToApp] = netfilterSteps(h.steps);
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
      const h = hopOf(bookinfoPath({ version }), 'productpage-v1 → reviews');
      const replies = netfilterSteps(h.response);
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
        port: netfilterSteps(h.steps)[0]?.packet.sport,
      });
    });
  }

  it('1.0 redirects inbound to 15001 too and says so (legacy-single-port), with the seed-003 listener names', () => {
    const p = bookinfoPath({ version: '1.0' });
    const legacy = p.diagnostics.filter((d) => d.code === 'legacy-single-port');
    expect(legacy.length).toBe(4);
    expect(legacy[0]).toMatchObject({
      severity: 'info',
      rule: 'nat/ISTIO_IN_REDIRECT#1',
      pod: 'productpage-v1',
    });
    const listeners = hopOf(p, 'productpage-v1 → reviews').steps.flatMap((s) =>
      s.kind === 'envoy-listener' ? [s.listener.name] : [],
    );
    expect(listeners).toEqual(['virtual', '0.0.0.0_9080', 'virtual', '172.33.78.5_9080']);
  });

  it('modern profiles use virtualOutbound, 0.0.0.0_9080 and virtualInbound with inbound|9080|| bound to 127.0.0.6', () => {
    const h = hopOf(bookinfoPath(), 'productpage-v1 → reviews');
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
    const a = bookinfoPath();
    expect(bookinfoPath()).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
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
    expect(codesOf(p)).toContain('unknown-reference');
  });
});
