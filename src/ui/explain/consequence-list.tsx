import type { ReactNode } from 'react';
import type { Consequence } from '@core';
import { DEFAULT_CAPTURE_ROLES } from '@core';
import { useT } from '../i18n/use-t.ts';
import { CoreMessage } from './core-message.tsx';

/**
 * What the args do to the pod's traffic, beside the parser's problems: one item per finding,
 * with its severity, the simulated packet that shows it, and a one-line fix.
 */
export function ConsequenceList(props: { items: readonly Consequence[] }): ReactNode {
  const t = useT();
  if (props.items.length === 0) return null;
  const uid = (c: Consequence): number =>
    c.packet === 'envoy-upstream' ? DEFAULT_CAPTURE_ROLES.envoyUid : DEFAULT_CAPTURE_ROLES.appUid;
  return (
    <ul
      className="diagnostics-list consequences"
      data-testid="consequences"
      aria-label={t('consequences.aria')}
    >
      {props.items.map((c) => (
        <li key={`${c.code}-${c.packet}`} className="consequence" data-code={c.code}>
          <span className={`severity severity-${c.severity}`}>{t(`severity.${c.severity}`)}</span>
          <span className="consequence-body">
            <span className="consequence-packet muted">
              {t(`consequences.packet.${c.packet}`, { uid: uid(c) })}
            </span>{' '}
            <CoreMessage msg={c.message} />
            <span className="consequence-fix">
              <CoreMessage msg={c.fix} />
            </span>
          </span>
          <span className="diagnostic-code">[{c.code}]</span>
        </li>
      ))}
    </ul>
  );
}
