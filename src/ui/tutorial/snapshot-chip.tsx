import type { ReactNode } from 'react';
import { useExplorer } from '../store/context.tsx';
import { selectArgsText } from '../store/selectors.ts';
import { changedFlags } from './snapshot.ts';
import type { ExplorerSnapshot } from './snapshot.ts';
import { useTutorialT } from './tutorial-messages.ts';

/** "The tutorial changed -u": shown while the args differ from the reader's own. */
export function SnapshotChip(props: { snapshot: ExplorerSnapshot; onKeep: () => void }): ReactNode {
  const t = useTutorialT();
  const text = useExplorer(selectArgsText);
  const flags = changedFlags(props.snapshot.input.text, text);
  if (flags.length === 0) return null;
  return (
    <p className="tutorial-changed" role="status" data-testid="tutorial-changed">
      <span>
        {flags[0] === 'text'
          ? t('changedText')
          : t('changedArgs', { flags: flags.slice(0, 4).join(' ') })}
      </span>
      <button type="button" className="button" title={t('keepArgsTitle')} onClick={props.onKeep}>
        {t('keepArgs')}
      </button>
    </p>
  );
}
