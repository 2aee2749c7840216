import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { assertNever, PROFILES } from '@core';
import { createTranslator, detectLang } from './i18n/translate.ts';
import { App } from './app/app.tsx';
import { embedInitialState, mountEmbed } from './embed/embed-main.tsx';
import { parseEmbedParams } from './embed/embed-params.ts';
import { ExplorerProvider } from './store/context.tsx';
import { createDeriver } from './state/derive.ts';
import type { Deriver } from './store/derived.ts';
import { decodeHash } from './store/permalink.ts';
import { createAsyncPasted, createPastedWorker } from './state/pasted-async.ts';
import { createAsyncPath, createPathWorker } from './path/path-async.ts';
import { createExplorerStore, defaultPersistedState } from './store/store.ts';
import type { PersistedState } from './store/store.ts';
import { startUrlSync } from './store/url-sync.ts';
import { applyEmbeddedStep } from './tutorial/embed-step.ts';
import './styles/app.css';

// `?embed=<view>`: one view for a docs page's iframe (docs/embed.md).
const embed = parseEmbedParams(window.location.search);

function readInitialState(): { state: PersistedState; notice?: string } {
  const lang = embed?.lang ?? detectLang(navigator.languages);
  const fallback = defaultPersistedState(PROFILES.latest.defaultArgs, lang);
  const decoded = decodeHash(window.location.hash, lang);
  switch (decoded.kind) {
    case 'none':
      return { state: embed ? embedInitialState(embed, undefined, fallback) : fallback };
    case 'ok':
      return { state: embed ? embedInitialState(embed, decoded.state, fallback) : decoded.state };
    case 'invalid':
      return {
        state: fallback,
        notice: createTranslator(lang)('app.linkInvalid', { reason: decoded.reason }),
      };
    default:
      return assertNever(decoded);
  }
}

const { state, notice } = readInitialState();
const store = createExplorerStore(state);
// Big pasted dumps are parsed in a worker; the store's revision bump re-runs the selectors.
// The Bookinfo path is computed in its own worker (started when the path view first needs it).
const bump = (): void => store.getState().bumpAsyncRevision();
const derive = createDeriver({
  pasted: createAsyncPasted(createPastedWorker(), bump),
  path: createAsyncPath(createPathWorker(), bump),
});
// A fresh synchronous deriver for features that need one of their own (diff against another
// profile, tutorial exercise checks): they get it through the provider, not from ui/state/.
const newDeriver = (): Deriver => createDeriver();
startUrlSync(store, window);

const root = document.getElementById('root');
if (root && embed) {
  // `&tutorial=<lesson>/<step>` (embed.js `data-step`): the step's state first (src/ui/tutorial).
  void applyEmbeddedStep(store, window.location.search, window.location.hash).then(() =>
    mountEmbed(embed, store, derive, newDeriver, root),
  );
} else if (root) {
  createRoot(root).render(
    <StrictMode>
      <ExplorerProvider store={store} derive={derive} newDeriver={newDeriver}>
        <App {...(notice === undefined ? {} : { notice })} />
      </ExplorerProvider>
    </StrictMode>,
  );
}
