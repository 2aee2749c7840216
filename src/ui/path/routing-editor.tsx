import { useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { formatPosition } from '@core';
import type { BookinfoRouting } from '@core';
import { useT } from '../i18n/use-t.ts';
import { useDerived, useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectPathView } from './path-derived.ts';
import { selectPathSpec } from '../store/selectors.ts';
import { DEFAULT_PATH_SPEC } from './path-spec.ts';
import { presetOf, renderRoutingPreset, ROUTING_PRESETS } from './routing-presets.ts';

const CUSTOM = 'custom';

function toPreset(value: string): BookinfoRouting | undefined {
  return ROUTING_PRESETS.find((p) => p === value);
}

/**
 * The VirtualService/DestinationRule text with the samples' presets; its problems are listed
 * with their line and column, and clicking one selects that place in the text.
 */
export function RoutingEditor(): ReactNode {
  const routing = (useExplorer(selectPathSpec) ?? DEFAULT_PATH_SPEC).routing;
  const problems = useDerived(selectPathView)?.routing ?? [];
  const { setPathSpec } = useExplorerActions();
  const area = useRef<HTMLTextAreaElement>(null);
  const [open, setOpen] = useState(false);
  const t = useT();
  const preset = presetOf(routing) ?? CUSTOM;
  // Problems keep the text open: they point into it.
  const shown = open || problems.length > 0;
  return (
    <div className="path-routing">
      <div className="path-routing-head">
        <span id="path-routing-label">{t('path.routing')}</span>
        <select
          aria-label={t('path.routingPreset')}
          data-testid="routing-preset"
          value={preset}
          onChange={(e) => {
            const p = toPreset(e.currentTarget.value);
            if (p) setPathSpec({ routing: renderRoutingPreset(p) });
          }}
        >
          {preset === CUSTOM && <option value={CUSTOM}>{t('path.preset.custom')}</option>}
          {ROUTING_PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`path.preset.${p}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button path-routing-toggle"
          aria-expanded={shown}
          aria-controls="path-routing-text"
          data-testid="routing-toggle"
          onClick={() => setOpen((o) => !o)}
        >
          YAML
        </button>
      </div>
      {shown && (
        <textarea
          id="path-routing-text"
          ref={area}
          className="path-routing-text"
          spellCheck={false}
          value={routing}
          placeholder={t('path.routingHint')}
          aria-invalid={problems.some((d) => d.severity === 'error')}
          data-testid="routing-text"
          aria-labelledby="path-routing-label"
          onChange={(e) => setPathSpec({ routing: e.currentTarget.value })}
        />
      )}
      {problems.length > 0 && (
        <ul className="diagnostics-list" data-testid="routing-problems">
          {problems.map((d, i) => (
            <li key={i}>
              <button
                type="button"
                className="diagnostic"
                data-code={d.code}
                onClick={() => {
                  area.current?.focus();
                  area.current?.setSelectionRange(
                    d.range.start,
                    Math.max(d.range.end, d.range.start + 1),
                  );
                }}
              >
                <span className={`severity severity-${d.severity}`}>{d.severity}</span>
                <span>{d.message}</span>
                <span className="diagnostic-position">{formatPosition(d.range)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
