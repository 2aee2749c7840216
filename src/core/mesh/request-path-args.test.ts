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
  codesOf,
} from '../../../test/support/bookinfo-path.ts';

describe('computeRequestPath: changing the args changes the path and raises the right diagnostic', () => {
  it('-b 15090 (9080 not captured): the app gets the caller’s mTLS directly → sidecar-bypass, 503', () => {
    const p = bookinfoPath({ args: modernArgs({ '-b': '15090' }) });
    expect(p.status).toBe(503);
    const root = p.hops[0];
    expect(root?.steps.some((s) => s.kind === 'envoy-listener' && s.pod === 'productpage-v1')).toBe(
      false,
    );
    expect(netfilterSteps(root?.steps ?? []).find((s) => s.pod === 'productpage-v1')?.final).toBe(
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
    const p = bookinfoPath({ args: modernArgs({ '-b': '8080,15090' }) });
    expect(p.status).toBe(503);
    expect(codesOf(p)).toContain('sidecar-bypass');
  });

  it('-u 1000: Envoy (uid 1337) is not exempt → its upstream connection is redirected to itself: redirect-loop', () => {
    const p = bookinfoPath({ args: modernArgs({ '-u': '1000' }) });
    const loop = p.diagnostics.find((d) => d.code === 'redirect-loop');
    expect(loop).toMatchObject({
      severity: 'error',
      flag: 'proxy-uid',
      pod: 'productpage-v1',
      rule: 'nat/ISTIO_OUTPUT#4',
    });
    expect(loop?.message).toContain('-u is 1000');
    const reviews = hopOf(p, 'productpage-v1 → reviews');
    expect(reviews.ok).toBe(false);
    expect(reviews.status).toBe(503);
    const envoyOut = netfilterSteps(reviews.steps)[1];
    expect(envoyOut?.final).toBe('REDIRECT:15001');
    expect(reviews.steps.at(-2)).toMatchObject({
      kind: 'envoy-listener',
      listener: { name: 'virtualOutbound' },
    });
    expect(p.hops.some((h) => h.label.startsWith('reviews-v2 → ratings'))).toBe(false);
  });

  it('-u 1000 -g 1337: the gid rule still exempts Envoy, no loop', () => {
    const p = bookinfoPath({ args: modernArgs({ '-u': '1000', '-g': '1337' }) });
    expect(codesOf(p)).not.toContain('redirect-loop');
    expect(p.hops.map((h) => h.label)).toEqual(DEFAULT_HOPS);
  });

  it('-x <reviews pod IP>/32 changes nothing: apps dial the ClusterIP and Envoy’s own traffic returns before -x', () => {
    const p = bookinfoPath({ args: modernArgs({ '-x': '172.33.3.3/32' }), headers: {} });
    const withV1 = computeRequestPath(
      createBookinfoScenario(),
      { ...createBookinfoRequest(), choose: { reviews: 'reviews-v1' } },
      { args: modernArgs({ '-x': '172.33.3.3/32' }) },
    );
    expect(p.hops.map((h) => h.label)).toEqual(DEFAULT_HOPS);
    expect(codesOf(withV1)).not.toContain('sidecar-bypass');
    expect(netfilterSteps(hopOf(withV1, 'productpage-v1 → reviews').steps)[1]?.decisive).toBe(
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
    const reviews = hopOf(p, 'productpage-v1 → reviews');
    expect(netfilterSteps(reviews.steps)[0]?.final).toBe('ACCEPT');
    expect(
      reviews.steps.filter((s) => s.kind === 'envoy-listener' && s.pod === 'productpage-v1'),
    ).toEqual([]);
    expect(reviews.callee).toBe('reviews-v1');
  });

  it('-x <reviews ClusterIP>/32: the app bypasses its sidecar; kube-proxy on the node picks the endpoint', () => {
    const p = bookinfoPath({ args: modernArgs({ '-x': '10.254.109.7/32' }) });
    const bypass = p.diagnostics.find((d) => d.code === 'sidecar-bypass');
    expect(bypass).toMatchObject({
      severity: 'warning',
      flag: 'istio-service-exclude-cidr',
      rule: 'nat/ISTIO_OUTPUT#9',
    });
    const reviews = hopOf(p, 'productpage-v1 → reviews');
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
    const p = bookinfoPath({ args: modernArgs({ '-o': '9080' }) });
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
    const p = bookinfoPath({ scenario });
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
    expect(bookinfoPath().probes.some((x) => x.captured)).toBe(false);
  });

  it('-z 15007: inbound REDIRECT to a port nobody listens on → no-listener, reset', () => {
    const p = bookinfoPath({ args: modernArgs({ '-z': '15007' }) });
    expect(p.status).toBe(503);
    expect(p.diagnostics.find((d) => d.code === 'no-listener')).toMatchObject({
      rule: 'nat/ISTIO_IN_REDIRECT#1',
      flag: 'inbound-capture-port',
    });
  });

  it('-p 15002: the app’s connection is redirected where Envoy does not listen → no-listener', () => {
    const p = bookinfoPath({ args: modernArgs({ '-p': '15002' }) });
    const details = hopOf(p, 'productpage-v1 → details');
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
    expect(hopOf(bookinfoPath({ scenario, version: '1.0' }), 'productpage-v1 → details').ok).toBe(
      true,
    );
    const modern = bookinfoPath({ scenario });
    expect(hopOf(modern, 'productpage-v1 → details').ok).toBe(false);
    expect(modern.diagnostics.find((d) => d.code === 'no-listener')?.message).toMatch(
      /127\.0\.0\.1:9080 only/,
    );
  });
});
