import { describe, expect, it } from 'vitest';
import { computeRequestPath, createBookinfoRequest, createBookinfoScenario } from '@core';
import { layoutDiagram, nodeHeight, placeStep } from './diagram-layout.ts';

describe('layoutDiagram', () => {
  const scenario = createBookinfoScenario();
  const layout = layoutDiagram(scenario);
  const node = (id: string) => layout.nodes.find((n) => n.id === id);

  it('puts client, gateway and pods in columns by call depth', () => {
    const xs = ['client', 'istio-ingressgateway', 'productpage-v1', 'details-v1', 'ratings-v1'].map(
      (id) => node(id)?.x ?? -1,
    );
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(5);
    for (const v of ['reviews-v1', 'reviews-v2', 'reviews-v3'])
      expect(node(v)?.x).toBe(node('details-v1')?.x);
    expect(layout.nodes).toHaveLength(scenario.pods.length + 2);
  });

  it('keeps every box inside the drawing, without overlaps in a column', () => {
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.x + n.w).toBeLessThanOrEqual(layout.width);
      expect(n.y + n.h).toBeLessThanOrEqual(layout.height);
      expect(n.h).toBe(nodeHeight(n.kind));
    }
    const column = layout.nodes
      .filter((n) => n.x === node('details-v1')?.x)
      .sort((a, b) => a.y - b.y);
    for (let i = 1; i < column.length; i++)
      expect(column[i]?.y).toBeGreaterThanOrEqual(
        (column[i - 1]?.y ?? 0) + (column[i - 1]?.h ?? 0),
      );
  });

  it('links the calls the scenario allows, and is deterministic', () => {
    expect(layout.links).toContainEqual({ from: 'istio-ingressgateway', to: 'productpage-v1' });
    expect(layout.links).toContainEqual({ from: 'reviews-v3', to: 'ratings-v1' });
    expect(layout.links).not.toContainEqual({ from: 'reviews-v1', to: 'ratings-v1' });
    expect(layoutDiagram(createBookinfoScenario())).toEqual(layout);
  });

  it('places each step in the row of the box where it happens', () => {
    const path = computeRequestPath(scenario, createBookinfoRequest());
    const hop = path.hops[1];
    if (!hop) throw new Error('no second hop');
    const place = (id: string) => {
      const step = [...hop.steps, ...hop.response].find((s) => s.id === id);
      if (!step) throw new Error(`no step ${id}`);
      return placeStep(step, hop);
    };
    expect(place('h2.1')).toEqual({ kind: 'part', node: 'productpage-v1', part: 'app' });
    expect(place('h2.2')).toEqual({ kind: 'part', node: 'productpage-v1', part: 'netfilter' });
    expect(place('h2.4')).toEqual({ kind: 'part', node: 'productpage-v1', part: 'proxy' });
    expect(place('h2.11')).toEqual({ kind: 'wire', from: 'productpage-v1', to: 'details-v1' });
    expect(place('h2.19')).toEqual({ kind: 'part', node: 'details-v1', part: 'app' });
    for (const h of path.hops) {
      for (const s of [...h.steps, ...h.response]) {
        const p = placeStep(s, h);
        const ids = p.kind === 'wire' ? [p.from, p.to] : [p.node];
        for (const id of ids) expect(node(id), `${s.id} → ${id}`).toBeDefined();
      }
    }
  });
});
