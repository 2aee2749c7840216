import { memo } from 'react';
import type { ReactNode } from 'react';
import { assertNever } from '@core';
import type { Block, Inline } from './markdown.ts';
import { parseMarkdown } from './markdown.ts';

function renderInline(nodes: readonly Inline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.kind) {
      case 'text':
        return n.text;
      case 'code':
        return <code key={i}>{n.text}</code>;
      case 'strong':
        return <strong key={i}>{renderInline(n.children)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(n.children)}</em>;
      case 'link':
        return (
          <a
            key={i}
            href={n.href}
            target={n.href.startsWith('#') ? undefined : '_blank'}
            rel="noreferrer"
          >
            {renderInline(n.children)}
          </a>
        );
      default:
        return assertNever(n);
    }
  });
}

function renderBlock(b: Block, i: number): ReactNode {
  switch (b.kind) {
    case 'heading': {
      // Lesson headings sit under the panel's own h2.
      const Tag = (['h3', 'h3', 'h4', 'h5'] as const)[b.level - 1] ?? 'h5';
      return <Tag key={i}>{renderInline(b.children)}</Tag>;
    }
    case 'paragraph':
      return <p key={i}>{renderInline(b.children)}</p>;
    case 'code':
      return (
        <pre key={i}>
          <code>{b.text}</code>
        </pre>
      );
    case 'list': {
      const items = b.items.map((item, j) => <li key={j}>{renderInline(item)}</li>);
      return b.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
    }
    default:
      return assertNever(b);
  }
}

/** Lesson Markdown as React elements (no HTML strings anywhere). */
export const MarkdownView = memo(function MarkdownView(props: { source: string }): ReactNode {
  return <div className="tutorial-text">{parseMarkdown(props.source).map(renderBlock)}</div>;
});
