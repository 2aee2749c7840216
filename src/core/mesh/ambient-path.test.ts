import { describe, expect, it } from 'vitest';
import { MESSAGES_EN } from '../shared/messages-en.ts';
import type { Message } from '../shared/messages.ts';
import { messageText, renderMessage } from '../shared/render-message.ts';
import { createBookinfoRequest, createBookinfoScenario } from './bookinfo.ts';
import type { PathStep, RequestPath } from './path-types.ts';
import { computeRequestPath } from './request-path.ts';
import type { RequestSpec, Scenario } from './scenario.ts';
import { parseScenarioYaml } from './scenario-yaml.ts';

const FROM_PRODUCTPAGE: RequestSpec = {
  from: { kind: 'pod', pod: 'productpage-v1' },
  to: 'reviews',
  method: 'GET',
  path: '/reviews/0',
  headers: {},
  choose: { reviews: 'reviews-v2' },
};

function ambient(scenario: Scenario, request: RequestSpec, waypoints: string[] = []): RequestPath {
  return computeRequestPath(scenario, request, { dataplane: 'ambient', waypoints });
}

function withPodLabel(s: Scenario, pod: string, labels: Record<string, string>): Scenario {
  return {
    ...s,
    pods: s.pods.map((p) => (p.name === pod ? { ...p, labels: { ...p.labels, ...labels } } : p)),
  };
}

const kinds = (steps: readonly PathStep[]): string[] =>
  steps.map((s) =>
    s.kind === 'ztunnel' || s.kind === 'waypoint' ? `${s.kind}:${s.action}` : s.kind,
  );

