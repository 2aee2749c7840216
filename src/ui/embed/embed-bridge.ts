import { assertNever } from '@core';
import type { Deriver } from '../store/derived.ts';
import { encodeHash } from '../store/permalink.ts';
import { pickPersisted } from '../store/store.ts';
import type { ExplorerStore, PacketField } from '../store/store.ts';
import { readInboundMessage } from './embed-messages.ts';
import type { InboundMessage, OutboundMessage } from './embed-messages.ts';

/** How long the state must settle before `intercept:state` is sent (typing, like the URL sync). */
const STATE_DELAY_MS = 300;

export interface EmbedBridgeOptions {
  /** Only this parent origin may drive the frame, and replies go only there (`&origin=`). */
  readonly origin?: string;
  /** The element whose height is reported (the embed's root). */
  readonly measure: () => HTMLElement | null;
}

function applyMessage(store: ExplorerStore, msg: InboundMessage): void {
  const s = store.getState();
  switch (msg.type) {
    case 'intercept:set-args':
      // istio-init args: the sidecar data plane.
      s.setDataplane('sidecar');
      if (s.input.mode !== 'args') s.setInputMode('args', msg.text);
      store.getState().setInputText(msg.text);
      return;
    case 'intercept:set-version':
      s.setVersion(msg.version);
      return;
    case 'intercept:trace':
      for (const [field, value] of Object.entries(msg.packet))
        s.setPacketField(field as PacketField, value);
      return;
    default:
      assertNever(msg);
  }
}

/**
 * The frame's side of the postMessage API (docs/embed.md): validated parent messages drive the
 * store; the frame announces itself, reports its content height and its state (the permalink
 * hash and the number of diagnostics). Returns a function that stops it.
 *
 * @example
 * const stop = startEmbedBridge(store, derive, window, { measure: () => document.getElementById('root') });
 */
export function startEmbedBridge(
  store: ExplorerStore,
  derive: Deriver,
  win: Window,
  options: EmbedBridgeOptions,
): () => void {
  const post = (msg: OutboundMessage): void => win.parent.postMessage(msg, options.origin ?? '*');
  const onMessage = (e: MessageEvent): void => {
    // Only the embedding page (and, with &origin=, only from that origin) may drive the frame.
    if (e.source !== win.parent) return;
    if (options.origin !== undefined && e.origin !== options.origin) return;
    const msg = readInboundMessage(e.data);
    if (msg !== undefined) applyMessage(store, msg);
  };
  win.addEventListener('message', onMessage);

  let lastHeight = -1;
  const reportHeight = (): void => {
    const el = options.measure();
    if (!el) return;
    const height = Math.ceil(el.getBoundingClientRect().height);
    if (height === lastHeight) return;
    lastHeight = height;
    post({ type: 'intercept:resize', height });
  };
  const observer = new ResizeObserver(reportHeight);
  // The embed root does not exist until React has rendered: the body's size changes with it.
  const startObserving = (): void => {
    observer.observe(win.document.body);
    const el = options.measure();
    if (el) observer.observe(el);
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastHash = '';
  const reportState = (): void => {
    timer = undefined;
    const state = store.getState();
    const hash = encodeHash(pickPersisted(state));
    if (hash === lastHash) return;
    lastHash = hash;
    post({ type: 'intercept:state', hash, diagnostics: derive(state).diagnostics.length });
  };
  const unsubscribe = store.subscribe(() => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(reportState, STATE_DELAY_MS);
  });

  startObserving();
  post({ type: 'intercept:ready' });
  reportState();
  return () => {
    win.removeEventListener('message', onMessage);
    observer.disconnect();
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
  };
}
