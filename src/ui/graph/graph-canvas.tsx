import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import {
  applyNodeChanges,
  Background,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import type { NodeChange } from '@xyflow/react';
import '@xyflow/react/dist/base.css';
import { useT } from '../i18n/use-t.ts';
import { useDerived } from '../store/context.tsx';
import { selectGraphView } from './graph-derived.ts';
import type { WorkbenchDerived } from '../workbench/workbench-derived.ts';
import { edgeTypes, nodeTypes } from './flow-types.ts';
import type { GraphView } from './graph-model.ts';
import { GraphToolbar } from './graph-toolbar.tsx';
import type { GraphOptions, Laid } from './graph-toolbar.tsx';
import { createLayout } from './layout-elk.ts';
import { toFlow } from './to-flow.ts';
import { flowAriaLabels } from '../explain/flow-aria.ts';
import type { ChainFlowNode, JumpFlowEdge } from './to-flow.ts';

/** The visited chains as one string: a primitive, so the fit effect runs only when the path changes. */
const selectPathKey = (d: WorkbenchDerived): string => [...d.highlight.chains].sort().join(',');

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

/** Edges touching a dragged chain drop ELK's route and follow the chain (a smooth step). */
function unrouteEdges(edges: JumpFlowEdge[], moved: ReadonlySet<string>): JumpFlowEdge[] {
  return edges.map((e) =>
    e.data && e.data.points.length > 0 && (moved.has(e.source) || moved.has(e.target))
      ? { ...e, data: { ...e.data, points: [], labelAt: undefined } }
      : e,
  );
}

/** React Flow's nodes and edges for a layout, with the reader's drags applied on top. */
function useDraggableFlow(laid: Laid): {
  nodes: ChainFlowNode[];
  edges: JumpFlowEdge[];
  onNodesChange: (changes: NodeChange<ChainFlowNode>[]) => void;
} {
  const [flow, setFlow] = useState(() => ({ laid, ...toFlow(laid.view, laid.positions) }));
  const current = flow.laid === laid ? flow : { laid, ...toFlow(laid.view, laid.positions) };
  if (current !== flow) setFlow(current);
  const onNodesChange = useCallback((changes: NodeChange<ChainFlowNode>[]) => {
    const moved = new Set(changes.flatMap((c) => (c.type === 'position' ? [c.id] : [])));
    setFlow((f) => ({
      ...f,
      nodes: applyNodeChanges(changes, f.nodes),
      edges: moved.size > 0 ? unrouteEdges(f.edges, moved) : f.edges,
    }));
  }, []);
  return { nodes: current.nodes, edges: current.edges, onNodesChange };
}

/**
 * Frames every chain on a new layout, a resize or "Fit all"; in follow mode frames the packet's
 * path instead, and again whenever the path changes.
 */
function useFraming(laid: Laid, size: string, options: GraphOptions): void {
  const flow = useReactFlow();
  const topology = laid.positions;
  const path = useDerived(selectPathKey);
  const followed = options.follow ? path : '';
  const { minimap, fitRequest } = options;
  useEffect(() => {
    const ids = followed === '' ? [] : followed.split(',').filter((id) => topology.nodes.has(id));
    // After React Flow has taken the new nodes into its store (next frame).
    const frame = requestAnimationFrame(() => {
      void flow.fitView({
        padding: { top: '16px', left: '16px', right: '16px', bottom: minimap ? '130px' : '16px' },
        maxZoom: 1.1,
        minZoom: 0.05,
        ...(ids.length > 0 ? { nodes: ids.map((id) => ({ id })) } : {}),
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [flow, topology, followed, size, minimap, fitRequest]);
}

function Flow(props: { laid: Laid; size: string; options: GraphOptions }): ReactNode {
  const { laid, size, options } = props;
  const t = useT();
  const ariaLabels = useMemo(() => flowAriaLabels(t), [t]);
  const { nodes, edges, onNodesChange } = useDraggableFlow(laid);
  useFraming(laid, size, options);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      nodesDraggable
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
      {options.minimap && (
        <MiniMap pannable zoomable ariaLabel={t('graph.minimapAria')} className="graph-minimap" />
      )}
    </ReactFlow>
  );
}

/** The chain-jump graph (lazy chunk: React Flow and ELK stay out of the first paint). */
export default function GraphCanvas(): ReactNode {
  const view = useDerived(selectGraphView);
  const { laid, error } = useLayout(view);
  const t = useT();
  const [sizeRef, size] = useSizeKey();
  const [options, setOptions] = useState<GraphOptions>({
    follow: false,
    minimap: false,
    fitRequest: 0,
  });
  const ready = laid !== undefined && laid.view === view;
  return (
    <ReactFlowProvider>
      <div className="graph-body" data-testid="graph" data-ready={ready}>
        <GraphToolbar laid={laid} options={options} onOptions={setOptions} />
        {view?.collapsed && (
          <p className="graph-note" role="status">
            {t('graph.collapsed', { chains: view.totalChains, rules: view.totalRules })}
          </p>
        )}
        {error !== undefined && (
          <p className="graph-note error" role="alert">
            {t('graph.failed', { message: error })}
          </p>
        )}
        <div className="graph-flow" ref={sizeRef}>
          {view && view.chains.length === 0 ? (
            <p className="empty-note">{t('graph.empty')}</p>
          ) : laid ? (
            <Flow laid={laid} size={size} options={options} />
          ) : (
            <p className="empty-note">{t('graph.loading')}</p>
          )}
        </div>
      </div>
    </ReactFlowProvider>
  );
}
