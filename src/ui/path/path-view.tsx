import { useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { summarizePath } from '@core';
import { summaryText } from '../explain/bookinfo-status.tsx';
import { useT } from '../i18n/use-t.ts';
import { useDerived, useExplorer } from '../store/context.tsx';
import { selectMode } from '../store/derived-selectors.ts';
import { selectPathView } from './path-derived.ts';
import { selectDataplane, selectVersion } from '../store/selectors.ts';
import { WaypointControls } from '../dataplane/waypoint-controls.tsx';
import { PlaneComparisonTable } from '../dataplane/plane-comparison.tsx';
import type { TimelineEntry } from './path-model.ts';
import { PathDiagnostics } from './path-diagnostics.tsx';
import { PathDiagram } from './path-diagram.tsx';
import { Player } from './player.tsx';
import { RequestControls } from './request-controls.tsx';
import { RoutingEditor } from './routing-editor.tsx';
import { StepDetails } from './step-details.tsx';
import { StepList } from './step-list.tsx';

const NO_STEPS: readonly TimelineEntry[] = [];

/** How long the player shows each step. */
const PLAY_INTERVAL_MS = 700;

/**
 * The Bookinfo path: request and routing inputs, the diagram, the player, the hop-by-hop step
 * list and the current step's details. The player's position is UI ephemera (local state).
 */
export default function PathView(): ReactNode {
  const view = useDerived(selectPathView);
  const mode = useDerived(selectMode);
  const version = useExplorer(selectVersion);
  const ambient = useExplorer(selectDataplane) === 'ambient';
  const t = useT();
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const path = view?.path;
  const timeline = view?.timeline ?? NO_STEPS;
  const last = Math.max(0, timeline.length - 1);
  const current = Math.min(index, last);
  const entry = timeline[current];

  useEffect(() => {
    if (!playing) return undefined;
    const timer = setInterval(() => {
      setIndex((i) => {
        if (i >= last) {
          setPlaying(false);
          return last;
        }
        return i + 1;
      });
    }, PLAY_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [playing, last]);

  // Stable while the path is: the memoized step list and diagram skip keystrokes that leave it alone.
  const goTo = useCallback(
    (i: number): void => {
      setPlaying(false);
      setIndex(Math.max(0, Math.min(i, last)));
    },
    [last],
  );
  const goToStep = useCallback(
    (id: string): void => {
      const i = timeline.findIndex((e) => e.step.id === id);
      if (i >= 0) goTo(i);
    },
    [timeline, goTo],
  );

  return (
    <div
      className="path-view"
      data-stale={view?.stale === true}
      data-pending={view?.pending === true}
    >
      <h2 className="panel-title">
        {t('view.path')}
        <span className="toolbar-spacer" />
        {view?.pending === true && (
          <span className="path-pending" role="status">
            {t('path.computing')}
          </span>
        )}
        {path && (
          <span
            className={`path-status ${summarizePath(path).ok ? 'ok' : 'failed'}`}
            data-testid="path-status"
          >
            {t('path.status', { status: summaryText(t, summarizePath(path)) })}
          </span>
        )}
      </h2>
      <div className="path-inputs">
        <RequestControls />
        <RoutingEditor />
        {ambient && <WaypointControls />}
      </div>
      <p className="path-note muted">
        {ambient
          ? t('dataplane.pathNote')
          : t(mode === 'args' ? 'path.argsFrom' : 'path.argsDefault', { version })}
      </p>
      {view?.stale === true && (
        <p className="stale-banner" role="status">
          {path ? t('path.stale') : t('path.noPath')}
        </p>
      )}
      {path && view.scenario && entry && (
        <div className="path-body" data-testid="path-body">
          <PathDiagnostics path={path} onPick={goToStep} />
          {ambient && <PlaneComparisonTable />}
          <Player
            index={current}
            total={timeline.length}
            playing={playing}
            onIndex={goTo}
            onPlay={() => {
              if (current >= last) setIndex(0);
              setPlaying((p) => !p);
            }}
          />
          {view.layout && (
            <PathDiagram
              path={path}
              scenario={view.scenario}
              layout={view.layout}
              timeline={timeline}
              current={current}
            />
          )}
          <div className="path-split">
            <StepList path={path} current={entry.step.id} onPick={goToStep} />
            <StepDetails entry={entry} path={path} />
          </div>
        </div>
      )}
    </div>
  );
}
