import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ExplorerProvider } from '../store/context.tsx';
import type { Deriver } from '../store/derived.ts';
import type { ExplorerStore, PersistedState } from '../store/store.ts';
import { EMBED_ROOT_ID, EmbedApp } from './embed-app.tsx';
import { startEmbedBridge } from './embed-bridge.ts';
import type { EmbedParams } from './embed-params.ts';

/**
 * The initial state of an embed: the `#s=` state when there is one, otherwise the defaults with
 * `&args=` as the editor text; `&lang=` overrides either.
 *
 * @example
 * embedInitialState(params, undefined, defaultPersistedState('-p 15001')).input.text; // params.args
 */
export function embedInitialState(
  params: EmbedParams,
  fromHash: PersistedState | undefined,
  fallback: PersistedState,
): PersistedState {
  const base =
    fromHash ??
    (params.args === undefined
      ? fallback
      : { ...fallback, input: { mode: 'args', text: params.args } });
  return params.lang === undefined ? base : { ...base, lang: params.lang };
}

/** Renders the embed view and starts the postMessage bridge. */
export function mountEmbed(
  params: EmbedParams,
  store: ExplorerStore,
  derive: Deriver,
  newDeriver: () => Deriver,
  root: HTMLElement,
): void {
  const html = document.documentElement;
  html.dataset['embed'] = params.view;
  if (params.theme !== undefined) html.dataset['theme'] = params.theme;
  if (params.view === 'path') store.getState().setMainView('path');
  const appUrl = `${window.location.origin}${window.location.pathname}`;
  createRoot(root).render(
    <StrictMode>
      <ExplorerProvider store={store} derive={derive} newDeriver={newDeriver}>
        <EmbedApp params={params} appUrl={appUrl} />
      </ExplorerProvider>
    </StrictMode>,
  );
  startEmbedBridge(store, derive, window, {
    ...(params.origin === undefined ? {} : { origin: params.origin }),
    measure: () => document.getElementById(EMBED_ROOT_ID),
  });
}
