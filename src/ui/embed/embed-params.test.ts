import { describe, expect, it } from 'vitest';
import { buildEmbedUrl, buildIframeSnippet, parseEmbedParams } from './embed-params.ts';

describe('parseEmbedParams', () => {
  it('is undefined without ?embed=', () => {
    expect(parseEmbedParams('')).toBeUndefined();
    expect(parseEmbedParams('?lang=zh')).toBeUndefined();
  });

  it('reads the view, read-only, args, lang, theme and origin', () => {
    expect(
      parseEmbedParams(
        '?embed=graph&readonly=1&args=-p%2015001%20-u%201337&lang=zh&theme=dark&origin=https://docs.example/x',
      ),
    ).toEqual({
      view: 'graph',
      readonly: true,
      args: '-p 15001 -u 1337',
      lang: 'zh',
      theme: 'dark',
      origin: 'https://docs.example',
    });
  });

  it("reads 'editor+rules' whether the + is encoded or not", () => {
    expect(parseEmbedParams('?embed=editor+rules')?.view).toBe('editor+rules');
    expect(parseEmbedParams('?embed=editor%2Brules')?.view).toBe('editor+rules');
  });

  it('falls back to the rules for an unknown view and drops bad values', () => {
    expect(
      parseEmbedParams('?embed=nope&lang=fr&theme=pink&readonly=yes&origin=javascript:1'),
    ).toEqual({
      view: 'rules',
      badView: 'nope',
      readonly: false,
    });
  });
});

describe('embed URL and snippet', () => {
  it('builds a URL that parses back to the same view', () => {
    const url = buildEmbedUrl(
      'https://x.dev/explorer/',
      { view: 'editor+rules', readonly: true },
      's=abc',
    );
    expect(url).toBe('https://x.dev/explorer/?embed=editor%2Brules&readonly=1#s=abc');
    expect(parseEmbedParams(new URL(url).search)).toEqual({ view: 'editor+rules', readonly: true });
  });

  it('escapes attributes and clamps the height', () => {
    const s = buildIframeSnippet('https://x.dev/?embed=rules&readonly=1#s=a"b', 'A <b> "c"', 99999);
    expect(s).toContain('src="https://x.dev/?embed=rules&amp;readonly=1#s=a&quot;b"');
    expect(s).toContain('title="A &lt;b&gt; &quot;c&quot;"');
    expect(s).toContain('height="4000"');
  });
});
