import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useExplorer, useExplorerStore } from '../store/context.tsx';
import { selectLang } from '../store/selectors.ts';
import { TUTORIAL_PARAM, withTutorialParam } from './tutorial-location.ts';
import { restoreSnapshot, takeSnapshot } from './snapshot.ts';
import type { ExplorerSnapshot } from './snapshot.ts';
import './tutorial-host.css';

// The lessons, the Markdown renderer and the checker load only when the tutorial opens.
const TutorialPanel = lazy(() => import('./tutorial-panel.tsx'));

/** The open button's label, here so the page's entry chunk holds no tutorial dictionary. */
const OPEN_LABEL = { en: 'Tutorial', zh: '教程' } as const;

function readOpenedStep(): { value: string | null; apply: boolean } {
  const value = new URLSearchParams(window.location.search).get(TUTORIAL_PARAM);
  // A step link has no state fragment: the step sets the explorer. A shared link with `#s=` keeps its state.
  return { value, apply: !/[#&]s=/.test(window.location.hash) };
}

/**
 * Mounts the tutorial: a button while closed, the lazily loaded panel once open. Which step is
 * open lives in the URL (`?tutorial=<lesson>/<step>`), beside the state fragment.
 */
export function TutorialHost(): ReactNode {
  const [opened] = useState(readOpenedStep);
  const [value, setValue] = useState<string | null>(opened.value);
  const [applyInitial, setApplyInitial] = useState(opened.apply);
  const lang = useExplorer(selectLang);
  const store = useExplorerStore();
  // The reader's own state while the tutorial's steps drive the explorer; closing restores it.
  const [snapshot, setSnapshot] = useState<ExplorerSnapshot | null>(() =>
    opened.value !== null && opened.apply ? takeSnapshot(store) : null,
  );
  useEffect(() => {
    const next = withTutorialParam(window.location.href, value ?? undefined);
    if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
  }, [value]);
  const close = useCallback(() => {
    if (snapshot) restoreSnapshot(store, snapshot);
    setSnapshot(null);
    setValue(null);
  }, [snapshot, store]);
  const keep = useCallback(() => setSnapshot(null), []);
  if (value === null) {
    return (
      <button
        type="button"
        className="tutorial-open"
        data-testid="tutorial-open"
        onClick={() => {
          setSnapshot(takeSnapshot(store));
          setApplyInitial(true);
          setValue('');
        }}
      >
        {OPEN_LABEL[lang]}
      </button>
    );
  }
  return (
    <Suspense fallback={<aside className="tutorial-panel" aria-busy="true" />}>
      <TutorialPanel
        value={value}
        applyInitial={applyInitial}
        onChange={setValue}
        onClose={close}
        snapshot={snapshot}
        onKeep={keep}
      />
    </Suspense>
  );
}
