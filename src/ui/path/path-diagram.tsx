import { memo } from 'react';
import type { ReactNode } from 'react';
import { assertNever } from '@core';
import type { PathStep, RequestPath, Scenario } from '@core';
import { useT } from '../i18n/use-t.ts';
import type { DiagramLayout, DiagramNode, PodPart } from './diagram-layout.ts';
import { HEADER_H, PART_H, partOffset, placeStep } from './diagram-layout.ts';
import { DiagramEdges } from './diagram-edges.tsx';
import type { TimelineEntry } from './path-model.ts';

interface DiagramProps {
  readonly path: RequestPath;
  readonly scenario: Scenario;
  readonly layout: DiagramLayout;
  readonly timeline: readonly TimelineEntry[];
  readonly current: number;
}

/** What fits in a row of a 140-wide box at 10px monospace. */
const MAX_ROW_CHARS = 21;

function clip(text: string): string {
  return text.length > MAX_ROW_CHARS ? `${text.slice(0, MAX_ROW_CHARS - 1)}…` : text;
}

/** A short word on what the current step does in a row (listener, cluster, verdict…). */
function detailOf(step: PathStep): string {
  switch (step.kind) {
    case 'netfilter':
      return `${step.hook === 'OUTPUT' ? 'OUT' : 'PRE'} ${step.final}`;
    case 'envoy-listener':
      return step.listener.name;
    case 'envoy-route':
      return `route ${step.routeConfig}`;
    case 'envoy-cluster':
      return step.cluster.subset === undefined
        ? step.cluster.type
        : `subset ${step.cluster.subset}`;
    case 'envoy-endpoint':
      return `→ ${step.chosen?.pod ?? '?'}`;
    case 'connect':
      return `connect() uid ${step.uid ?? '?'}`;
    case 'accept':
      return `accept :${step.port}`;
    case 'app':
      return `serves :${step.port}`;
    case 'failure':
      return `${step.status} ${step.code}`;
    case 'wire':
      return step.kind;
    case 'ztunnel':
    case 'waypoint':
      return `${step.kind} ${step.action}`;
    default:
      return assertNever(step);
  }
}

function PodBox(props: {
  node: DiagramNode;
  scenario: Scenario;
  path: RequestPath;
  activePart: PodPart | undefined;
  step: PathStep;
}): ReactNode {
  const { node, scenario, path, activePart, step } = props;
  const t = useT();
  const pod = scenario.pods.find((p) => p.name === node.id);
  const view = path.pods.find((p) => p.name === node.id);
  // A waypoint is an Envoy pod of its own: no app, not captured.
  const parts: readonly PodPart[] =
    node.kind === 'gateway' || view?.ambient === 'waypoint'
      ? ['proxy']
      : ['app', 'proxy', 'netfilter'];
  const base = (part: PodPart): string => {
    if (part === 'app')
      return `${t('path.part.app')} :${pod?.appPort ?? ''} uid ${pod?.appUid ?? '?'}`;
    if (part === 'netfilter')
      return view?.commandLine === undefined
        ? t('path.part.netfilter')
        : `${t('path.part.netfilter')} · nat`;
    if (node.kind === 'gateway') return `envoy :${scenario.gateway.port}`;
    // Ambient: every Bookinfo pod is enrolled, on the path or not.
    if (view?.ambient === 'pod' || (path.dataplane === 'ambient' && pod !== undefined))
      return t('dataplane.partZtunnel');
    if (view?.ambient === 'waypoint') return t('dataplane.partWaypoint');
    if (pod?.sidecar === false) return t('path.noSidecar');
    // A pod off the path has no PodView: say only what the scenario states.
    const uid = view?.proxyUid ?? pod?.proxy.runAsUser;
    return uid === undefined ? t('path.part.proxy') : `${t('path.part.proxy')} uid ${uid}`;
  };
  return (
    <>
      <text x={9} y={14} className="diagram-title">
        {node.title}
      </text>
      <text x={9} y={27} className="diagram-ip">
        {node.ip.split('/')[0]}
      </text>
      {parts.map((part) => {
        const y = node.kind === 'gateway' ? HEADER_H : partOffset(part);
        const active = part === activePart;
        return (
          <g
            key={part}
            className={`diagram-part part-${part}${active ? ' active' : ''}`}
            data-part={part}
          >
            <rect x={5} y={y} width={node.w - 10} height={PART_H - 3} rx={3} />
            <text x={10} y={y + 11.5}>
              {clip(active ? detailOf(step) : base(part))}
            </text>
          </g>
        );
      })}
    </>
  );
}

/**
 * The scenario's boxes (client, ingress gateway, pods with app / istio-proxy / netfilter rows),
 * the calls the scenario allows, and the request's wires; the current step is lit up.
 */
export const PathDiagram = memo(function PathDiagram(props: DiagramProps): ReactNode {
  const { path, scenario, layout, timeline, current } = props;
  const t = useT();
  const entry = timeline[current];
  const place = entry ? placeStep(entry.step, entry.hop) : undefined;
  const onPath = new Set<string>(['client', scenario.gateway.pod, ...path.pods.map((p) => p.name)]);
  const troubled = new Set(
    path.diagnostics.filter((d) => d.severity !== 'info' && d.pod !== undefined).map((d) => d.pod),
  );
  return (
    <svg
      className="path-diagram"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-label={t('path.diagram')}
      data-testid="path-diagram"
    >
      <DiagramEdges layout={layout} timeline={timeline} current={current} />
      {layout.nodes.map((node) => {
        const active = place !== undefined && place.kind !== 'wire' && place.node === node.id;
        const cls = [
          'diagram-node',
          `node-${node.kind}`,
          onPath.has(node.id) ? 'on-path' : 'off-path',
          active ? 'active' : '',
          troubled.has(node.id) ? 'troubled' : '',
        ];
        return (
          <g
            key={node.id}
            className={cls.join(' ')}
            data-id={node.id}
            transform={`translate(${node.x} ${node.y})`}
          >
            <rect width={node.w} height={node.h} rx={8} className="diagram-box" />
            {node.kind === 'client' ? (
              <text x={node.w / 2} y={node.h / 2 + 4} textAnchor="middle" className="diagram-title">
                {node.title}
              </text>
            ) : (
              entry && (
                <PodBox
                  node={node}
                  scenario={scenario}
                  path={path}
                  activePart={active && place.kind === 'part' ? place.part : undefined}
                  step={entry.step}
                />
              )
            )}
            {troubled.has(node.id) && (
              <g className="diagram-alert" transform={`translate(${node.w - 2} 0)`}>
                <circle r={8} />
                <text y={4} textAnchor="middle">
                  !
                </text>
              </g>
            )}
          </g>
        );
      })}
    </svg>
  );
});
