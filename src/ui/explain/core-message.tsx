import type { ReactNode } from 'react';
import type { LooseMessage, Message, RuleRef } from '@core';
import type { Lang } from '../i18n/messages.ts';
import { useExplorer } from '../store/context.tsx';
import { selectLang } from '../store/selectors.ts';
import { renderCoreMessage } from './render-core-message.ts';
import { FlagLink } from './flag-link.tsx';
import { RuleLink } from './rule-link.tsx';

/**
 * A core message in the reader's language: rule refs and flags are links, literal values are
 * code. A message that cannot be rendered as asked shows an English fallback (and is logged).
 */
export function CoreMessage(props: { msg: Message | LooseMessage; lang?: Lang }): ReactNode {
  const storeLang = useExplorer(selectLang);
  const rendered = renderCoreMessage(props.msg, props.lang ?? storeLang);
  return (
    <span className="core-message" data-message-id={props.msg.id}>
      {rendered.segments.map((s, i) => {
        if (s.kind === 'text') return s.text;
        if (s.param === 'rule') return <RuleLink key={i} rule={s.value as RuleRef} />;
        if (s.param === 'flag') return <FlagLink key={i} flag={String(s.value)} />;
        if (s.param === 'code' || s.param === 'address')
          return <code key={i}>{s.text === '' ? "''" : s.text}</code>;
        return s.text;
      })}
    </span>
  );
}
