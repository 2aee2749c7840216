import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIstioArgs } from '../parse-args.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../../test/fixtures/seeds/${name}`, import.meta.url), 'utf8');
const at = (text: string, d: { start: number; end: number } | undefined): string =>
  d ? text.slice(d.start, d.end) : '';
const problems = (text: string): [string, string, string][] =>
  parseIstioArgs(text).diagnostics.map((d) => [d.code, d.severity, at(text, d.range)]);

const INJECTED = {
  envoyPort: '15001',
  inboundCapturePort: '15006',
  proxyUid: '1337',
  istioInboundInterceptionMode: 'REDIRECT',
  istioServiceCidr: '*',
  istioServiceExcludeCidr: '',
  istioInboundPorts: '*',
  istioLocalExcludePorts: '15090,15021,15020',
};

describe('seed YAML', () => {
  it('seed 000: kube-inject output of a Service + Deployment (Istio 1.0 args)', () => {
    const text = fixture('seed-000-kube-inject.yaml');
    const { value, diagnostics } = parseIstioArgs(text);
    expect(diagnostics).toEqual([]);
    expect(value.source).toBe('yaml');
    expect(value.config).toMatchObject({
      envoyPort: '15001',
      proxyUid: '1337',
      istioInboundInterceptionMode: 'REDIRECT',
      istioServiceCidr: '*',
      istioServiceExcludeCidr: '',
      istioInboundPorts: '9080,',
      istioLocalExcludePorts: '',
    });
    expect(at(text, value.argsRange)).toMatch(/^- -p\n\s+- "15001"[\s\S]*- ""$/);
    const b = value.flags.find((f) => f.written === '-b');
    expect(at(text, b?.valueRange)).toBe('9080,');
  });

  it('seed 001: an indented initContainers fragment', () => {
    const r = parseIstioArgs(fixture('seed-001-init-fragment.yaml'));
    expect(r.diagnostics).toEqual([]);
    expect(r.value.config).toMatchObject(INJECTED);
  });

  it('seed 002: the mock pod, and the two-document paste with hand-elided lines', () => {
    const mock = parseIstioArgs(fixture('seed-002-mock-pod.yaml'));
    expect(mock.diagnostics.map((d) => d.code)).toEqual(['ignored-flag']);
    expect(mock.value.config).toMatchObject(INJECTED);
    const text = fixture('seed-002-pod.yaml');
    const pasted = parseIstioArgs(text);
    expect(pasted.value.config).toMatchObject(INJECTED);
    const syntax = pasted.diagnostics.filter((d) => d.code === 'yaml-syntax');
    expect(syntax.map((d) => [d.severity, at(text, d.range), d.range.line])).toEqual([
      ['error', '...', 25],
    ]);
  });

  it('seed 004: comments after the items and no -x', () => {
    const r = parseIstioArgs(fixture('seed-004-pod.yaml'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['ignored-flag']);
    expect(r.value.config).toMatchObject({ ...INJECTED, istioServiceExcludeCidr: '' });
    expect(r.value.flags.map((f) => f.written)).toEqual([
      '-p',
      '-z',
      '-u',
      '-m',
      '-i',
      '-b',
      '-d',
      '--log_output_level',
    ]);
  });
});

describe('args lists', () => {
  it('reads block and flow sequences, with or without the args key', () => {
    for (const text of [
      '- -p\n- "15002"\n- -b\n- "80"',
      '["-p", "15002", "-b", "80"]',
      'args: ["-p", "15002", "-b", "80"]',
      'args:\n  - istio-iptables\n  - -p\n  - "15002"\n  - -b\n  - "80"\n',
    ]) {
      const r = parseIstioArgs(text);
      expect(r.diagnostics, text).toEqual([]);
      expect(r.value.source).toBe('args-list');
      expect(r.value.config).toMatchObject({ envoyPort: '15002', istioInboundPorts: '80' });
    }
  });

  it('reads command + args', () => {
    const r = parseIstioArgs('command: ["pilot-agent"]\nargs: ["istio-iptables", "-z", "1"]');
    expect(r.diagnostics).toEqual([]);
    expect(r.value.config.inboundCapturePort).toBe('1');
  });

  it('points inside quoted YAML scalars', () => {
    const text = `args: ["-b", "80,a\\tb,\\u0061bc", '-i', 'x''y/8']`;
    const r = parseIstioArgs(text);
    expect(r.diagnostics.map((d) => [d.code, at(text, d.range)])).toEqual([
      ['bad-port', 'a\\tb'],
      ['bad-port', '\\u0061bc'],
      ['bad-cidr', "x''y/8"],
    ]);
  });

  it('warns about non-string items Kubernetes would reject, and null items', () => {
    const text = 'args:\n- -p\n- 15001\n- -x\n-\n';
    const r = parseIstioArgs(text);
    expect(r.value.config).toMatchObject({ envoyPort: '15001', istioServiceExcludeCidr: '' });
    expect(r.diagnostics.map((d) => [d.code, d.severity, at(text, d.range)])).toEqual([
      ['yaml-syntax', 'warning', '15001'],
      ['yaml-syntax', 'warning', ''],
    ]);
    expect(r.diagnostics[0]?.message).toContain('quote this number as "15001"');
  });

  it('explains an unquoted * (a YAML alias)', () => {
    const text = 'args:\n- -b\n- *\n';
    const d = parseIstioArgs(text).diagnostics.find((x) => x.code === 'yaml-syntax');
    expect(d?.message).toContain("quote the wildcard as '*'");
    expect(at(text, d?.range)).toBe('*');
  });

  it('rejects args that are not a list of strings', () => {
    expect(problems('args: "-p 15001"')).toEqual([['yaml-syntax', 'error', '"-p 15001"']]);
    expect(problems('args:\n- {a: 1}\n- -p\n- "1"')).toEqual([['yaml-syntax', 'error', '{a: 1}']]);
  });
});

describe('Kubernetes manifests', () => {
  const pod = (init: string): string =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app\n${init}`;

  it('finds istio-init in a workload template, a List and multi-document input', () => {
    const deployment = `apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: istio-init\n        args: [istio-iptables, -p, "7"]\n`;
    const list = `apiVersion: v1\nkind: List\nitems:\n- kind: StatefulSet\n  spec:\n    template:\n      spec:\n        initContainers:\n        - name: other\n          args: [x]\n        - name: istio-init\n          args: ["-p", "7"]\n`;
    const multi = `kind: Service\nspec: {}\n---\n${deployment}`;
    for (const text of [deployment, list, multi]) {
      const r = parseIstioArgs(text);
      expect(r.diagnostics).toEqual([]);
      expect(r.value).toMatchObject({ source: 'yaml', config: { envoyPort: '7' } });
    }
  });

  it('falls back to an init container that runs istio-iptables under another name', () => {
    const r = parseIstioArgs(
      pod(
        '  initContainers:\n  - name: setup\n    args: [a]\n  - name: net-init\n    command: [/usr/local/bin/istio-iptables.sh]\n    args: ["-p", "8"]\n',
      ),
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.value.config.envoyPort).toBe('8');
  });

  it('says which containers exist when there is no istio-init', () => {
    const text = pod('  initContainers:\n  - name: setup\n    args: [a]\n');
    const r = parseIstioArgs(text);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      code: 'no-istio-init',
      severity: 'error',
      message: 'no istio-init container found; init containers: setup; containers: app',
    });
    expect(at(text, r.diagnostics[0]?.range)).toBe('containers');
    expect(problems('apiVersion: v1\nkind: ConfigMap\ndata: {}\n')).toEqual([
      ['no-istio-init', 'error', ''],
    ]);
  });

  it('warns when istio-init has no args', () => {
    const text = pod('  initContainers:\n  - name: istio-init\n    image: proxyv2\n');
    expect(problems(text)).toEqual([['no-args', 'warning', 'istio-init']]);
  });

  it('reports YAML syntax errors at their position', () => {
    const text = 'spec:\n  initContainers:\n  - name: istio-init\n   args: [-p, "1"]\n    bad: [\n';
    const ds = parseIstioArgs(text).diagnostics.filter((d) => d.code === 'yaml-syntax');
    expect(ds.length).toBeGreaterThan(0);
    for (const d of ds) expect(d.range.end).toBeLessThanOrEqual(text.length);
  });
});
