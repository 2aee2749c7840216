import type { Message, MessageId, MessageParamKind } from './messages.ts';
import { isMessageId, MESSAGE_PARAMS } from './messages.ts';

/** A catalogue: one template per message id; `{name}` marks a parameter. */
export type MessageCatalogue = Readonly<Record<MessageId, string>>;

/** A piece of a rendered message: plain text, or a parameter a UI may turn into a link. */
export type MessageSegment =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'param';
      readonly name: string;
      readonly param: MessageParamKind;
      /** The value as the reader sees it (`--proxy-uid` for the flag `proxy-uid`). */
      readonly text: string;
      readonly value: string | number;
    };

export interface RenderedMessage {
  readonly segments: readonly MessageSegment[];
  /** Set when the message could not be rendered as asked (unknown id, missing parameter or translation). */
  readonly problem?: string;
}

/** A message as it may arrive from elsewhere (a worker, a stored state): not trusted to be well formed. */
export interface LooseMessage {
  readonly id: string;
  readonly params: Readonly<Record<string, unknown>>;
}

function showValue(kind: MessageParamKind, value: string | number): string {
  return kind === 'flag' ? `--${value}` : String(value);
}

function segmentsOf(
  template: string,
  kinds: Readonly<Record<string, MessageParamKind>>,
  params: Readonly<Record<string, unknown>>,
): MessageSegment[] {
  const out: MessageSegment[] = [];
  const parts = template.split(/\{(\w+)\}/);
  parts.forEach((part, i) => {
    if (i % 2 === 0) {
      if (part !== '') out.push({ kind: 'text', text: part });
      return;
    }
    const value = params[part];
    const param = kinds[part];
    if (param === undefined || (typeof value !== 'string' && typeof value !== 'number')) {
      out.push({ kind: 'text', text: `{${part}}` });
      return;
    }
    out.push({ kind: 'param', name: part, param, text: showValue(param, value), value });
  });
  return out;
}

function missingParams(id: MessageId, params: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(MESSAGE_PARAMS[id]).filter((name) => {
    const v = params[name];
    return typeof v !== 'string' && typeof v !== 'number';
  });
}

/**
 * Renders a message with a catalogue, falling back to English (`fallback`) for a missing
 * translation, and to a visible English note for an unknown id or missing parameters — never a
 * blank. `problem` says what went wrong so the caller can log it.
 *
 * @example
 * renderMessage({ id: 'fix.proxy-uid', params: { flag: 'proxy-uid', uid: 1337 } }, MESSAGES_EN, MESSAGES_EN).segments;
 */
export function renderMessage(
  msg: Message | LooseMessage,
  catalogue: Partial<MessageCatalogue>,
  fallback: MessageCatalogue,
): RenderedMessage {
  const params: Readonly<Record<string, unknown>> = msg.params;
  if (!isMessageId(msg.id)) {
    const listed = Object.entries(params)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ');
    return {
      segments: [
        { kind: 'text', text: `Unknown message "${msg.id}"${listed ? ` (${listed})` : ''}` },
      ],
      problem: `unknown message id "${msg.id}"`,
    };
  }
  const kinds: Readonly<Record<string, MessageParamKind>> = MESSAGE_PARAMS[msg.id];
  const missing = missingParams(msg.id, params);
  if (missing.length > 0) {
    const text = `Message "${msg.id}" is missing ${missing.join(', ')}: `;
    return {
      segments: [{ kind: 'text', text }, ...segmentsOf(fallback[msg.id], kinds, params)],
      problem: `message "${msg.id}" is missing parameter(s) ${missing.join(', ')}`,
    };
  }
  const template = catalogue[msg.id];
  if (template === undefined)
    return {
      segments: segmentsOf(fallback[msg.id], kinds, params),
      problem: `no translation for message "${msg.id}"`,
    };
  return { segments: segmentsOf(template, kinds, params) };
}

/** The rendered message as one line of text. */
export function messageText(rendered: RenderedMessage): string {
  return rendered.segments.map((s) => s.text).join('');
}

/** The parameter names a template uses, in order. */
export function templateParams(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
}
