import type { ReactNode } from 'react';
import { formatPosition } from '@core';
import { useT } from '../i18n/use-t.ts';
import { useDerived, useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectPathView } from './path-derived.ts';
import { selectPathSpec } from '../store/selectors.ts';
import { DEFAULT_PATH_SPEC, PATH_ORIGINS } from './path-spec.ts';
import type { PathOrigin } from './path-spec.ts';

/** Which request is followed, and its headers (`end-user: jason` for the header-matching route). */
export function RequestControls(): ReactNode {
  const spec = useExplorer(selectPathSpec) ?? DEFAULT_PATH_SPEC;
  const view = useDerived(selectPathView);
  const { setPathSpec } = useExplorerActions();
  const t = useT();
  return (
    <div className="path-request">
      <label className="path-field">
        <span>{t('path.request')}</span>
        <select
          value={spec.origin}
          data-testid="path-origin"
          onChange={(e) =>
            setPathSpec({
              origin: e.currentTarget.value === 'productpage' ? 'productpage' : 'ingress',
            })
          }
        >
          {PATH_ORIGINS.map((o: PathOrigin) => (
            <option key={o} value={o}>
              {t(`path.origin.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="path-field path-headers">
        <span>{t('path.headers')}</span>
        <textarea
          rows={2}
          spellCheck={false}
          value={spec.headers}
          placeholder={t('path.headersHint')}
          data-testid="path-headers"
          onChange={(e) => setPathSpec({ headers: e.currentTarget.value })}
        />
      </label>
      {(view?.headers ?? []).map((d) => (
        <p key={`${d.range.start}`} className="path-problem severity-warning">
          {formatPosition(d.range)} {d.message}
        </p>
      ))}
    </div>
  );
}
