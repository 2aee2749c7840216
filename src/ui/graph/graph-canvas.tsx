import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/base.css';
import { useT } from '../i18n/use-t.ts';
import { useDerived } from '../state/context.tsx';
import { selectGraphView, selectHighlight } from '../state/derived-selectors.ts';
import type { Derived } from '../state/derive.ts';
import { downloadBlob, svgToPng } from './export-image.ts';
import { renderGraphSvg } from './export-svg.ts';
import { edgeTypes, nodeTypes } from './flow-types.ts';
import type { GraphView } from './graph-model.ts';
import { createLayout } from './layout-elk.ts';
import type { Positions } from './layout-elk.ts';
import { toFlow } from './to-flow.ts';
import { flowAriaLabels } from '../explain/flow-aria.ts';

/** The visited chains as one string: a primitive, so the fit effect runs only when the path changes. */
const selectPathKey = (d: Derived): string => [...d.highlight.chains].sort().join(',');

interface Laid {
  readonly view: GraphView;
  readonly positions: Positions;
}

/**
 * Lays out the current view with ELK; a result that arrives after a newer request started is
 * dropped (AST Explorer's stale guard), so fast typing never shows an older graph.
 */
function useLayout(view: GraphView | undefined): {
  laid: Laid | undefined;
  error: string | undefined;
} {
  const [layout] = useState(() => createLayout());
  const [laid, setLaid] = useState<Laid | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!view) return undefined;
    let current = true;
    layout(view).then(
      (positions) => {
        if (!current) return;
        setLaid({ view, positions });
        setError(undefined);
      },
      (e: unknown) => {
        if (current) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      current = false;
    };
  }, [layout, view]);
  return { laid, error };
}

function ExportButtons(props: { laid: Laid | undefined }): ReactNode {
  const { laid } = props;
  const t = useT();
  const highlight = useDerived(selectHighlight);
  const name = (ext: string): string => `chain-graph-ipv${laid?.view.family ?? 4}.${ext}`;
  return (
    <>
      <button
        type="button"
        className="button"
        aria-label={t('graph.exportSvgAria')}
        disabled={!laid}
        onClick={() => {
          if (!laid) return;
          const svg = renderGraphSvg(laid.view, laid.positions, highlight);
          downloadBlob(name('svg'), new Blob([svg], { type: 'image/svg+xml' }));
        }}
      >
        {t('graph.exportSvg')}
      </button>
      <button
        type="button"
        className="button"
        aria-label={t('graph.exportPngAria')}
        disabled={!laid}
        onClick={() => {
          if (!laid) return;
          const svg = renderGraphSvg(laid.view, laid.positions, highlight);
          void svgToPng(svg, laid.positions.width, laid.positions.height).then((png) =>
            downloadBlob(name('png'), png),
          );
        }}
      >
        {t('graph.exportPng')}
      </button>
    </>
  );
}

/** The flow container's size as a string: a refit trigger when the panel is resized. */
function useSizeKey(): [(el: HTMLDivElement | null) => (() => void) | undefined, string] {
  const [size, setSize] = useState('');
  const ref = useCallback((el: HTMLDivElement | null) => {
    if (!el) return undefined;
    const observer = new ResizeObserver(([entry]) => {
      if (entry)
        setSize(`${Math.round(entry.contentRect.width)}x${Math.round(entry.contentRect.height)}`);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}

function Flow(props: { laid: Laid; size: string }): ReactNode {
  const { laid, size } = props;
  const { nodes, edges } = useMemo(() => toFlow(laid.view, laid.positions), [laid]);
  const flow = useReactFlow();
  const topology = laid.positions;
  const path = useDerived(selectPathKey);
  const t = useT();
  const ariaLabels = useMemo(() => flowAriaLabels(t), [t]);
  // Frame the packet's path when there is one (legible text beats seeing every chain at once).
  useEffect(() => {
    const ids = path === '' ? [] : path.split(',').filter((id) => topology.nodes.has(id));
    // After React Flow has taken the new nodes into its store (next frame).
    const frame = requestAnimationFrame(() => {
      void flow.fitView({
        padding: 0.06,
        maxZoom: 1.1,
        minZoom: ids.length > 0 ? 0.55 : 0.3,
        ...(ids.length > 0 ? { nodes: ids.map((id) => ({ id })) } : {}),
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [flow, topology, path, size]);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      minZoom={0.05}
      maxZoom={2}
      proOptions={{ hideAttribution: true }}
      ariaLabelConfig={ariaLabels}
    >
      <svg className="graph-markers" aria-hidden="true">
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0L10,5L0,10z" className="arrow" />
          </marker>
          <marker
            id="arrow-taken"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0L10,5L0,10z" className="arrow taken" />
          </marker>
        </defs>
      </svg>
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

/** The chain-jump graph (lazy chunk: React Flow and ELK stay out of the first paint). */
export default function GraphCanvas(): ReactNode {
  const view = useDerived(selectGraphView);
  const { laid, error } = useLayout(view);
  const t = useT();
  const [sizeRef, size] = useSizeKey();
  const ready = laid !== undefined && laid.view === view;
  return (
    <div className="graph-body" data-testid="graph" data-ready={ready}>
      <div className="graph-toolbar">
        {view?.collapsed && (
          <span className="graph-note" role="status">
            {t('graph.collapsed', { chains: view.totalChains, rules: view.totalRules })}
          </span>
        )}
        {error !== undefined && (
          <span className="graph-note error" role="alert">
            {t('graph.failed', { message: error })}
          </span>
        )}
        <span className="toolbar-spacer" />
        <ExportButtons laid={laid} />
      </div>
      <div className="graph-flow" ref={sizeRef}>
        {view && view.chains.length === 0 ? (
          <p className="empty-note">{t('graph.empty')}</p>
        ) : laid ? (
          <ReactFlowProvider>
            <Flow laid={laid} size={size} />
          </ReactFlowProvider>
        ) : (
          <p className="empty-note">{t('graph.loading')}</p>
        )}
      </div>
    </div>
  );
}
