import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBookinfoScenario } from './bookinfo.ts';
import type { BookinfoRouting } from './bookinfo.ts';
import { annotationOverrides, excludeInboundPort, resolvePodArgs } from './injector.ts';
import { parseRoutingYaml } from './routing-yaml.ts';
import { parseScenarioYaml, renderScenarioYaml } from './scenario-yaml.ts';
import { buildPodNetwork } from './sidecar.ts';
import { checkScenario } from './validate.ts';

const ROUTINGS: readonly BookinfoRouting[] = [
  'none',
  'all-v1',
  'reviews-test-v2',
  'reviews-50-v3',
  'reviews-v3',
];

describe('scenario YAML', () => {
  for (const routing of ROUTINGS) {
    it(`round-trips the Bookinfo scenario (${routing})`, () => {
      const scenario = createBookinfoScenario({
        routing,
        args: "-p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -b '*'",
      });
      const parsed = parseScenarioYaml(renderScenarioYaml(scenario));
      expect(parsed.diagnostics).toEqual([]);
      expect(parsed.value).toEqual(scenario);
    });
  }

  it('the default Bookinfo scenario has no problems', () => {
    expect(checkScenario(createBookinfoScenario())).toEqual([]);
  });

  it('fills left-out sections from Bookinfo and per-field defaults', () => {
    const { value, diagnostics } = parseScenarioYaml(
      [
        'v: 1',
        'args: "-p 15001 -u 1000"',
        'pods:',
        '  - name: a',
        '    ip: 10.0.0.2/24',
        '    labels: {app: details}',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(value.args).toBe('-p 15001 -u 1000');
    expect(value.services.map((s) => s.name)).toEqual([
      'productpage',
      'details',
      'reviews',
      'ratings',
    ]);
    expect(value.pods).toEqual([
      {
        name: 'a',
        ip: '10.0.0.2/24',
        labels: { app: 'details' },
        annotations: {},
        sidecar: true,
        appUid: 0,
        appPort: 9080,
        appBind: 'any',
        proxy: {},
        calls: [],
        tproxyRouting: true,
      },
    ]);
  });

  it('locates problems: a bad address, an unknown field, a wrong type, an unknown Service', () => {
    const text = [
      'pods:',
      '  - name: a',
      '    ip: not-an-ip',
      '    colour: red',
      '    appUid: lots',
      '    calls:',
      '      - service: nowhere',
    ].join('\n');
    const { diagnostics } = parseScenarioYaml(text);
    const at = (code: string, message: RegExp) =>
      diagnostics.find((d) => d.code === code && message.test(d.message));
    expect(at('bad-scenario', /ip 'not-an-ip'/)?.range).toMatchObject({ line: 3, column: 9 });
    expect(at('bad-scenario', /unknown field 'colour'/)).toMatchObject({
      severity: 'warning',
      range: { line: 4, column: 5 },
    });
    expect(at('bad-scenario', /appUid: expected/)).toMatchObject({
      severity: 'error',
      range: { line: 5 },
    });
    expect(at('unknown-reference', /nowhere/)).toMatchObject({
      severity: 'error',
      range: { line: 7, column: 18 },
    });
  });

  it('reports a missing DestinationRule subset at the VirtualService destination', () => {
    const text = [
      'destinationRules: []',
      'virtualServices:',
      '  - name: reviews',
      '    hosts: [reviews]',
      '    http:',
      '      - route:',
      '          - destination: {host: reviews, subset: v1}',
    ].join('\n');
    const d = parseScenarioYaml(text).diagnostics.find((x) => x.code === 'unknown-reference');
    expect(d).toMatchObject({ severity: 'warning', range: { line: 7 } });
    expect(d?.message).toMatch(/subset 'v1' of reviews/);
  });

  it('appends Istio VirtualService / DestinationRule documents that follow the scenario', () => {
    const text = [
      'args: "-p 15001"',
      '---',
      'apiVersion: networking.istio.io/v1',
      'kind: DestinationRule',
      'metadata: {name: reviews}',
      'spec:',
      '  host: reviews',
      '  subsets: [{name: v1, labels: {version: v1}}]',
      '---',
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: {name: reviews}',
      'spec:',
      '  hosts: [reviews]',
      '  http: [{route: [{destination: {host: reviews, subset: v1, port: {number: 9080}}}]}]',
    ].join('\n');
    const { value, diagnostics } = parseScenarioYaml(text);
    expect(diagnostics).toEqual([]);
    expect(value.destinationRules.at(-1)).toEqual({
      name: 'reviews',
      host: 'reviews',
      subsets: [{ name: 'v1', labels: { version: 'v1' } }],
    });
    expect(value.virtualServices.at(-1)).toEqual({
      name: 'reviews',
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v1', port: 9080 } }] }],
    });
  });

  it('parseRoutingYaml reads the UI editor’s documents and reports other kinds', () => {
    const { value, diagnostics } = parseRoutingYaml(
      'kind: VirtualService\nmetadata: {name: r}\nspec: {hosts: [reviews], http: [{match: [{headers: {end-user: {exact: jason}}}], route: [{destination: {host: reviews, subset: v2}}]}]}\n---\nkind: Pod\n',
    );
    expect(value.virtualServices[0]?.http[0]?.match).toEqual([
      { headers: { 'end-user': { exact: 'jason' } } },
    ]);
    expect(diagnostics.map((d) => d.range.line)).toEqual([5]);
  });

  it('resolves YAML aliases (anchors shared between pods)', () => {
    const text = [
      'pods:',
      '  - {name: a, ip: 10.0.0.2/24, labels: &l {app: details}, calls: &c [{service: ratings, path: /r}]}',
      '  - {name: b, ip: 10.0.0.3/24, labels: *l, calls: *c}',
    ].join('\n');
    const { value, diagnostics } = parseScenarioYaml(text);
    expect(diagnostics).toEqual([]);
    expect(value.pods[1]?.calls).toEqual([{ service: 'ratings', path: '/r' }]);
    expect(value.pods[1]?.labels).toEqual({ app: 'details' });
  });

  it('YAML syntax errors are diagnostics with positions, and the scenario falls back to Bookinfo', () => {
    const { value, diagnostics } = parseScenarioYaml('pods: [\n  - name: a');
    expect(diagnostics.some((d) => d.code === 'yaml-syntax' && d.severity === 'error')).toBe(true);
    expect(value.v).toBe(1);
  });

  it('never throws, whatever the text, and every diagnostic lies inside the text', () => {
    const inside = (
      text: string,
      ds: readonly { range: { start: number; end: number; line: number } }[],
    ) =>
      ds.every(
        (d) => d.range.line >= 1 && d.range.start <= d.range.end && d.range.end <= text.length,
      );
    const yamlish = fc.stringMatching(/^[a-z:{}[\],\- \n'"*&0-9./]{0,120}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), yamlish), (text) =>
        inside(text, parseScenarioYaml(text).diagnostics),
      ),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), yamlish), (text) =>
        inside(text, parseRoutingYaml(text).diagnostics),
      ),
      { numRuns: 200 },
    );
  });
});

