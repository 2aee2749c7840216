import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import { useT } from '../i18n/use-t.ts';
import { copyText } from '../panels/clipboard.ts';
import { useExplorerStore } from '../store/context.tsx';
import { encodeHash } from '../store/permalink.ts';
import { pickPersisted } from '../store/store.ts';
import { buildEmbedUrl, buildIframeSnippet, EMBED_VIEWS } from '../embed/embed-params.ts';
import type { EmbedView } from '../embed/embed-params.ts';
import { pageBase, shareUrl } from './share-link.ts';
import './share.css';

type Open = 'none' | 'share' | 'embed';
type CopyStatus = 'idle' | 'copied' | 'failed';

/** Esc closes the popover and gives the focus back to its button. */
function usePopover(
  open: boolean,
  close: () => void,
): {
  popover: RefObject<HTMLDivElement | null>;
  onKeyDown: (e: KeyboardEvent) => void;
} {
  const popover = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open)
      popover.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
  }, [open]);
  return {
    popover,
    onKeyDown: (e) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      close();
    },
  };
}

function EmbedForm(props: {
  status: CopyStatus;
  onCopy: (text: string) => void;
  onClose: () => void;
}): ReactNode {
  const t = useT();
  const store = useExplorerStore();
  const [view, setView] = useState<EmbedView>('rules');
  const [readonly, setReadonly] = useState(true);
  const [height, setHeight] = useState(480);
  const ids = useId();
  const url = buildEmbedUrl(
    pageBase(window.location.href),
    { view, readonly },
    encodeHash(pickPersisted(store.getState())),
  );
  const snippet = buildIframeSnippet(
    url,
    t('embed.aria', { view: t(`embed.view.${view}`) }),
    height,
  );
  return (
    <>
      <label className="control">
        {t('share.embedView')}
        <select
          value={view}
          onChange={(e) => setView(EMBED_VIEWS.find((v) => v === e.target.value) ?? 'rules')}
        >
          {EMBED_VIEWS.map((v) => (
            <option key={v} value={v}>
              {t(`embed.view.${v}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="control">
        <input type="checkbox" checked={readonly} onChange={(e) => setReadonly(e.target.checked)} />
        {t('share.readonly')}
      </label>
      <label className="control">
        {t('share.height')}
        <input
          type="number"
          min={120}
          max={4000}
          step={20}
          value={height}
          onChange={(e) => setHeight(Number(e.target.value))}
        />
      </label>
      <label className="share-field" htmlFor={`${ids}-snippet`}>
        {t('share.snippet')}
      </label>
      <textarea
        id={`${ids}-snippet`}
        readOnly
        value={snippet}
        rows={4}
        data-testid="embed-snippet"
        onFocus={(e) => e.target.select()}
      />
      <div className="share-actions">
        <span role="status">
          {props.status === 'idle'
            ? ''
            : t(props.status === 'copied' ? 'block.copied' : 'block.copyFailed')}
        </span>
        <button type="button" className="button" onClick={() => props.onCopy(snippet)}>
          {t('share.copySnippet')}
        </button>
        <button type="button" className="button" onClick={props.onClose}>
          {t('share.close')}
        </button>
      </div>
    </>
  );
}

/** Header buttons: "Share" copies a link that reopens this exact state; "Embed" makes an iframe snippet. */
export function ShareMenu(): ReactNode {
  const t = useT();
  const store = useExplorerStore();
  const [open, setOpen] = useState<Open>('none');
  const [link, setLink] = useState('');
  const [status, setStatus] = useState<CopyStatus>('idle');
  // Fixed under the header's buttons, against the viewport's right edge (the header wraps on narrow screens).
  const [top, setTop] = useState(0);
  const place = (button: HTMLButtonElement | null): void =>
    setTop((button?.getBoundingClientRect().bottom ?? 0) + 6);
  const shareButton = useRef<HTMLButtonElement>(null);
  const embedButton = useRef<HTMLButtonElement>(null);
  const close = (): void => {
    const back = open === 'embed' ? embedButton.current : shareButton.current;
    setOpen('none');
    back?.focus();
  };
  const { popover, onKeyDown } = usePopover(open !== 'none', close);
  const copy = (text: string): void => {
    void copyText(text).then((ok) => setStatus(ok ? 'copied' : 'failed'));
  };
  return (
    <div className="share-menu" onKeyDown={onKeyDown}>
      <button
        ref={shareButton}
        type="button"
        className="button"
        title={t('share.title')}
        aria-expanded={open === 'share'}
        onClick={() => {
          const url = shareUrl(window.location.href, store.getState());
          setLink(url);
          place(shareButton.current);
          setStatus('idle');
          setOpen('share');
          copy(url);
        }}
      >
        {t('share.button')}
      </button>
      <button
        ref={embedButton}
        type="button"
        className="button"
        title={t('share.embedTitle')}
        aria-expanded={open === 'embed'}
        onClick={() => {
          setStatus('idle');
          place(embedButton.current);
          setOpen(open === 'embed' ? 'none' : 'embed');
        }}
      >
        {t('share.embed')}
      </button>
      {open !== 'none' && (
        <div
          ref={popover}
          className="share-popover"
          role="dialog"
          aria-label={t(open === 'share' ? 'share.link' : 'share.embedDialog')}
          data-testid={`${open}-popover`}
          style={{ top }}
        >
          {open === 'share' ? (
            <>
              <label className="share-field">
                {t('share.link')}
                <input
                  type="text"
                  readOnly
                  value={link}
                  data-testid="share-link"
                  onFocus={(e) => e.target.select()}
                />
              </label>
              <div className="share-actions">
                <span role="status">
                  {status === 'idle'
                    ? ''
                    : t(status === 'copied' ? 'share.copied' : 'share.copyFailed')}
                </span>
                <button type="button" className="button" onClick={close}>
                  {t('share.close')}
                </button>
              </div>
            </>
          ) : (
            <EmbedForm status={status} onCopy={copy} onClose={close} />
          )}
        </div>
      )}
    </div>
  );
}
