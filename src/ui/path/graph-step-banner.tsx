import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useDerived, useExplorerActions } from '../store/context.tsx';
import { selectGraphStep } from './path-derived.ts';

/** Above the chain graph while it lights up a path step instead of the workbench packet. */
export function GraphStepBanner(): ReactNode {
  const graphStep = useDerived(selectGraphStep);
  const { setMainView, showStepInGraph } = useExplorerActions();
  const t = useT();
  if (!graphStep) return null;
  return (
    <div className="graph-step-banner" role="status" data-testid="graph-step-banner">
      <span>
        {t('path.graphBanner', { step: graphStep.step.id, label: graphStep.step.label })}
        {!graphStep.inGraph && <strong> {t('path.podRulesDiffer')}</strong>}
      </span>
      <button type="button" className="button" onClick={() => setMainView('path')}>
        {t('path.backToPath')}
      </button>
      <button type="button" className="button" onClick={() => showStepInGraph(null)}>
        {t('path.clearStep')}
      </button>
    </div>
  );
}
