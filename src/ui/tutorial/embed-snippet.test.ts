import { describe, expect, it } from 'vitest';
import { parseEmbedParams } from '../embed/embed-params.ts';
import { buildStepEmbedSnippets } from './embed-snippet.ts';
import { resolveLocation } from './tutorial-location.ts';
import { LESSONS } from './lessons/index.ts';

describe('buildStepEmbedSnippets', () => {
  const s = buildStepEmbedSnippets(
    'https://docs.example/explorer/?tutorial=intercept%2Fdns#s=abc',
    'intercept/dns',
    'editor+rules',
    'zh',
  );

  it('points the loader at embed.js beside the explorer, whatever sub-path it is on', () => {
    expect(s.loader).toBe(
      '<div data-intercept-explorer="editor+rules" data-step="intercept/dns" data-lang="zh"></div>\n' +
        '<script src="https://docs.example/explorer/embed.js" async></script>',
    );
  });

  it('makes an iframe URL that the embed mode and the tutorial both read back', () => {
    const src = /src="([^"]+)"/.exec(s.iframe)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const url = new URL(src);
    expect(url.origin + url.pathname).toBe('https://docs.example/explorer/');
    expect(url.hash).toBe('');
    expect(parseEmbedParams(url.search)).toMatchObject({ view: 'editor+rules', lang: 'zh' });
    expect(
      resolveLocation(LESSONS, url.searchParams.get('tutorial'))?.lesson.steps[
        resolveLocation(LESSONS, 'intercept/dns')?.index ?? -1
      ]?.id,
    ).toBe('dns');
  });

  it('escapes attribute text', () => {
    expect(buildStepEmbedSnippets('https://x/', 'a"b', 'rules', 'en').loader).toContain(
      'data-step="a&quot;b"',
    );
  });
});
