import { CoreMessage } from '../explain/core-message.tsx';
import type { ReactNode } from 'react';
import type { PathDiagnostic } from '@core';
import { useT } from '../i18n/use-t.ts';
import { useDerived, useExplorerActions } from '../store/context.tsx';
import { selectMode } from '../store/derived-selectors.ts';

/**
 * One diagnostic where it happens: its message, the rule that decided and the flag behind it.
 * The flag button selects the flag in the editor (only when the editor holds the args).
 */
export function DiagnosticItem(props: {
  diagnostic: PathDiagnostic;
  onPick?: (step: string) => void;
}): ReactNode {
  const { diagnostic: d, onPick } = props;
  const mode = useDerived(selectMode);
  const { revealRange } = useExplorerActions();
  const t = useT();
  const stepId = d.step;
  return (
    <div
      className={`path-diagnostic severity-${d.severity}`}
      data-code={d.code}
      data-testid="path-diagnostic"
    >
      <span className={`severity severity-${d.severity}`}>{d.code}</span>
      <span className="path-diagnostic-message">
        {onPick && stepId !== undefined ? (
          <button type="button" className="link-button" onClick={() => onPick(stepId)}>
            {stepId}
          </button>
        ) : null}{' '}
        {d.messageRef ? <CoreMessage msg={d.messageRef} /> : d.message}
      </span>
      {d.rule !== undefined && (
        <code className="rule-chip">{t('path.rule', { rule: d.rule })}</code>
      )}
      {d.flag !== undefined && (
        <button
          type="button"
          className="button flag-button"
          aria-label={t('path.flagAria', { flag: d.flag })}
          disabled={mode !== 'args'}
          onClick={() => revealRange(d.range)}
        >
          {t('path.flag', { flag: d.flag })}
        </button>
      )}
    </div>
  );
}
