import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';

export interface PlayerProps {
  readonly index: number;
  readonly total: number;
  readonly playing: boolean;
  readonly onIndex: (i: number) => void;
  readonly onPlay: () => void;
}

/** Play / pause, step back and forth, and a scrub bar over every step of the path. */
export function Player(props: PlayerProps): ReactNode {
  const { index, total, playing, onIndex, onPlay } = props;
  const t = useT();
  return (
    <div className="player" role="group" aria-label={t('path.player')} data-testid="player">
      <button
        type="button"
        className="button"
        aria-label={t('path.first')}
        title={t('path.first')}
        onClick={() => onIndex(0)}
        disabled={index === 0}
      >
        |◀
      </button>
      <button
        type="button"
        className="button"
        aria-label={t('path.prev')}
        title={t('path.prev')}
        onClick={() => onIndex(index - 1)}
        disabled={index === 0}
      >
        ◀
      </button>
      <button
        type="button"
        className="button player-play"
        aria-label={playing ? t('path.pause') : t('path.play')}
        aria-pressed={playing}
        onClick={onPlay}
      >
        {playing ? '❚❚' : '▶'}
      </button>
      <button
        type="button"
        className="button"
        aria-label={t('path.next')}
        title={t('path.next')}
        onClick={() => onIndex(index + 1)}
        disabled={index >= total - 1}
      >
        ▶|
      </button>
      <input
        type="range"
        className="player-scrub"
        min={0}
        max={Math.max(0, total - 1)}
        value={index}
        aria-label={t('path.scrub', { n: index + 1, total })}
        onChange={(e) => onIndex(Number(e.currentTarget.value))}
      />
      <span className="player-count" data-testid="player-count">
        {index + 1} / {total}
      </span>
    </div>
  );
}
