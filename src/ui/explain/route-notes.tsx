import type { ReactNode } from 'react';
import type { Delivery, TraceStep } from '@core';
import { routeNotes } from '@core';
import { CoreMessage } from './core-message.tsx';

/**
 * What routing said about a traced packet, in the reader's language: the refusal that ended it
 * (a loopback source on a route out of eth0, no route) and caveats (an IPv6 loopback source the
 * receiver drops). Nothing when routing had nothing to say.
 */
export function RouteNotes(props: { steps: readonly TraceStep[]; delivered: Delivery }): ReactNode {
  const notes = routeNotes(props);
  if (notes.length === 0) return null;
  return (
    <ul className="route-notes" data-testid="route-notes">
      {notes.map((m, i) => (
        <li
          key={i}
          className={`severity-text-${props.delivered.kind === 'refused' ? 'error' : 'warning'}`}
        >
          <CoreMessage msg={m} />
        </li>
      ))}
    </ul>
  );
}
