import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

const readTheme = (): 'light' | 'dark' => (window.matchMedia(QUERY).matches ? 'dark' : 'light');

/** The OS colour scheme, live; the CSS follows it through the same media query. */
export function usePreferredTheme(): 'light' | 'dark' {
  return useSyncExternalStore(subscribe, readTheme, () => 'light');
}
