import { useEffect, useLayoutEffect, useRef } from 'react';
import type { MouseEvent, ReactNode, RefObject } from 'react';
import type { IpFamily, RuleRef } from '@core';
import { useT } from '../i18n/use-t.ts';
import { useExplorer, useExplorerActions, useExplorerDerived } from '../store/context.tsx';
import type { FamilyRule } from './link-types.ts';
import { selectHoveredOrigin, selectHoveredRule, selectLinkedRules } from './link-selectors.ts';
import { familyRuleKey } from './rule-links.ts';

/** The save blocks whose lines link to flags: IPv4 (or the nft listing, keyed as 4) and IPv6. */
const SAVE_BLOCKS: Readonly<Record<IpFamily, string>> = {
  4: '[data-testid="block-save-ipv4"],[data-testid="block-save-nft"]',
  6: '[data-testid="block-save-ipv6"]',
};

/** The rule a rules-pane element belongs to: a save line with data-rule inside a save block. */
function ruleOfElement(target: EventTarget | null): FamilyRule | null {
  if (!(target instanceof Element)) return null;
  const line = target.closest<HTMLElement>('.line[data-rule]');
  const block = line?.closest<HTMLElement>(`${SAVE_BLOCKS[4]},${SAVE_BLOCKS[6]}`);
  if (!line || !block) return null;
  const family: IpFamily = block.dataset['testid'] === 'block-save-ipv6' ? 6 : 4;
  return { family, ref: line.dataset['rule'] as RuleRef };
}

/**
 * Flag ↔ rule linking on the rules pane's side: marks the lines the hovered flag produced
 * (class `linked`) and reports the rule under the mouse. Returns the panel's mouse handlers.
 */
export function useRuleLinks(
  panel: RefObject<HTMLDivElement | null>,
  rendered: unknown,
): { onMouseOver: (e: MouseEvent) => void; onMouseLeave: () => void } {
  const linked = useExplorerDerived(selectLinkedRules);
  const { hoverRule } = useExplorerActions();
  useEffect(() => {
    const el = panel.current;
    if (!el) return;
    el.querySelectorAll('.line.linked').forEach((old) => old.classList.remove('linked'));
    if (linked.size === 0) return;
    for (const family of [4, 6] as const) {
      const block = el.querySelector(SAVE_BLOCKS[family]);
      block?.querySelectorAll<HTMLElement>('.line[data-rule]').forEach((line) => {
        if (linked.has(familyRuleKey({ family, ref: line.dataset['rule'] as RuleRef })))
          line.classList.add('linked');
      });
    }
    // Bring the first lit rule into the pane's own view; never scroll the page (the reader is in the editor).
    const first = el.querySelector<HTMLElement>('.line.linked');
    if (!first) return;
    const pane = el.getBoundingClientRect();
    const line = first.getBoundingClientRect();
    if (line.top < pane.top || line.bottom > pane.bottom)
      el.scrollBy({ top: line.top - pane.top - pane.height / 3 });
  }, [panel, linked, rendered]);
  return {
    onMouseOver: (e) => hoverRule(ruleOfElement(e.target)),
    onMouseLeave: () => hoverRule(null),
  };
}

/** The hovered rule's origin (flags and reason), drawn under its line. */
export function RuleOriginTip(props: { panel: RefObject<HTMLDivElement | null> }): ReactNode {
  const t = useT();
  const rule = useExplorer(selectHoveredRule);
  const origin = useExplorerDerived(selectHoveredOrigin);
  const tip = useRef<HTMLDivElement>(null);
  // Placed under its line by writing the style: the position is layout, not React state.
  useLayoutEffect(() => {
    const el = props.panel.current;
    if (!el || !tip.current || rule === null) return;
    const block = el.querySelector(SAVE_BLOCKS[rule.family]);
    const line = block?.querySelector<HTMLElement>(`.line[data-rule="${CSS.escape(rule.ref)}"]`);
    if (!line) return;
    const panelBox = el.getBoundingClientRect();
    const lineBox = line.getBoundingClientRect();
    tip.current.style.top = `${lineBox.bottom - panelBox.top + el.scrollTop + 2}px`;
  }, [props.panel, rule, origin]);
  if (rule === null || origin === undefined) return null;
  const flags = origin.flags.map((f) => `--${f}`).join(', ');
  return (
    <div className="rule-origin-tip" role="tooltip" data-testid="rule-origin" ref={tip}>
      {flags === ''
        ? t('link.always', { reason: origin.reason })
        : t('link.origin', { flags, reason: origin.reason })}
    </div>
  );
}
