import { useState } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { StackedLayout, PhoneLayout } from '../layout/narrow-layout.tsx';
import { SkipLinks } from '../layout/skip-links.tsx';
import { useLayoutMode, useLayoutPreset } from '../layout/use-layout.ts';
import { WideLayout } from '../layout/wide-layout.tsx';
import { TutorialHost } from '../tutorial/tutorial-host.tsx';
import { Header } from './header.tsx';
import { ViewBoundary } from './view-boundary.tsx';

/** The page: skip links, header, then the workspace in the arrangement the viewport fits. */
export function App(props: { notice?: string }): ReactNode {
  const [notice, setNotice] = useState(props.notice);
  const t = useT();
  const mode = useLayoutMode();
  const preset = useLayoutPreset();
  const failed = (message: string): ReactNode => (
    <p className="panel empty-note" role="alert">
      {t('app.viewFailed', { message })}
    </p>
  );
  const tutorial = (
    <ViewBoundary fallback={failed}>
      <TutorialHost />
    </ViewBoundary>
  );
  return (
    <div className="app" data-layout-mode={mode}>
      <SkipLinks />
      <Header tutorial={tutorial} wide={mode === 'wide'} />
      {notice !== undefined && (
        <div className="notice" role="alert">
          {notice}
          <button type="button" className="button" onClick={() => setNotice(undefined)}>
            {t('app.dismiss')}
          </button>
        </div>
      )}
      <main className="workspace-host" id="main" tabIndex={-1}>
        {mode === 'wide' ? (
          <WideLayout key={preset} preset={preset} />
        ) : mode === 'phone' ? (
          <PhoneLayout />
        ) : (
          <StackedLayout />
        )}
      </main>
    </div>
  );
}
