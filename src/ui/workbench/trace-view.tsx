import type { ReactNode } from 'react';
import type { RuleRef, TraceStep } from '@core';
import { useT } from '../i18n/use-t.ts';
import { useDerived, useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectTrace } from './workbench-derived.ts';
import { selectSelectedRule } from '../store/selectors.ts';
import { benchVerdictNote } from '../explain/bench-verdict.ts';
import { RouteNotes } from '../explain/route-notes.tsx';
import { describeStep, stepPlace } from './step-text.ts';

function RuleList(props: { rules: readonly RuleRef[]; testId: string }): ReactNode {
  const t = useT();
  const { selectRule } = useExplorerActions();
  if (props.rules.length === 0) return <span className="muted">{t('bench.none')}</span>;
  return (
    <span data-testid={props.testId}>
      {props.rules.map((r) => (
        <button key={r} type="button" className="rule-chip" onClick={() => selectRule(r)}>
          {r}
        </button>
      ))}
    </span>
  );
}

function StepItem(props: { step: TraceStep; index: number; selected: boolean }): ReactNode {
  const { step, selected } = props;
  const t = useT();
  const { selectRule, setGraphFamily } = useExplorerActions();
  const trace = useDerived(selectTrace);
  const text = `${stepPlace(step)} ${describeStep(step, t)}`;
  if (step.kind !== 'rule') return <li className={`step step-${step.kind}`}>{text}</li>;
  return (
    <li className={`step step-rule${step.matched ? ' matched' : ''}`}>
      <button
        type="button"
        className={`step-button${selected ? ' selected' : ''}`}
        data-step-rule={step.rule}
        aria-pressed={selected}
        onClick={() => {
          if (trace?.result) setGraphFamily(trace.result.family);
          selectRule(step.rule);
        }}
      >
        {text}
      </button>
    </li>
  );
}

function StepWithPass(props: {
  step: TraceStep;
  index: number;
  previous: TraceStep | undefined;
  selected: RuleRef | null;
}): ReactNode {
  const { step, previous } = props;
  const t = useT();
  const item = (
    <StepItem
      step={step}
      index={props.index}
      selected={step.kind === 'rule' && step.rule === props.selected}
    />
  );
  if (step.pass !== 'loopback' || previous?.pass !== 'first') return item;
  return (
    <>
      <li className="step step-pass">{t('bench.loopback')}</li>
      {item}
    </>
  );
}

function VerdictNote(props: { result: Parameters<typeof benchVerdictNote>[0] }): ReactNode {
  const t = useT();
  const note = benchVerdictNote(props.result);
  if (note === undefined) return null;
  return (
    <span
      className="verdict-note severity-text-warning"
      data-testid="verdict-note"
      data-note={note}
    >
      {' '}
      {t(note === 'bypass' ? 'bench.bypass' : 'bench.loop')}
    </span>
  );
}

/** The traced packet: verdict, matched rules (both passes) and every step, clickable. */
export function TraceView(): ReactNode {
  const trace = useDerived(selectTrace);
  const selected = useExplorer(selectSelectedRule);
  const t = useT();
  if (!trace) return <p className="empty-note">{t('bench.noRules')}</p>;
  const { result, diagnostics } = trace;
  const problems = diagnostics.filter((d) => d.severity !== 'info');
  return (
    <div className="trace-view">
      {problems.length > 0 && (
        <ul className="packet-problems" data-testid="packet-problems">
          {!result && <li>{t('bench.badPacket')}</li>}
          {problems.map((d, i) => (
            <li key={i} className={`severity-text-${d.severity}`}>
              {d.message}
            </li>
          ))}
        </ul>
      )}
      {result && (
        <>
          <dl className="trace-summary">
            <dt>{t('bench.verdict')}</dt>
            <dd>
              <strong className="verdict" data-testid="verdict">
                {result.final}
              </strong>
              <VerdictNote result={result} />
              <RouteNotes steps={result.steps} delivered={result.delivered} />
            </dd>
            <dt>{t('bench.matched')}</dt>
            <dd>
              <RuleList rules={result.matched} testId="matched" />
            </dd>
            <dt>{t('bench.matchedLoopback')}</dt>
            <dd>
              <RuleList rules={result.matchedAfterLoopback} testId="matched-loopback" />
            </dd>
          </dl>
          <h3 className="subhead">{t('bench.steps')}</h3>
          <ol className="steps" data-testid="steps">
            {result.steps.map((step, i) => (
              <StepWithPass
                key={i}
                step={step}
                index={i}
                previous={result.steps[i - 1]}
                selected={selected}
              />
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
