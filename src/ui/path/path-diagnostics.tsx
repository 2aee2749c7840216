import { memo } from 'react';
import type { ReactNode } from 'react';
import type { RequestPath } from '@core';
import { useT } from '../i18n/use-t.ts';
import { DiagnosticItem } from './diagnostic-item.tsx';

/** Every diagnostic of the path at its head; clicking a step id plays the path to it. */
export const PathDiagnostics = memo(function PathDiagnostics(props: {
  path: RequestPath;
  onPick: (step: string) => void;
}): ReactNode {
  const t = useT();
  if (props.path.diagnostics.length === 0) return null;
  return (
    <section
      className="path-diagnostics"
      aria-label={t('path.diagnostics')}
      data-testid="path-diagnostics"
    >
      {props.path.diagnostics.map((d, i) => (
        <DiagnosticItem key={i} diagnostic={d} onPick={props.onPick} />
      ))}
    </section>
  );
});
