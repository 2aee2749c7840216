import { describe, expect, it } from 'vitest';
import {
  buildJumpGraph,
  generateRules,
  parseIptables,
  parseIstioArgs,
  PROFILES,
  renderRestore,
} from '@core';
import { EMPTY_HIGHLIGHT } from '../workbench/path-highlight.ts';
import { buildGraphView, MAX_ROWS } from './graph-model.ts';
import { createLayout, topologyKey } from './layout-elk.ts';

function viewOf(args: string) {
  const parsed = parseIstioArgs(args, {});
  const rules = generateRules(parsed.value.config, 'latest');
  const graph = buildJumpGraph(parseIptables(renderRestore(rules, 4), { family: 4 }).value);
  return buildGraphView(graph, EMPTY_HIGHLIGHT);
}

describe('layoutGraph', () => {
  const view = viewOf(PROFILES.latest.defaultArgs);

  it('places every chain without overlaps and routes every edge', async () => {
    const p = await createLayout()(view);
    expect([...p.nodes.keys()].sort()).toEqual(view.chains.map((c) => c.node.id).sort());
    expect([...p.edges.keys()].sort()).toEqual(view.edges.map((e) => e.id).sort());
    const boxes = view.chains.map((c) => ({
      ...(p.nodes.get(c.node.id) ?? { x: 0, y: 0 }),
      w: c.width,
      h: c.height,
    }));
    for (const a of boxes) {
      for (const b of boxes) {
        if (a === b) continue;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap).toBe(false);
      }
    }
    // Top to bottom: a jump's target is below its source.
    const out = p.nodes.get('nat/OUTPUT');
    const istio = p.nodes.get('nat/ISTIO_OUTPUT');
    expect(istio && out && istio.y > out.y).toBe(true);
  });

  it('is deterministic and cached by topology', async () => {
    const layout = createLayout();
    const a = await layout(view);
    expect(await layout(viewOf(PROFILES.latest.defaultArgs))).toBe(a);
    const fresh = await createLayout()(view);
    expect([...fresh.nodes.entries()]).toEqual([...a.nodes.entries()]);
    // A different port changes no box size: same topology, same layout.
    expect(topologyKey(viewOf(PROFILES.latest.defaultArgs.replace('15001', '15002')))).toBe(
      topologyKey(view),
    );
    expect(topologyKey(viewOf(`${PROFILES.latest.defaultArgs} -o 3306`))).not.toBe(
      topologyKey(view),
    );
  });

  it('sizes nodes from their labels and caps the rows', () => {
    const chain = view.chains.find((c) => c.node.id === 'nat/ISTIO_OUTPUT');
    expect(chain?.rules.length).toBe(chain?.node.rules.length);
    expect(chain && chain.height).toBeGreaterThan(26);
    expect(MAX_ROWS).toBeGreaterThan(10);
  });
});

describe('topologyKey while typing', () => {
  it('stays the same while a port is typed digit by digit (widths are quantized)', () => {
    const keys = new Set(
      ['1', '15', '150', '1500', '15007'].map((p) =>
        topologyKey(viewOf(PROFILES.latest.defaultArgs.replace('15006', p))),
      ),
    );
    expect(keys.size).toBeLessThanOrEqual(2);
  });
});
