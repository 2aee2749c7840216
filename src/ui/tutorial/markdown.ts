/**
 * A tiny Markdown subset for lesson text: `#`–`####` headings, paragraphs, fenced code, `-`/`1.`
 * lists, `**bold**`, `*italic*`, `` `code` `` and `[text](href)`. It builds data, never HTML, so
 * the view renders React elements and nothing in a lesson can inject markup.
 */

export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'strong'; readonly children: readonly Inline[] }
  | { readonly kind: 'em'; readonly children: readonly Inline[] }
  | { readonly kind: 'link'; readonly href: string; readonly children: readonly Inline[] };

export type Block =
  | {
      readonly kind: 'heading';
      readonly level: 1 | 2 | 3 | 4;
      readonly children: readonly Inline[];
    }
  | { readonly kind: 'paragraph'; readonly children: readonly Inline[] }
  | { readonly kind: 'code'; readonly lang: string; readonly text: string }
  | {
      readonly kind: 'list';
      readonly ordered: boolean;
      readonly items: readonly (readonly Inline[])[];
    };

const LIST_ITEM = /^\s*(?:([-*])|(\d+)\.)\s+(.*)$/;
const HEADING = /^(#{1,4})\s+(.*)$/;

/**
 * Parses lesson Markdown into blocks.
 *
 * @example
 * parseMarkdown('# Hi\n\nSome **bold** text.'); // [{ kind: 'heading', level: 1, … }, { kind: 'paragraph', … }]
 */
export function parseMarkdown(source: string): readonly Block[] {
  const lines = source.replaceAll('\r\n', '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = (): void => {
    if (para.length > 0) blocks.push({ kind: 'paragraph', children: parseInline(joinLines(para)) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = /^```(\S*)\s*$/.exec(line);
    const heading = HEADING.exec(line);
    const item = LIST_ITEM.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? '').startsWith('```'); i++)
        body.push(lines[i] ?? '');
      blocks.push({ kind: 'code', lang: fence[1] ?? '', text: body.join('\n') });
    } else if (heading) {
      flush();
      const level = Math.min(4, heading[1]?.length ?? 1) as 1 | 2 | 3 | 4;
      blocks.push({ kind: 'heading', level, children: parseInline(heading[2] ?? '') });
    } else if (item) {
      flush();
      const ordered = item[2] !== undefined;
      const items: Inline[][] = [];
      for (; i < lines.length; i++) {
        const m = LIST_ITEM.exec(lines[i] ?? '');
        if (m && (m[2] !== undefined) === ordered) items.push([...parseInline(m[3] ?? '')]);
        else if (/^\s{2,}\S/.test(lines[i] ?? '') && items.length > 0)
          items.at(-1)?.push(...parseInline(` ${(lines[i] ?? '').trim()}`));
        else break;
      }
      i--;
      blocks.push({ kind: 'list', ordered, items });
    } else if (line.trim() === '') {
      flush();
    } else {
      para.push(line.trim());
    }
  }
  flush();
  return blocks;
}

const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

/**
 * Joins a paragraph's source lines: a space between words, none where a line break falls next to
 * Chinese text (Chinese puts no spaces between sentences or words).
 *
 * @example
 * joinLines(['第一句。', '第二句', 'and more']); // '第一句。第二句and more'
 */
export function joinLines(lines: readonly string[]): string {
  let out = '';
  for (const line of lines) {
    if (out !== '' && !CJK.test(out.at(-1) ?? '') && !CJK.test(line.charAt(0))) out += ' ';
    out += line;
  }
  return out;
}

/** Markers in the order they are tried at each position. */
const INLINE = /`([^`]+)`|\*\*(.+?)\*\*|\*([^*\s][^*]*?)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

/**
 * Parses one paragraph's inline markup; unmatched markers stay plain text.
 *
 * @example
 * parseInline('a `b` **c**'); // [text 'a ', code 'b', text ' ', strong [text 'c']]
 */
export function parseInline(text: string): readonly Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push({ kind: 'text', text: text.slice(last, m.index) });
    last = m.index + m[0].length;
    if (m[1] !== undefined) out.push({ kind: 'code', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'strong', children: parseInline(m[2]) });
    else if (m[3] !== undefined) out.push({ kind: 'em', children: parseInline(m[3]) });
    else if (m[4] !== undefined && m[5] !== undefined) {
      const children = parseInline(m[4]);
      out.push(
        isSafeHref(m[5]) ? { kind: 'link', href: m[5], children } : { kind: 'strong', children },
      );
    }
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/**
 * Only web links and in-page anchors: a lesson must not be able to run `javascript:`.
 *
 * @example
 * isSafeHref('javascript:alert(1)'); // false
 */
export function isSafeHref(href: string): boolean {
  return /^(https?:\/\/|#|\.\/)/.test(href);
}

/**
 * Splits a lesson's Markdown into its step sections (`<!-- step: id -->` starts one).
 *
 * @example
 * splitSteps('<!-- step: a -->\nA\n<!-- step: b -->\nB').get('b'); // 'B'
 */
export function splitSteps(source: string): ReadonlyMap<string, string> {
  const sections = new Map<string, string>();
  let id: string | undefined;
  let body: string[] = [];
  const close = (): void => {
    if (id !== undefined) sections.set(id, body.join('\n').trim());
  };
  for (const line of source.replaceAll('\r\n', '\n').split('\n')) {
    const marker = /^<!--\s*step:\s*([\w-]+)\s*-->\s*$/.exec(line);
    if (marker) {
      close();
      id = marker[1];
      body = [];
    } else body.push(line);
  }
  close();
  return sections;
}
