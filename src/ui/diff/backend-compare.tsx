import { useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { memoizeLast } from '../lib/memoize-last.ts';
import { useDerived, useExplorer, useExplorerStore, useNewDeriver } from '../store/context.tsx';
import { selectViews } from '../store/derived-selectors.ts';
import type { Deriver, OutputViews } from '../store/derived.ts';
import { selectBackend } from '../store/selectors.ts';
import type { Backend, ExplorerState, ExplorerStore } from '../store/store.ts';
import { compareLinesOf, matchCounterparts } from './backend-counterparts.ts';
import type { CompareLine } from './backend-counterparts.ts';
import { createBackendViews } from './compare-views.ts';
import { selectBackendCompareBlocker } from './link-selectors.ts';
import './backend-compare.css';

type Side = 'left' | 'right';
type Links = readonly (number | null | undefined)[];

const OTHER: Readonly<Record<Backend, Backend>> = { iptables: 'nftables', nftables: 'iptables' };

const leftLinesStage = memoizeLast(compareLinesOf);
const rightLinesStage = memoizeLast(compareLinesOf);
const matchStage = memoizeLast(matchCounterparts);

const otherBackendSelectors = new WeakMap<
  ExplorerStore,
  (s: ExplorerState) => OutputViews | undefined
>();

/** The other backend's output for the current args, one deriver of its own per store. */
function selectOtherBackendViewsOf(
  store: ExplorerStore,
  newDeriver: () => Deriver,
): (s: ExplorerState) => OutputViews | undefined {
  let select = otherBackendSelectors.get(store);
  if (select === undefined) {
    const viewsForBackend = createBackendViews(newDeriver());
    select = (s) =>
      s.diffAgainst !== 'backend' || selectBackendCompareBlocker(s) !== undefined
        ? undefined
        : viewsForBackend(
            s.input.text,
            s.ipv6,
            s.dnsServers,
            s.version,
            OTHER[s.backend ?? 'iptables'],
          );
    otherBackendSelectors.set(store, select);
  }
  return select;
}

interface ColumnProps {
  readonly side: Side;
  readonly backend: Backend;
  readonly lines: readonly CompareLine[];
  readonly links: Links;
  readonly otherLines: readonly CompareLine[];
  readonly active: { readonly side: Side; readonly index: number } | null;
  readonly onActivate: (side: Side, index: number | null, reveal?: boolean) => void;
}

function Column(props: ColumnProps): ReactNode {
  const { side, backend, lines, links, otherLines, active, onActivate } = props;
  const t = useT();
  const other = OTHER[backend];
  const title = t('backendCompare.title', {
    backend: t(`backend.${backend}`),
    view: t(backend === 'nftables' ? 'rules.tab.nft.save' : 'rules.tab.save'),
  });
  return (
    <section className="bc-column" data-testid={`backend-compare-${side}`} data-backend={backend}>
      <h3 className="bc-title">{title}</h3>
      <pre className="bc-text">
        {lines.map((line, i) => {
          const link = links[i];
          if (link === undefined)
            return (
              <span key={i} className="bc-line">
                {line.text}
                {'\n'}
              </span>
            );
          const isActive = active?.side === side && active.index === i;
          const isLinked = active !== null && active.side !== side && link === active.index;
          const flags =
            line.origin === undefined
              ? undefined
              : line.origin.flags.length === 0
                ? t('backendCompare.noFlag')
                : line.origin.flags.join(', ');
          const counterpart =
            link === null
              ? t('backendCompare.orphan', { backend: t(`backend.${other}`) })
              : t('backendCompare.counterpart', { text: (otherLines[link]?.text ?? '').trim() });
          return (
            <span
              key={i}
              className={`bc-line bc-rule${link === null ? ' bc-orphan' : ''}${isActive ? ' bc-active' : ''}${isLinked ? ' bc-linked' : ''}`}
              tabIndex={0}
              data-side={side}
              data-index={i}
              data-ref={line.ref}
              data-flags={line.origin?.flags.join(' ')}
              title={[line.origin?.reason, counterpart].filter(Boolean).join('\n')}
              onMouseEnter={() => onActivate(side, i)}
              onMouseLeave={() => onActivate(side, null)}
              onFocus={() => onActivate(side, i)}
              onBlur={() => onActivate(side, null)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  onActivate(side, i, true);
                }
              }}
            >
              {line.text}
              {flags !== undefined && <span className="bc-flags">{`  # ${flags}`}</span>}
              {'\n'}
            </span>
          );
        })}
      </pre>
    </section>
  );
}

/**
 * The current backend's rules beside the other backend's for the same args (iptables-save of
 * IPv4 | nft list ruleset); hovering or focusing a rule lights up its counterpart
 * ({@link matchCounterparts}) on the other side, rules without one are marked.
 */
export function BackendCompare(): ReactNode {
  const t = useT();
  const views = useDerived(selectViews);
  const backend = useExplorer(selectBackend);
  const blocker = useExplorer(selectBackendCompareBlocker);
  const other = useExplorer(selectOtherBackendViewsOf(useExplorerStore(), useNewDeriver()));
  const [active, setActive] = useState<{ side: Side; index: number } | null>(null);
  const root = useRef<HTMLDivElement>(null);
  if (blocker !== undefined || views === undefined || other === undefined)
    return (
      <p className="empty-note" data-testid="diff-empty">
        {t(blocker ?? 'backendCompare.unavailable')}
      </p>
    );
  const left = leftLinesStage(views);
  const right = rightLinesStage(other);
  const links = matchStage(left, right);
  const linksOf = (side: Side): Links => (side === 'left' ? links.left : links.right);
  const onActivate = (side: Side, index: number | null, reveal = false): void => {
    if (index === null) {
      setActive((a) => (a?.side === side ? null : a));
      return;
    }
    setActive({ side, index });
    const j = linksOf(side)[index];
    if (!reveal || typeof j !== 'number') return;
    const otherSide: Side = side === 'left' ? 'right' : 'left';
    root.current
      ?.querySelector(`[data-side="${otherSide}"][data-index="${String(j)}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  };
  const activeLink = active === null ? undefined : linksOf(active.side)[active.index];
  const activeLines = active === null ? undefined : active.side === 'left' ? right : left;
  return (
    <div className="backend-compare" data-testid="backend-compare" ref={root}>
      <ul className="bc-legend">
        <li>
          <span className="bc-swatch bc-swatch-linked" aria-hidden="true" />
          {t('backendCompare.legendLinked')}
        </li>
        <li>
          <span className="bc-swatch bc-swatch-orphan" aria-hidden="true" />
          {t('backendCompare.legendOrphan')}
        </li>
      </ul>
      <p className="bc-status" role="status" data-testid="backend-compare-status">
        {active === null || activeLink === undefined
          ? ''
          : activeLink === null
            ? t('backendCompare.orphan', {
                backend: t(`backend.${active.side === 'left' ? OTHER[backend] : backend}`),
              })
            : t('backendCompare.counterpart', {
                text: (activeLines?.[activeLink]?.text ?? '').trim(),
              })}
      </p>
      <div className="bc-grid">
        <Column
          side="left"
          backend={backend}
          lines={left}
          links={links.left}
          otherLines={right}
          active={active}
          onActivate={onActivate}
        />
        <Column
          side="right"
          backend={OTHER[backend]}
          lines={right}
          links={links.right}
          otherLines={left}
          active={active}
          onActivate={onActivate}
        />
      </div>
    </div>
  );
}
