import type { ReactNode } from 'react';
import type { DiagramLayout, DiagramNode } from './diagram-layout.ts';
import type { TimelineEntry } from './path-model.ts';

interface Wire {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** Timeline index of the first step on this wire. */
  readonly first: number;
}

function wireKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** The wires the request crosses, once per pair of boxes, labelled with the Service called. */
function collectWires(timeline: readonly TimelineEntry[]): Wire[] {
  const wires = new Map<string, Wire>();
  timeline.forEach((e, i) => {
    if (e.step.kind !== 'wire') return;
    const key = wireKey(e.step.from, e.step.to);
    if (wires.has(key)) return;
    const label = e.step.to === e.hop.callee && e.hop.service !== '' ? e.hop.service : '';
    wires.set(key, { key, from: e.step.from, to: e.step.to, label, first: i });
  });
  return [...wires.values()];
}

function curve(a: DiagramNode, b: DiagramNode): { d: string; mx: number; my: number } {
  const x1 = a.x + a.w;
  const y1 = a.y + a.h / 2;
  const x2 = b.x;
  const y2 = b.y + b.h / 2;
  const dx = Math.max(24, (x2 - x1) / 2);
  return {
    d: `M ${x1} ${y1} C ${x1 + dx} ${y1}, ${x2 - dx} ${y2}, ${x2} ${y2}`,
    mx: (x1 + x2) / 2,
    my: (y1 + y2) / 2,
  };
}

/** Dashed: the calls the scenario allows. Solid: the request's wires, lit once reached, bold while crossed. */
export function DiagramEdges(props: {
  layout: DiagramLayout;
  timeline: readonly TimelineEntry[];
  current: number;
}): ReactNode {
  const { layout, timeline, current } = props;
  const nodes = new Map(layout.nodes.map((n) => [n.id, n]));
  const step = timeline[current]?.step;
  const activeKey = step?.kind === 'wire' ? wireKey(step.from, step.to) : undefined;
  const wires = collectWires(timeline);
  const wired = new Set(wires.map((w) => w.key));
  return (
    <>
      <defs>
        <marker
          id="path-arrow"
          viewBox="0 0 10 10"
          refX={9}
          refY={5}
          markerWidth={9}
          markerHeight={9}
          markerUnits="userSpaceOnUse"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" className="diagram-arrow" />
        </marker>
      </defs>
      {layout.links.map((l) => {
        const a = nodes.get(l.from);
        const b = nodes.get(l.to);
        if (!a || !b || wired.has(wireKey(l.from, l.to))) return null;
        return <path key={`${l.from}>${l.to}`} d={curve(a, b).d} className="diagram-link" />;
      })}
      {wires.map((w) => {
        const a = nodes.get(w.from);
        const b = nodes.get(w.to);
        if (!a || !b) return null;
        const c = a.x <= b.x ? curve(a, b) : curve(b, a);
        const state = w.key === activeKey ? 'active' : w.first <= current ? 'visited' : 'pending';
        return (
          <g key={w.key} className={`diagram-wire ${state}`} data-wire={`${w.from}>${w.to}`}>
            <title>{`${w.from} → ${w.to}`}</title>
            <path d={c.d} markerEnd="url(#path-arrow)" />
            {w.label !== '' && (
              <text x={c.mx} y={c.my - 6} textAnchor="middle" className="diagram-wire-label">
                {w.label}
              </text>
            )}
          </g>
        );
      })}
    </>
  );
}
