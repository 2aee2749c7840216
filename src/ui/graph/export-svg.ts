import type { PathHighlight } from '../workbench/path-highlight.ts';
import type { GraphView } from './graph-model.ts';
import { edgeLabelText, HEADER_HEIGHT, hookLabel, ROW_HEIGHT } from './graph-model.ts';
import type { Positions } from './layout-elk.ts';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Light colours whatever the page theme: an exported picture goes into documents.
const COLORS = {
  box: '#ffffff',
  builtin: '#eef0f3',
  border: '#9aa4b5',
  visited: '#2457c5',
  text: '#1c2330',
  muted: '#5b6576',
  matched: '#fde9c8',
  edge: '#8c959f',
};

function renderChain(view: GraphView, i: number, positions: Positions, h: PathHighlight): string {
  const c = view.chains[i];
  if (!c) return '';
  const at = positions.nodes.get(c.node.id) ?? { x: 0, y: 0 };
  const visited = h.chains.has(c.node.id);
  const out = [
    `<g data-id="${escapeXml(c.node.id)}" transform="translate(${at.x},${at.y})">`,
    `<rect width="${c.width}" height="${c.height}" rx="5" fill="${c.node.builtin ? COLORS.builtin : COLORS.box}" stroke="${visited ? COLORS.visited : COLORS.border}" stroke-width="${visited ? 2 : 1}"/>`,
    `<text x="8" y="17" font-weight="700" fill="${COLORS.text}">${escapeXml(`${c.node.table} ${c.node.chain}${c.node.policy ? ` · ${c.node.policy}` : ''}${hookLabel(c.node)}`)}</text>`,
  ];
  c.rules.forEach((r, row) => {
    const y = HEADER_HEIGHT + row * ROW_HEIGHT;
    if (h.matched.has(r.rule.ref))
      out.push(
        `<rect x="2" y="${y}" width="${c.width - 4}" height="${ROW_HEIGHT}" fill="${COLORS.matched}"/>`,
      );
    out.push(`<text x="8" y="${y + 12}" fill="${COLORS.text}">${escapeXml(r.text)}</text>`);
  });
  if (c.hidden > 0)
    out.push(
      `<text x="8" y="${HEADER_HEIGHT + c.rules.length * ROW_HEIGHT + 12}" fill="${COLORS.muted}">… ${c.hidden}</text>`,
    );
  out.push('</g>');
  return out.join('');
}

/**
 * The laid-out graph as a standalone SVG document (monospace, light colours, the packet's
 * path in blue), for the export button.
 *
 * @example
 * renderGraphSvg(view, positions, highlight).startsWith('<svg'); // true
 */
export function renderGraphSvg(
  view: GraphView,
  positions: Positions,
  highlight: PathHighlight,
): string {
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(positions.width)}" height="${Math.ceil(positions.height)}" viewBox="0 0 ${Math.ceil(positions.width)} ${Math.ceil(positions.height)}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="11">`,
    `<defs><marker id="a" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="${COLORS.edge}"/></marker>`,
    `<marker id="t" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="${COLORS.visited}"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="#fbfbfc"/>`,
  ];
  for (const e of view.edges) {
    const points = positions.edges.get(e.id);
    if (!points || points.length < 2) continue;
    const taken = highlight.edges.has(e.id);
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
    parts.push(
      `<path d="${d}" fill="none" stroke="${taken ? COLORS.visited : COLORS.edge}" stroke-width="${taken ? 2 : 1}" marker-end="url(#${taken ? 't' : 'a'})"/>`,
    );
    const label = edgeLabelText(e);
    const at = positions.labels.get(e.id);
    if (label !== '' && at)
      parts.push(
        `<text x="${at.x + 3}" y="${at.y + 10}" font-size="10" fill="${COLORS.muted}">${escapeXml(label)}</text>`,
      );
  }
  view.chains.forEach((_, i) => parts.push(renderChain(view, i, positions, highlight)));
  parts.push('</svg>');
  return parts.join('\n');
}
