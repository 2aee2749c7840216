import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useDerived, useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectViews } from '../store/derived-selectors.ts';
import { selectInputMode } from '../store/selectors.ts';
import type { InputMode } from '../store/store.ts';

const MODES: readonly InputMode[] = ['args', 'iptables-save'];

/**
 * istio-init args vs a pasted iptables-save dump. The first switch to rules mode starts from
 * the rules the args generate, so there is something to trace right away.
 */
export function InputModeSwitch(): ReactNode {
  const mode = useExplorer(selectInputMode);
  const views = useDerived(selectViews);
  const { setInputMode } = useExplorerActions();
  const t = useT();
  return (
    <div
      className="segmented"
      role="radiogroup"
      aria-label={t('editor.modeLabel')}
      data-testid="input-mode"
    >
      {MODES.map((m) => (
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={m === mode}
          className="segment"
          onClick={() =>
            setInputMode(
              m,
              m === 'args' ? '' : (views?.nft?.list ?? views?.families[0]?.save ?? ''),
            )
          }
        >
          {t(m === 'args' ? 'editor.modeArgs' : 'editor.modeRules')}
        </button>
      ))}
    </div>
  );
}
