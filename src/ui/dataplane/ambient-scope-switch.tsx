import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectAmbientNode } from '../store/selectors.ts';

/** Ambient: the pod's in-pod rules, or on demand the node's host-probe rules. */
export function AmbientScopeSwitch(): ReactNode {
  const node = useExplorer(selectAmbientNode);
  const { setAmbientNode } = useExplorerActions();
  const t = useT();
  return (
    <div
      className="segmented"
      role="radiogroup"
      aria-label={t('dataplane.scope')}
      data-testid="ambient-scope"
    >
      {[false, true].map((isNode) => (
        <button
          key={String(isNode)}
          type="button"
          role="radio"
          aria-checked={isNode === node}
          className="segment"
          onClick={() => setAmbientNode(isNode)}
        >
          {t(isNode ? 'dataplane.scopeNode' : 'dataplane.scopePod')}
        </button>
      ))}
    </div>
  );
}
