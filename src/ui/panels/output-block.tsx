import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { copyText, downloadText } from './clipboard.ts';
import { HighlightedText, MAX_RENDERED_LINES } from './highlighted-text.tsx';
import type { TextBlock } from './tab-blocks.ts';

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

type CopyStatus = 'idle' | 'copied' | 'failed';

const STATUS_TEXT: Readonly<Record<CopyStatus, MessageKey | undefined>> = {
  idle: undefined,
  copied: 'block.copied',
  failed: 'block.copyFailed',
};

/** A titled, read-only text block with copy and download buttons. */
export function OutputBlock(props: { block: TextBlock }): ReactNode {
  const { block } = props;
  const [status, setStatus] = useState<CopyStatus>('idle');
  const t = useT();
  const statusKey = STATUS_TEXT[status];
  const lineCount = useMemo(() => countLines(block.text), [block.text]);
  useEffect(() => {
    if (status === 'idle') return undefined;
    const timer = setTimeout(() => setStatus('idle'), 1500);
    return () => clearTimeout(timer);
  }, [status]);
  const titleId = `block-title-${block.id}`;
  return (
    <section className="block" aria-labelledby={titleId} data-testid={`block-${block.id}`}>
      <div className="block-header">
        <h3 id={titleId}>{block.title}</h3>
        <span className="status" role="status">
          {statusKey === undefined ? '' : t(statusKey)}
        </span>
        <button
          type="button"
          className="button"
          aria-label={t('block.copyAria', { title: block.title })}
          onClick={() => {
            void copyText(block.text).then((ok) => setStatus(ok ? 'copied' : 'failed'));
          }}
        >
          {t('block.copy')}
        </button>
        <button
          type="button"
          className="button"
          aria-label={t('block.downloadAria', { title: block.title })}
          onClick={() => downloadText(block.filename, block.text)}
        >
          {t('block.download')}
        </button>
      </div>
      <pre data-testid="output-text" tabIndex={0} aria-label={block.title}>
        <HighlightedText text={block.text} ruleLines={block.id.startsWith('save-')} />
      </pre>
      {lineCount > MAX_RENDERED_LINES && (
        <p className="empty-note" role="note">
          {t('rules.truncated', { shown: MAX_RENDERED_LINES, total: lineCount })}
        </p>
      )}
    </section>
  );
}
