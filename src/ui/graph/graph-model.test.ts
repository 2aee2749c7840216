import { describe, expect, it } from 'vitest';
import { buildJumpGraph, chainKey, parseIptables, ruleRef } from '@core';
import type { PathHighlight } from '../workbench/path-highlight.ts';
import { EMPTY_HIGHLIGHT } from '../workbench/path-highlight.ts';
import { renderGraphSvg } from './export-svg.ts';
import { buildGraphView, MAX_FULL_CHAINS, MAX_ROWS, needsHighlight } from './graph-model.ts';
import { createLayout } from './layout-elk.ts';
import { toFlow } from './to-flow.ts';

/** `services` user chains hanging off nat OUTPUT through one dispatch chain. */
function bigDump(services: number): string {
  const lines = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':SVCS - [0:0]',
  ];
  const rules = ['-A OUTPUT -j SVCS'];
  for (let i = 0; i < services; i++) {
    lines.push(`:SVC-${i} - [0:0]`);
    rules.push(
      `-A SVCS -d 10.96.0.${i}/32 -j SVC-${i}`,
      `-A SVC-${i} -p tcp -j DNAT --to-destination 10.244.0.${i}:80`,
    );
  }
  return [...lines, ...rules, 'COMMIT', ''].join('\n');
}

describe('buildGraphView', () => {
  const graph = buildJumpGraph(parseIptables(bigDump(MAX_FULL_CHAINS + 20), { family: 4 }).value);

  it("collapses a big ruleset to the built-in chains with rules and the packet's chains", () => {
    expect(needsHighlight(graph)).toBe(true);
    const idle = buildGraphView(graph, EMPTY_HIGHLIGHT);
    expect(idle.collapsed).toBe(true);
    expect(idle.chains.map((c) => c.node.id)).toEqual(['nat/OUTPUT']);
    const path: PathHighlight = {
      chains: new Set([
        chainKey('nat', 'OUTPUT'),
        chainKey('nat', 'SVCS'),
        chainKey('nat', 'SVC-50'),
      ]),
      evaluated: new Set(),
      matched: new Set([
        ruleRef('nat', 'OUTPUT', 1),
        ruleRef('nat', 'SVCS', 51),
        ruleRef('nat', 'SVC-50', 1),
      ]),
      edges: new Set([ruleRef('nat', 'OUTPUT', 1), ruleRef('nat', 'SVCS', 51)]),
    };
    const view = buildGraphView(graph, path);
    expect(view.chains.map((c) => c.node.id)).toEqual(['nat/OUTPUT', 'nat/SVCS', 'nat/SVC-50']);
    expect(view.edges.map((e) => e.id)).toEqual(['nat/OUTPUT#1', 'nat/SVCS#51']);
    // The dispatch chain lists its head and the matched rule, and says how many it left out.
    const svcs = view.chains.find((c) => c.node.id === 'nat/SVCS');
    expect(svcs?.rules.length).toBe(MAX_ROWS);
    expect(svcs?.rules.map((r) => r.rule.position)).toContain(51);
    expect(svcs?.hidden).toBe(
      (graph.nodes.find((n) => n.id === 'nat/SVCS')?.rules.length ?? 0) - MAX_ROWS,
    );
  });

  it('keeps a small ruleset whole, whatever the packet', () => {
    const small = buildJumpGraph(parseIptables(bigDump(3), { family: 4 }).value);
    expect(needsHighlight(small)).toBe(false);
    const view = buildGraphView(small, EMPTY_HIGHLIGHT);
    expect(view.collapsed).toBe(false);
    expect(view.chains).toHaveLength(small.nodes.length);
    expect(view.edges).toHaveLength(small.edges.length);
  });
});

describe('toFlow and renderGraphSvg', () => {
  it('turn a laid-out view into React Flow elements and a standalone SVG', async () => {
    const small = buildJumpGraph(parseIptables(bigDump(3), { family: 4 }).value);
    const view = buildGraphView(small, EMPTY_HIGHLIGHT);
    const positions = await createLayout()(view);
    const { nodes, edges } = toFlow(view, positions);
    expect(nodes.map((n) => [n.id, n.type, n.width])).toEqual(
      view.chains.map((c) => [c.node.id, 'chain', c.width]),
    );
    expect(edges.find((e) => e.id === 'nat/SVCS#2')).toMatchObject({
      source: 'nat/SVCS',
      target: 'nat/SVC-1',
      type: 'jump',
    });
    expect(edges.every((e) => (e.data?.points.length ?? 0) >= 2)).toBe(true);
    const svg = renderGraphSvg(view, positions, EMPTY_HIGHLIGHT);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('data-id="nat/SVC-2"');
    expect(svg).toContain('-d 10.96.0.2/32 -j SVC-2');
    expect(svg.match(/<path d="M[^"]* L/g)).toHaveLength(edges.length);
  });
});
