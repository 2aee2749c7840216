import { memo } from 'react';
import type { ReactNode } from 'react';
import { assertNever } from '@core';
import type { PathStep, RequestPath } from '@core';
import { useT } from '../i18n/use-t.ts';
import { useExplorerActions } from '../store/context.tsx';
import { RouteNotes } from '../explain/route-notes.tsx';
import type { TimelineEntry } from './path-model.ts';

/** What an Envoy step used (listener / route / cluster / endpoints), or the step's own fields. */
function configOf(step: PathStep): unknown {
  switch (step.kind) {
    case 'envoy-listener':
      return step.listener;
    case 'envoy-route':
      return {
        routeConfig: step.routeConfig,
        host: step.host,
        virtualHost: step.virtualHost,
        route: step.route,
        split: step.split,
        chosen: step.chosen,
      };
    case 'envoy-cluster':
      return step.cluster;
    case 'envoy-endpoint':
      return {
        cluster: step.cluster,
        endpoints: step.endpoints,
        chosen: step.chosen,
        tls: step.tls,
      };
    case 'netfilter':
      return step.packet;
    case 'connect':
    case 'accept':
    case 'wire':
    case 'app':
    case 'ztunnel':
    case 'waypoint':
    case 'failure': {
      const { id: _id, label: _label, ...rest } = step;
      return rest;
    }
    default:
      return assertNever(step);
  }
}

function RuleList(props: { title: string; rules: readonly string[] }): ReactNode {
  if (props.rules.length === 0) return null;
  return (
    <div className="path-rules">
      <span className="subhead">{props.title}</span>
      {props.rules.map((r) => (
        <code key={r} className="rule-chip">
          {r}
        </code>
      ))}
    </div>
  );
}

/**
 * The current step: a netfilter traversal's verdict and matched rules (with a way into the
 * chain graph), an Envoy step's configuration object as JSON, other steps' fields.
 */
export const StepDetails = memo(function StepDetails(props: {
  entry: TimelineEntry;
  path: RequestPath;
}): ReactNode {
  const { step } = props.entry;
  const { showStepInGraph } = useExplorerActions();
  const t = useT();
  const isEnvoy = step.kind.startsWith('envoy-');
  return (
    <section className="path-details" aria-label={t('path.details')} data-testid="step-details">
      <h3 className="path-details-title">
        <span className="path-step-id">{step.id}</span> {step.label}
      </h3>
      {step.kind === 'netfilter' && (
        <>
          <p>
            <span className="subhead">{t('path.final')}</span>{' '}
            <code className="verdict">{step.final}</code>
          </p>
          <RouteNotes steps={step.trace} delivered={step.delivered} />
          <RuleList title={t('path.matched')} rules={step.matched} />
          <RuleList title={t('path.matchedLoopback')} rules={step.matchedAfterLoopback} />
          {props.path.pods.some((p) => p.name === step.pod && p.rules !== '') && (
            <button
              type="button"
              className="button"
              data-testid="show-in-graph"
              onClick={() => showStepInGraph(step.id)}
            >
              {t('path.showInGraph')}
            </button>
          )}
        </>
      )}
      <span className="subhead">
        {isEnvoy ? t('path.config') : step.kind === 'netfilter' ? t('path.packet') : step.kind}
      </span>
      <pre className="path-json" data-testid="step-config">
        {JSON.stringify(configOf(step), null, 2)}
      </pre>
    </section>
  );
});
