import type { EmbedView } from '../embed/embed-params.ts';
import type { Lang } from '../i18n/messages.ts';
import { TUTORIAL_PARAM } from './tutorial-location.ts';

/** The two ways to embed a step: the loader placeholder (with its script) and a bare iframe. */
export interface StepEmbedSnippets {
  readonly loader: string;
  readonly iframe: string;
}

function escapeAttr(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

/**
 * The snippets that embed a tutorial step (`lesson/step`) as `view`, pointing at the explorer the
 * reader is on (`pageHref`: any sub-path; query and fragment are dropped).
 *
 * @example
 * buildStepEmbedSnippets('https://d.io/x/?tutorial=a%2Fb#s=1', 'intercept/dns', 'graph', 'en').loader;
 * // '<div data-intercept-explorer="graph" data-step="intercept/dns" data-lang="en"></div>\n<script src="https://d.io/x/embed.js" async></script>'
 */
export function buildStepEmbedSnippets(
  pageHref: string,
  value: string,
  view: EmbedView,
  lang: Lang,
): StepEmbedSnippets {
  const base = new URL('./', pageHref);
  base.search = '';
  base.hash = '';
  const frame = new URL(base.href);
  frame.searchParams.set('embed', view);
  frame.searchParams.set(TUTORIAL_PARAM, value);
  frame.searchParams.set('lang', lang);
  const attrs = `data-intercept-explorer="${escapeAttr(view)}" data-step="${escapeAttr(value)}" data-lang="${lang}"`;
  return {
    loader: `<div ${attrs}></div>\n<script src="${escapeAttr(new URL('embed.js', base).href)}" async></script>`,
    iframe: `<iframe src="${escapeAttr(frame.href)}" title="Intercept Explorer: ${escapeAttr(value)}" width="100%" height="560" style="border:0" loading="lazy"></iframe>`,
  };
}
