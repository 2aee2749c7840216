import { memo, useEffect, useRef } from 'react';
import { CoreMessage } from '../explain/core-message.tsx';
import type { ReactNode } from 'react';
import type { Hop, PathDiagnostic, PathStep, RequestPath } from '@core';
import { useT } from '../i18n/use-t.ts';
import { DiagnosticItem } from './diagnostic-item.tsx';

interface StepListProps {
  readonly path: RequestPath;
  readonly current: string;
  readonly onPick: (step: string) => void;
}

function StepRow(props: {
  step: PathStep;
  response: boolean;
  current: boolean;
  diagnostics: readonly PathDiagnostic[];
  onPick: (id: string) => void;
}): ReactNode {
  const { step, response, current, diagnostics, onPick } = props;
  const t = useT();
  return (
    <li className="path-step-item">
      <button
        type="button"
        className={`path-step kind-${step.kind}`}
        data-step-id={step.id}
        aria-current={current ? 'step' : undefined}
        onClick={() => onPick(step.id)}
      >
        <span className="path-step-id">{step.id}</span>
        <span className="path-step-label">
          <span className="path-step-kind">
            {response ? `${t('path.response')} · ${step.kind}` : step.kind}
          </span>
          {'message' in step ? <CoreMessage msg={step.message} /> : step.label}
        </span>
      </button>
      {diagnostics.map((d, i) => (
        <DiagnosticItem key={i} diagnostic={d} />
      ))}
    </li>
  );
}

function HopItem(props: {
  hop: Hop;
  path: RequestPath;
  current: string;
  onPick: (id: string) => void;
}): ReactNode {
  const { hop, path, current, onPick } = props;
  const t = useT();
  const at = (id: string): PathDiagnostic[] => path.diagnostics.filter((d) => d.step === id);
  const hopLevel = path.diagnostics.filter((d) => d.hop === hop.id && d.step === undefined);
  const row = (step: PathStep, response: boolean): ReactNode => (
    <StepRow
      key={step.id}
      step={step}
      response={response}
      current={step.id === current}
      diagnostics={at(step.id)}
      onPick={onPick}
    />
  );
  return (
    <li className="path-hop" data-hop-id={hop.id} style={{ marginLeft: `${hop.depth * 10}px` }}>
      <div className={`path-hop-head ${hop.ok ? 'ok' : 'failed'}`}>
        <span className="path-step-id">{hop.id}</span> {hop.label}{' '}
        <span className="path-hop-status">
          {t('path.hopStatus', {
            status: `${hop.status}${hop.responseFlag === undefined ? '' : ` ${hop.responseFlag}`}`,
          })}
        </span>
      </div>
      {hopLevel.map((d, i) => (
        <DiagnosticItem key={i} diagnostic={d} />
      ))}
      <ol className="path-steps">
        {hop.steps.map((s) => row(s, false))}
        {hop.response.map((s) => row(s, true))}
      </ol>
    </li>
  );
}

/** The hop-by-hop step list; the current step is marked and kept in view. */
export const StepList = memo(function StepList(props: StepListProps): ReactNode {
  const { path, current, onPick } = props;
  const list = useRef<HTMLOListElement>(null);
  const t = useT();
  useEffect(() => {
    const el = list.current?.querySelector<HTMLElement>('[aria-current="step"]');
    const box = list.current?.parentElement;
    if (!el || !box) return;
    // Scroll only the list's own box: the page must not jump while the player runs.
    const top = el.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top + el.offsetHeight > box.scrollTop + box.clientHeight)
      box.scrollTop = top - box.clientHeight / 3;
  }, [current]);
  return (
    <div
      className="path-step-box"
      aria-label={t('path.steps')}
      role="region"
      data-testid="path-steps"
    >
      <ol className="path-hops" ref={list}>
        {path.hops.map((hop) => (
          <HopItem key={hop.id} hop={hop} path={path} current={current} onPick={onPick} />
        ))}
      </ol>
    </div>
  );
});
