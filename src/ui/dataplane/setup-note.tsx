import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useDerived } from '../store/context.tsx';
import { selectPodSetup } from '../store/derived-selectors.ts';

/** The ambient policy route: not iptables, but part of how replies find ztunnel (docs/ambient.md). */
export function SetupNote(): ReactNode {
  const setup = useDerived(selectPodSetup);
  const t = useT();
  if (setup.length === 0) return null;
  return (
    <div className="setup-note" data-testid="pod-setup">
      <p>{t('dataplane.setup')}</p>
      <pre>{setup.join('\n')}</pre>
    </div>
  );
}