describe('sidecar injector: annotations → istio-init args', () => {
  it('excludeInboundPort appends the status port once, like pkg/kube/inject/template.go', () => {
    expect(excludeInboundPort('15020', '')).toBe('15020');
    expect(excludeInboundPort('15020', '9080, 8080')).toBe('9080,8080,15020');
    expect(excludeInboundPort('15020', '15020,9080')).toBe('15020,9080');
    expect(excludeInboundPort('0', '9080')).toBe('9080');
    expect(excludeInboundPort(' ', '')).toBe('');
  });

  it('maps each annotation to its flag; -d gets 15090,15021 + the excluded ports + the status port', () => {
    const overrides = annotationOverrides(
      {
        'traffic.sidecar.istio.io/includeInboundPorts': '9080',
        'traffic.sidecar.istio.io/excludeInboundPorts': '8080',
        'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.0.0.0/8',
        'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.96.0.1/32',
        'traffic.sidecar.istio.io/excludeOutboundPorts': '3306',
        'sidecar.istio.io/interceptionMode': 'TPROXY',
      },
      'latest',
    );
    expect(Object.fromEntries(overrides.map((o) => [o.flag, o.value]))).toEqual({
      'istio-inbound-interception-mode': 'TPROXY',
      'istio-service-cidr': '10.0.0.0/8',
      'istio-service-exclude-cidr': '10.96.0.1/32',
      'istio-inbound-ports': '9080',
      'istio-local-outbound-ports-exclude': '3306',
      'istio-local-exclude-ports': '15090,15021,8080,15020',
    });
    expect(annotationOverrides({ 'status.sidecar.istio.io/port': '0' }, 'latest')).toEqual([
      {
        annotation: 'status.sidecar.istio.io/port',
        flag: 'istio-local-exclude-ports',
        value: '15090,15021',
      },
    ]);
    expect(
      annotationOverrides({ 'traffic.sidecar.istio.io/excludeInboundPorts': '8080' }, '1.0')[0]
        ?.value,
    ).toBe('8080');
  });

  it('resolves a pod’s args: the annotation value wins over the default args, and the command line shows it', () => {
    const pod = {
      ...createBookinfoScenario().pods[0]!,
      annotations: {
        'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.254.0.0/16',
        'sidecar.istio.io/foo': 'x',
      },
    };
    const args = resolvePodArgs(pod, undefined, 'latest');
    expect(args.config.istioServiceExcludeCidr).toBe('10.254.0.0/16');
    expect(args.commandLine).toBe(
      "istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -b '*' -d 15090,15021,15020 --istio-service-exclude-cidr 10.254.0.0/16",
    );
    expect(args.origin).toBe('profile');
    expect(args.diagnostics.map((d) => d.code)).toEqual(['ignored-flag']);
  });

  it('a bad annotation value is a diagnostic naming the pod', () => {
    const pod = {
      ...createBookinfoScenario().pods[0]!,
      annotations: { 'traffic.sidecar.istio.io/includeInboundPorts': '80,abc' },
    };
    const d = resolvePodArgs(pod, undefined, 'latest').diagnostics.find(
      (x) => x.code === 'bad-port',
    );
    expect(d?.message).toMatch(
      /^pod productpage-v1: .*\(from annotation traffic\.sidecar\.istio\.io\/includeInboundPorts\)$/,
    );
    expect(d?.subject).toBe('istio-inbound-ports');
    // The rule iptables-restore refuses is blamed on the flag the annotation set.
    const refused = buildPodNetwork(pod, undefined, 'latest').diagnostics.filter(
      (x) => x.severity === 'error',
    );
    expect(refused.map((x) => x.subject)).toContain('istio-inbound-ports');
  });
});
