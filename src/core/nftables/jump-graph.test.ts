import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../generator/flags.ts';
import { generateNftables } from '../generator/nft/generate-nft.ts';
import { buildNftJumpGraph } from './jump-graph.ts';
import { parseNft } from './parse-text.ts';
import { applyNftCommands, loadNft } from './state.ts';

const istio = applyNftCommands(
  generateNftables({ ...DEFAULT_CONFIG, istioInboundPorts: '*', istioServiceCidr: '*' }).commands,
).value;

describe('buildNftJumpGraph', () => {
  it('lists base chains first, by hook, with hook and priority', () => {
    const g = buildNftJumpGraph(istio, 4);
    expect(g.nodes.slice(0, 2).map((n) => [n.id, n.hook])).toEqual([
      ['inet/istio-proxy-nat/prerouting', { hook: 'prerouting', priority: -100, type: 'nat' }],
      ['inet/istio-proxy-nat/output', { hook: 'output', priority: -100, type: 'nat' }],
    ]);
    expect(g.nodes.filter((n) => n.builtin)).toHaveLength(2);
    expect(g.nodes.find((n) => n.chain === 'istio-output')?.hook).toBeUndefined();
  });

  it('draws one edge per jump, named by the rule ref the trace uses', () => {
    const g = buildNftJumpGraph(istio, 4);
    const out = g.edges.find((e) => e.id === 'inet/istio-proxy-nat/output#1');
    expect(out).toMatchObject({
      source: 'inet/istio-proxy-nat/output',
      target: 'inet/istio-proxy-nat/istio-output',
      kind: 'jump',
      label: '',
    });
    expect(g.edges.some((e) => e.target === 'inet/istio-proxy-nat/istio-redirect')).toBe(true);
    expect(g.ruleCount).toBe(g.nodes.reduce((n, c) => n + c.rules.length, 0));
  });

  it('keeps ip tables out of the IPv6 graph, follows gotos and verdict maps', () => {
    const text = [
      'table ip a {',
      '\tchain out {',
      '\t\ttype filter hook output priority 10; policy accept;',
      '\t\ttcp dport vmap { 80 : jump web, 443 : goto tls }',
      '\t}',
      '\tchain web {',
      '\t}',
      '\tchain tls {',
      '\t}',
      '}',
      'table inet b {',
      '\tchain pre {',
      '\t\ttype filter hook prerouting priority -300; policy drop;',
      '\t}',
      '}',
      '',
    ].join('\n');
    const state = loadNft(parseNft(text));
    expect(state.diagnostics).toEqual([]);
    const v4 = buildNftJumpGraph(state.value, 4);
    expect(v4.nodes.map((n) => n.id)).toEqual(['inet/b/pre', 'ip/a/out', 'ip/a/web', 'ip/a/tls']);
    expect(v4.edges.map((e) => [e.id, e.kind, e.target])).toEqual([
      ['ip/a/out#1', 'jump', 'ip/a/web'],
      ['ip/a/out#1>tls', 'goto', 'ip/a/tls'],
    ]);
    expect(buildNftJumpGraph(state.value, 6).nodes.map((n) => n.id)).toEqual(['inet/b/pre']);
  });
});
