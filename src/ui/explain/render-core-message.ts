import type { LooseMessage, Message, MessageCatalogue, RenderedMessage } from '@core';
import { MESSAGES_EN, messageText, renderMessage } from '@core';
import type { Lang } from '../i18n/messages.ts';
import { CORE_MESSAGES_ZH } from './core-messages-zh.ts';

const CATALOGUES: Readonly<Record<Lang, MessageCatalogue>> = {
  en: MESSAGES_EN,
  zh: CORE_MESSAGES_ZH,
};

const logged = new Set<string>();

/** Logs a message that fell back to English once per problem, so the page log names it. */
function logProblem(problem: string): void {
  if (logged.has(problem)) return;
  logged.add(problem);
  console.warn(`[intercept] ${problem}`);
}

/**
 * A core message rendered in one language, with the English fallback logged.
 *
 * @example
 * messageText(renderCoreMessage({ id: 'fix.proxy-uid', params: { flag: 'proxy-uid', uid: 1337 } }, 'zh'));
 */
export function renderCoreMessage(msg: Message | LooseMessage, lang: Lang): RenderedMessage {
  const rendered = renderMessage(msg, CATALOGUES[lang], MESSAGES_EN);
  if (rendered.problem !== undefined) logProblem(rendered.problem);
  return rendered;
}

/** The message as plain text (titles, aria labels). */
export function coreMessageText(msg: Message | LooseMessage, lang: Lang): string {
  return messageText(renderCoreMessage(msg, lang));
}
