import type { ReactNode } from 'react';
import { useDeriver, useExplorerActions, useExplorerStore } from '../store/context.tsx';
import { selectRuleLinks } from '../diff/link-selectors.ts';

/**
 * A flag as a link: hovering lights the rules it produced; clicking moves the editor's cursor
 * to where it is written (nothing to reveal when it has its default value).
 */
export function FlagLink(props: { flag: string; text?: string }): ReactNode {
  const { hoverFlag, revealRange } = useExplorerActions();
  const store = useExplorerStore();
  const derive = useDeriver();
  return (
    <button
      type="button"
      className="flag-link"
      data-flag-link={props.flag}
      onMouseEnter={() => hoverFlag(props.flag)}
      onMouseLeave={() => hoverFlag(null)}
      onFocus={() => hoverFlag(props.flag)}
      onBlur={() => hoverFlag(null)}
      onClick={(e) => {
        e.stopPropagation();
        const s = store.getState();
        const written = selectRuleLinks(s, derive(s))?.flags.findLast((f) => f.flag === props.flag);
        if (written) revealRange(written.range);
      }}
    >
      {props.text ?? `--${props.flag}`}
    </button>
  );
}
