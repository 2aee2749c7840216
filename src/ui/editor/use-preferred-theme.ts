import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

// An embed's `&theme=` (html[data-theme]) wins over the OS scheme.
const forcedTheme = (): string | undefined => document.documentElement.dataset['theme'];
const readTheme = (): 'light' | 'dark' => {
  const forced = forcedTheme();
  if (forced === 'light' || forced === 'dark') return forced;
  return window.matchMedia(QUERY).matches ? 'dark' : 'light';
};

/** The OS colour scheme, live; the CSS follows it through the same media query. */
export function usePreferredTheme(): 'light' | 'dark' {
  return useSyncExternalStore(subscribe, readTheme, () => 'light');
}
