import { memo } from 'react';
import type { ReactNode } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath } from '@xyflow/react';
import type { EdgeProps } from '@xyflow/react';
import { useDerived } from '../store/context.tsx';
import type { WorkbenchDerived } from '../workbench/workbench-derived.ts';
import type { Point } from './layout-elk.ts';
import type { JumpFlowEdge } from './to-flow.ts';

function polyline(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
}

const isTaken = (d: WorkbenchDerived, id: string): boolean => d.highlight.edges.has(id as never);

/** A jump/goto along ELK's route, lit when the selected packet took it. */
export const JumpEdge = memo(function JumpEdge(props: EdgeProps<JumpFlowEdge>): ReactNode {
  const { id, data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  const taken = useDerived((d) => isTaken(d, id));
  const points = data?.points ?? [];
  const [stepPath, stepLabelX, stepLabelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  const path = points.length >= 2 ? polyline(points) : stepPath;
  const labelAt =
    data?.labelAt ?? (points.length >= 2 ? undefined : { x: stepLabelX, y: stepLabelY });
  const full = data?.fullLabel ?? '';
  const className = taken ? 'jump-edge taken' : 'jump-edge';
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={className}
        markerEnd={taken ? 'url(#arrow-taken)' : 'url(#arrow)'}
      />
      {data?.label && labelAt && (
        <EdgeLabelRenderer>
          {/* Focusable: hover or focus shows the whole condition (the drawn one may be cut). */}
          <div
            className={`edge-label nodrag nopan${taken ? ' taken' : ''}${full !== data.label ? ' cut' : ''}`}
            data-edge={id}
            tabIndex={full !== data.label ? 0 : undefined}
            title={full}
            style={{ transform: `translate(${labelAt.x}px, ${labelAt.y}px)` }}
          >
            <span className="edge-label-short">{data.label}</span>
            {full !== data.label && <span className="edge-label-full">{full}</span>}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
