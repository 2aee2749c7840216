import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useT } from '../i18n/use-t.ts';
import { useDerived } from '../store/context.tsx';
import { selectHighlight } from '../workbench/workbench-derived.ts';
import { downloadBlob, svgToPng } from './export-image.ts';
import { renderGraphSvg } from './export-svg.ts';
import type { GraphView } from './graph-model.ts';
import type { Positions } from './layout-elk.ts';

export interface Laid {
  readonly view: GraphView;
  readonly positions: Positions;
}

/** The canvas options the toolbar switches; the canvas reads them. */
export interface GraphOptions {
  readonly follow: boolean;
  readonly minimap: boolean;
  /** Bumped by "Fit all": the canvas refits to every chain. */
  readonly fitRequest: number;
}

function ExportButtons(props: { laid: Laid | undefined }): ReactNode {
  const { laid } = props;
  const t = useT();
  const highlight = useDerived(selectHighlight);
  const name = (ext: string): string => `chain-graph-ipv${laid?.view.family ?? 4}.${ext}`;
  const svg = (): string | undefined =>
    laid && renderGraphSvg(laid.view, laid.positions, highlight);
  return (
    <>
      <button
        type="button"
        className="button"
        aria-label={t('graph.exportSvgAria')}
        disabled={!laid}
        onClick={() => {
          const text = svg();
          if (text) downloadBlob(name('svg'), new Blob([text], { type: 'image/svg+xml' }));
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
          const text = svg();
          if (text && laid)
            void svgToPng(text, laid.positions.width, laid.positions.height).then((png) =>
              downloadBlob(name('png'), png),
            );
        }}
      >
        {t('graph.exportPng')}
      </button>
    </>
  );
}

/** A chain name typed (or picked from the list) frames that chain. */
function ChainSearch(props: { laid: Laid | undefined }): ReactNode {
  const t = useT();
  const flow = useReactFlow();
  const listId = useId();
  const [missing, setMissing] = useState<string | undefined>(undefined);
  const chains = props.laid?.view.chains ?? [];
  const find = (value: string): void => {
    const name = value.trim().toUpperCase();
    if (name === '') return setMissing(undefined);
    const hit = chains.find((c) => c.node.chain.toUpperCase() === name || c.node.id === value);
    setMissing(hit ? undefined : value);
    if (hit)
      void flow.fitView({
        nodes: [{ id: hit.node.id }],
        maxZoom: 1.2,
        padding: '40px',
        duration: 300,
      });
  };
  return (
    <>
      <input
        type="search"
        className="graph-search"
        aria-label={t('graph.search')}
        placeholder={t('graph.searchPlaceholder')}
        list={listId}
        aria-invalid={missing !== undefined}
        title={missing === undefined ? t('graph.search') : t('graph.searchNone', { name: missing })}
        onChange={(e) => {
          if (chains.some((c) => c.node.chain === e.target.value)) find(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') find(e.currentTarget.value);
        }}
      />
      <datalist id={listId}>
        {chains.map((c) => (
          <option key={c.node.id} value={c.node.chain}>
            {c.node.table}
          </option>
        ))}
      </datalist>
    </>
  );
}

function Legend(): ReactNode {
  const t = useT();
  return (
    <details className="graph-legend">
      <summary className="button">{t('graph.legend')}</summary>
      <ul>
        <li>
          <span className="swatch visited" /> {t('graph.legendVisited')}
        </li>
        <li>
          <span className="swatch evaluated" /> {t('graph.legendEvaluated')}
        </li>
        <li>
          <span className="swatch matched" /> {t('graph.legendMatched')}
        </li>
        <li>
          <span className="swatch taken" /> {t('graph.legendTaken')}
        </li>
        <li className="legend-note">{t('graph.legendDrag')}</li>
      </ul>
    </details>
  );
}

/**
 * The graph's controls, in a row above the canvas so they never cover a chain: follow the
 * packet, fit all, zoom, minimap, legend, find a chain, export.
 */
export function GraphToolbar(props: {
  laid: Laid | undefined;
  options: GraphOptions;
  onOptions: (next: GraphOptions) => void;
}): ReactNode {
  const { laid, options, onOptions } = props;
  const t = useT();
  const flow = useReactFlow();
  return (
    <div className="graph-toolbar" role="toolbar" aria-label={t('graph.aria')}>
      <button
        type="button"
        className="button"
        aria-pressed={options.follow}
        title={t('graph.followTitle')}
        onClick={() => onOptions({ ...options, follow: !options.follow })}
      >
        {t('graph.follow')}
      </button>
      <button
        type="button"
        className="button"
        title={t('graph.fitAllTitle')}
        onClick={() => onOptions({ ...options, follow: false, fitRequest: options.fitRequest + 1 })}
      >
        {t('graph.fitAll')}
      </button>
      <button
        type="button"
        className="button icon"
        aria-label={t('graph.zoomIn')}
        title={t('graph.zoomIn')}
        onClick={() => void flow.zoomIn({ duration: 150 })}
      >
        +
      </button>
      <button
        type="button"
        className="button icon"
        aria-label={t('graph.zoomOut')}
        title={t('graph.zoomOut')}
        onClick={() => void flow.zoomOut({ duration: 150 })}
      >
        −
      </button>
      <button
        type="button"
        className="button"
        aria-pressed={options.minimap}
        onClick={() => onOptions({ ...options, minimap: !options.minimap })}
      >
        {t('graph.minimap')}
      </button>
      <Legend />
      <ChainSearch laid={laid} />
      <span className="toolbar-spacer" />
      <ExportButtons laid={laid} />
    </div>
  );
}
