import { describe, expect, it } from 'vitest';
import { isSafeHref, joinLines, parseInline, parseMarkdown, splitSteps } from './markdown.ts';

describe('parseMarkdown', () => {
  it('reads headings, paragraphs joined across lines, fenced code and lists', () => {
    const blocks = parseMarkdown(
      '## Title\n\nOne\ntwo.\n\n```\na  b\n```\n- x\n- **y**\n\n1. first\n2. second\n',
    );
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'code', 'list', 'list']);
    expect(blocks[1]).toEqual({
      kind: 'paragraph',
      children: [{ kind: 'text', text: 'One two.' }],
    });
    expect(blocks[2]).toEqual({ kind: 'code', lang: '', text: 'a  b' });
    expect(blocks[3]).toMatchObject({
      ordered: false,
      items: [[{ text: 'x' }], [{ kind: 'strong' }]],
    });
    expect(blocks[4]).toMatchObject({ ordered: true });
  });

  it('keeps an unterminated fence as code to the end instead of looping', () => {
    expect(parseMarkdown('```sh\nx')).toEqual([{ kind: 'code', lang: 'sh', text: 'x' }]);
  });

  it('joins indented continuation lines into the list item', () => {
    const [list] = parseMarkdown('- a\n  b');
    expect(list).toEqual({
      kind: 'list',
      ordered: false,
      items: [
        [
          { kind: 'text', text: 'a' },
          { kind: 'text', text: ' b' },
        ],
      ],
    });
  });
});

describe('joinLines', () => {
  it('puts a space between English lines and none at a line break beside Chinese', () => {
    expect(joinLines(['one', 'two'])).toBe('one two');
    expect(joinLines(['子集。', '没有 VirtualService 时，', 'reviews'])).toBe(
      '子集。没有 VirtualService 时，reviews',
    );
  });
});

describe('parseInline', () => {
  it('reads code, bold, italic and links, leaving stray markers as text', () => {
    expect(parseInline('a `-p` **b** *c* [d](https://istio.io) 2 * 3')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'code', text: '-p' },
      { kind: 'text', text: ' ' },
      { kind: 'strong', children: [{ kind: 'text', text: 'b' }] },
      { kind: 'text', text: ' ' },
      { kind: 'em', children: [{ kind: 'text', text: 'c' }] },
      { kind: 'text', text: ' ' },
      { kind: 'link', href: 'https://istio.io', children: [{ kind: 'text', text: 'd' }] },
      { kind: 'text', text: ' 2 * 3' },
    ]);
  });

  it('never makes a link of a script URL, and never interprets HTML', () => {
    expect(parseInline('[x](javascript:alert(1))')[0]?.kind).not.toBe('link');
    expect(isSafeHref('javascript:alert(1)')).toBe(false);
    expect(isSafeHref('https://istio.io')).toBe(true);
    expect(parseInline('<img src=x onerror=alert(1)>')).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)>' },
    ]);
  });
});

describe('splitSteps', () => {
  it('maps each step marker to its trimmed section', () => {
    const s = splitSteps('ignored\n<!-- step: a -->\n## A\n\n<!-- step: b-2 -->\nB\n');
    expect([...s.entries()]).toEqual([
      ['a', '## A'],
      ['b-2', 'B'],
    ]);
  });
});