describe('computeRequestPath in ambient mode', () => {
  it('a sidecar path has no dataplane or waypoints keys', () => {
    const p = computeRequestPath(createBookinfoScenario(), createBookinfoRequest());
    expect(Object.keys(p)).toEqual([
      'v',
      'version',
      'request',
      'status',
      'hops',
      'probes',
      'pods',
      'diagnostics',
    ]);
  });

  it('each call: DNS to 15053, app connect, REDIRECT 15001, ztunnel, HBONE out, 15008 in, ztunnel to the app', () => {
    const p = ambient(createBookinfoScenario(), { ...FROM_PRODUCTPAGE, nested: false });
    expect(p.status).toBe(200);
    expect(kinds(p.hops[0]?.steps ?? [])).toEqual([
      'netfilter',
      'ztunnel:dns',
      'connect',
      'netfilter',
      'ztunnel:outbound',
      'ztunnel:pick',
      'connect',
      'netfilter',
      'ztunnel:hbone',
      'wire',
      'netfilter',
      'ztunnel:inbound',
      'ztunnel:deliver',
      'connect',
      'netfilter',
      'app',
    ]);
    expect(p.pods.map((x) => `${x.name} ${x.ambient ?? '-'}`)).toEqual([
      'productpage-v1 pod',
      'reviews-v2 pod',
      'node-172.33.78.0 node',
    ]);
    expect(p.pods[0]?.setup).toEqual([
      'ip route add local 0.0.0.0/0 dev lo table 100',
      'ip rule add fwmark 0x111/0xfff pref 32764 lookup 100',
    ]);
  });

  it('every ztunnel and waypoint step carries its message, whose English is the label', () => {
    const p = ambient(createBookinfoScenario({ routing: 'all-v1' }), createBookinfoRequest(), [
      'reviews',
    ]);
    const steps = p.hops.flatMap((h) => [...h.steps, ...h.response]);
    const acting = steps.filter((s) => s.kind === 'ztunnel' || s.kind === 'waypoint');
    expect(acting.length).toBeGreaterThan(20);
    for (const s of steps.filter((x) => x.kind !== 'netfilter')) {
      expect(s.message, s.id).toBeDefined();
      if (s.message)
        expect(messageText(renderMessage(s.message, MESSAGES_EN, MESSAGES_EN))).toBe(s.label);
    }
  });

  it('a Service labelled istio.io/use-waypoint gets that waypoint (scenario YAML)', () => {
    const parsed = parseScenarioYaml(
      [
        'services:',
        '  - {name: productpage, clusterIP: 10.254.157.81}',
        '  - {name: details, clusterIP: 10.254.40.23}',
        '  - name: reviews',
        '    clusterIP: 10.254.109.7',
        '    labels: {istio.io/use-waypoint: reviews-wp}',
        '  - {name: ratings, clusterIP: 10.254.234.130}',
      ].join('\n'),
    );
    expect(parsed.diagnostics).toEqual([]);
    const p = ambient(parsed.value, FROM_PRODUCTPAGE);
    expect(p.waypoints).toEqual(['reviews']);
    const wp = p.hops[0]?.steps.find((s) => s.kind === 'waypoint');
    expect(wp).toMatchObject({ waypoint: 'reviews-wp', pod: 'reviews-wp', action: 'accept' });
    expect(p.pods.find((x) => x.name === 'reviews-wp')?.ambient).toBe('waypoint');
  });

  it('a destination outside ambient gets plain TCP from ztunnel and is not probed', () => {
    const s = withPodLabel(createBookinfoScenario(), 'ratings-v1', {
      'istio.io/dataplane-mode': 'none',
    });
    const p = ambient(s, FROM_PRODUCTPAGE);
    const ratings = p.hops.find((h) => h.service === 'ratings');
    expect(ratings?.status).toBe(200);
    expect(kinds(ratings?.steps ?? []).filter((k) => k.startsWith('ztunnel'))).toEqual([
      'ztunnel:dns',
      'ztunnel:outbound',
      'ztunnel:pick',
      'ztunnel:plaintext',
    ]);
    const wire = ratings?.steps.find((s) => s.kind === 'wire');
    expect(wire).toMatchObject({ dst: '172.33.100.2', dport: 9080 });
    expect(ratings?.steps.at(-1)).toMatchObject({ kind: 'app', peer: '172.33.78.5' });
    expect(p.probes.map((x) => x.pod)).not.toContain('ratings-v1');
  });

  it('a caller outside ambient reaches an enrolled pod through its 15006 plaintext socket', () => {
    const s = withPodLabel(createBookinfoScenario(), 'productpage-v1', {
      'istio.io/dataplane-mode': 'none',
    });
    const p = ambient(s, { ...FROM_PRODUCTPAGE, nested: false });
    const steps = p.hops[0]?.steps ?? [];
    expect(p.status).toBe(200);
    const redirect = steps.find((s) => s.kind === 'netfilter' && s.hook === 'PREROUTING');
    expect(redirect).toMatchObject({ final: 'REDIRECT:15006', decisive: 'nat/ISTIO_PRERT#2' });
    expect(kinds(steps).filter((k) => k.startsWith('ztunnel'))).toEqual([
      'ztunnel:inbound-plaintext',
      'ztunnel:deliver',
    ]);
    expect(steps.at(-1)).toMatchObject({ kind: 'app', peer: '172.33.78.10' });
  });

  it('the ignored-route diagnostic names the VirtualService once per Service', () => {
    // virtual-service-reviews-v3 comes with the all-v1 VirtualServices of the other Services;
    // productpage is reached from the gateway (its own routes), so only ztunnel's picks report.
    const p = ambient(createBookinfoScenario({ routing: 'reviews-v3' }), createBookinfoRequest());
    const ignored = p.diagnostics.filter((d) => d.code === 'ignored-route');
    const serviceOf = (m: Message | undefined): string | undefined =>
      m?.id === 'ambient.ignored-route' ? m.params.service : undefined;
    expect(ignored.map((d) => serviceOf(d.messageRef))).toEqual(['details', 'reviews', 'ratings']);
    expect(ignored[1]?.messageRef?.params).toEqual({
      kind: 'VirtualService',
      name: 'reviews',
      service: 'reviews',
      count: 3,
      endpoints: 'reviews-v1, reviews-v2, reviews-v3',
    });
    expect(p.hops.find((h) => h.service === 'reviews')?.callee).toBe('reviews-v2');
  });

  it('a waypoint with a subset no DestinationRule defines answers 503 NC', () => {
    const base = createBookinfoScenario({ routing: 'reviews-v3' });
    const p = ambient({ ...base, destinationRules: [] }, FROM_PRODUCTPAGE, ['reviews']);
    expect(p.status).toBe(503);
    expect(p.hops[0]?.responseFlag).toBe('NC');
    const nc = p.diagnostics.find((d) => d.code === 'missing-subset');
    expect(nc?.messageRef?.id).toBe('ambient.missing-cluster');
    const failure = p.hops[0]?.steps.at(-1);
    expect(failure).toMatchObject({ kind: 'failure', status: 503, message: nc?.messageRef });
  });
});
