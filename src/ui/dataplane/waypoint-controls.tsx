import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectPathSpec } from '../store/selectors.ts';

/** Bookinfo's Services, in call order. */
const SERVICES = ['productpage', 'details', 'reviews', 'ratings'] as const;
const NONE: readonly string[] = [];

/**
 * Ambient: which Services have a waypoint (`istio.io/use-waypoint`). Only a waypoint applies a
 * Service's L7 routing; without one, ztunnel balances at L4 over every endpoint.
 */
export function WaypointControls(): ReactNode {
  const waypoints = useExplorer(selectPathSpec)?.waypoints ?? NONE;
  const { setPathSpec } = useExplorerActions();
  const t = useT();
  return (
    <fieldset className="waypoint-controls" data-testid="waypoints">
      <legend title={t('dataplane.waypointsTitle')}>{t('dataplane.waypoints')}</legend>
      {SERVICES.map((service) => (
        <label key={service} className="control">
          <input
            type="checkbox"
            checked={waypoints.includes(service)}
            onChange={(e) =>
              setPathSpec({
                waypoints: e.target.checked
                  ? SERVICES.filter((s) => s === service || waypoints.includes(s))
                  : waypoints.filter((s) => s !== service),
              })
            }
          />
          {service}
        </label>
      ))}
    </fieldset>
  );
}
