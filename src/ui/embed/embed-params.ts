import { isLang } from '../i18n/translate.ts';
import type { Lang } from '../i18n/messages.ts';

/** The views a page can embed (`?embed=<view>`). */
export type EmbedView = 'rules' | 'graph' | 'workbench' | 'path' | 'editor+rules';

export const EMBED_VIEWS: readonly EmbedView[] = [
  'rules',
  'graph',
  'workbench',
  'path',
  'editor+rules',
];

export type EmbedTheme = 'light' | 'dark';

/** What the embed URL asks for. */
export interface EmbedParams {
  readonly view: EmbedView;
  /** The `embed=` value when it named no known view (the rules are shown, with a notice). */
  readonly badView?: string;
  readonly readonly: boolean;
  /** Plain-text istio-init args (`&args=`), for hand-written docs links; `#s=` wins over it. */
  readonly args?: string;
  readonly lang?: Lang;
  readonly theme?: EmbedTheme;
  /** `&origin=`: the only parent origin whose messages are accepted and that replies go to. */
  readonly origin?: string;
}

/** Hand-written args longer than this are ignored (a URL is not a place for a 5 MB dump). */
const MAX_ARGS_LENGTH = 100_000;

function readView(raw: string): EmbedView | undefined {
  // In a query string '+' reads as a space: `?embed=editor+rules` arrives as 'editor rules'.
  const v = raw.trim().replace(/ /g, '+');
  return (EMBED_VIEWS as readonly string[]).includes(v) ? (v as EmbedView) : undefined;
}

function readOrigin(raw: string | null): string | undefined {
  if (raw === null) return undefined;
  try {
    const url = new URL(raw);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Reads the embed parameters of a page URL's query; undefined when the page is not embedded.
 *
 * @example
 * parseEmbedParams('?embed=rules&readonly=1&args=-p%2015001&theme=dark');
 * // { view: 'rules', readonly: true, args: '-p 15001', theme: 'dark' }
 */
export function parseEmbedParams(search: string): EmbedParams | undefined {
  const q = new URLSearchParams(search);
  const raw = q.get('embed');
  if (raw === null) return undefined;
  const view = readView(raw);
  const args = q.get('args');
  const lang = q.get('lang');
  const theme = q.get('theme');
  const origin = readOrigin(q.get('origin'));
  const ro = q.get('readonly');
  return {
    view: view ?? 'rules',
    ...(view === undefined ? { badView: raw } : {}),
    readonly: ro === '1' || ro === 'true',
    ...(args !== null && args.length <= MAX_ARGS_LENGTH ? { args } : {}),
    ...(isLang(lang) ? { lang } : {}),
    ...(theme === 'light' || theme === 'dark' ? { theme } : {}),
    ...(origin === undefined ? {} : { origin }),
  };
}

/**
 * The URL of an embed of the current state: the page's own address (works from any sub-path)
 * with `?embed=` and the state's `#s=` fragment.
 *
 * @example
 * buildEmbedUrl('https://x.dev/explorer/', { view: 'graph', readonly: true }, 's=N4Ig');
 * // 'https://x.dev/explorer/?embed=graph&readonly=1#s=N4Ig'
 */
export function buildEmbedUrl(
  base: string,
  options: { view: EmbedView; readonly: boolean; theme?: EmbedTheme },
  hash: string,
): string {
  const q = new URLSearchParams({ embed: options.view });
  if (options.readonly) q.set('readonly', '1');
  if (options.theme !== undefined) q.set('theme', options.theme);
  return `${base}?${q.toString()}#${hash}`;
}

function escapeAttribute(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/**
 * The `<iframe>` a docs page pastes.
 *
 * @example
 * buildIframeSnippet('https://x.dev/?embed=rules#s=…', 'Intercept Explorer', 480);
 * // '<iframe src="https://x.dev/?embed=rules#s=…" title="Intercept Explorer" …></iframe>'
 */
export function buildIframeSnippet(url: string, title: string, height: number): string {
  const h = Number.isFinite(height) ? Math.min(4000, Math.max(120, Math.round(height))) : 480;
  return `<iframe src="${escapeAttribute(url)}" title="${escapeAttribute(title)}" width="100%" height="${h}" style="border:0" loading="lazy"></iframe>`;
}
