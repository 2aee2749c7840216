import { ISTIO_VERSIONS, PROFILES } from '@core';
import type { IstioVersion } from '@core';
import { useEffect, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import {
  useDerived,
  useExplorer,
  useExplorerActions,
  useExplorerStore,
  useNewDeriver,
} from '../store/context.tsx';
import { selectViews } from '../store/derived-selectors.ts';
import type { Deriver, OutputViews } from '../store/derived.ts';
import {
  selectBackend,
  selectDataplane,
  selectInputMode,
  selectLang,
  selectOutputTab,
} from '../store/selectors.ts';
import type { ExplorerState, ExplorerStore } from '../store/store.ts';
import { BackendCompare } from './backend-compare.tsx';
import { createVersionViews, createViewsHistory } from './compare-views.ts';
import { diffTabBlocksStage } from './diff-blocks.ts';
import type { DiffBlock } from './diff-blocks.ts';
import type { DiffLine } from './line-diff.ts';
import { selectBackendCompareBlocker, selectDiffAgainst } from './link-selectors.ts';
import './diff.css';

const histories = new WeakMap<ExplorerStore, ReturnType<typeof createViewsHistory>>();

function historyOf(store: ExplorerStore): ReturnType<typeof createViewsHistory> {
  let history = histories.get(store);
  if (history === undefined) {
    history = createViewsHistory();
    histories.set(store, history);
  }
  return history;
}

/** The settled output before the current one; each new output is recorded (idempotent) once rendered. */
function usePreviousViews(views: OutputViews | undefined): OutputViews | undefined {
  const history = historyOf(useExplorerStore());
  useEffect(() => history.observe(views, performance.now()), [history, views]);
  return useSyncExternalStore(history.subscribe, () => history.previousOf(views));
}

const otherViewSelectors = new WeakMap<
  ExplorerStore,
  (s: ExplorerState) => OutputViews | undefined
>();

/** The selector of the other profile's output, one per store (each with a deriver of its own). */
function selectOtherViewsOf(
  store: ExplorerStore,
  newDeriver: () => Deriver,
): (s: ExplorerState) => OutputViews | undefined {
  let select = otherViewSelectors.get(store);
  if (select === undefined) {
    const viewsForVersion = createVersionViews(newDeriver());
    select = (s) =>
      s.diffAgainst === 'off' ||
      s.diffAgainst === 'previous' ||
      s.diffAgainst === 'backend' ||
      selectDataplane(s) !== 'sidecar'
        ? undefined
        : viewsForVersion(s.input.mode, s.input.text, s.ipv6, s.dnsServers, s.diffAgainst);
    otherViewSelectors.set(store, select);
  }
  return select;
}

/** The "Diff" toggle and, when on, what to compare with. Also keeps the output history. */
export function DiffSwitch(): ReactNode {
  const t = useT();
  const lang = useExplorer(selectLang);
  const against = useExplorer(selectDiffAgainst);
  const backend = useExplorer(selectBackend);
  const blocker = useExplorer(selectBackendCompareBlocker);
  const { setDiffAgainst } = useExplorerActions();
  usePreviousViews(useDerived(selectViews));
  const on = against !== 'off';
  return (
    <div className="diff-switch">
      <button
        type="button"
        className="button"
        aria-pressed={on}
        title={t('diff.toggleTitle')}
        onClick={() => setDiffAgainst(on ? 'off' : 'previous')}
      >
        {t('diff.toggle')}
      </button>
      {on && (
        <label className="control">
          {t('diff.against')}
          <select
            value={against}
            aria-label={t('diff.profileSelect')}
            onChange={(e) => {
              const v = e.target.value;
              if (v === 'previous' || v === 'backend') setDiffAgainst(v);
              else if ((ISTIO_VERSIONS as readonly string[]).includes(v))
                setDiffAgainst(v as IstioVersion);
            }}
          >
            <option value="previous">{t('diff.previous')}</option>
            <option value="backend" disabled={blocker !== undefined && against !== 'backend'}>
              {blocker === undefined
                ? t('diff.otherBackend', {
                    backend: t(`backend.${backend === 'iptables' ? 'nftables' : 'iptables'}`),
                  })
                : t(blocker)}
            </option>
            <optgroup label={t('diff.profile')}>
              {ISTIO_VERSIONS.map((v) => (
                <option key={v} value={v}>
                  {PROFILES[v].label[lang]}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
      )}
    </div>
  );
}

const SIGN: Readonly<Record<DiffLine['kind'], string>> = { same: ' ', added: '+', removed: '-' };

function DiffBlockView(props: { block: DiffBlock }): ReactNode {
  const { block } = props;
  const t = useT();
  const titleId = `diff-title-${block.id}`;
  return (
    <section
      className="block diff-block"
      aria-labelledby={titleId}
      data-testid={`diff-${block.id}`}
    >
      <div className="block-header">
        <h3 id={titleId}>{block.title}</h3>
        <span className="diff-stats" aria-label={t('diff.statsAria', { ...block.stats })}>
          {t('diff.stats', { ...block.stats })}
        </span>
      </div>
      {block.stats.added + block.stats.removed === 0 ? (
        <p className="empty-note">{t('diff.same')}</p>
      ) : (
        <pre className="diff-text" tabIndex={0} aria-label={block.title}>
          {block.rows.map((row, i) =>
            row.kind === 'fold' ? (
              <span key={i} className="diff-fold">
                {t('diff.fold', { n: row.count })}
                {'\n'}
              </span>
            ) : (
              <span
                key={i}
                className={`diff-line diff-${row.line.kind}`}
                title={
                  row.line.kind === 'added'
                    ? t('diff.onlyNew')
                    : row.line.kind === 'removed'
                      ? t('diff.onlyOld')
                      : undefined
                }
              >
                <span className="diff-sign" aria-hidden="true">
                  {SIGN[row.line.kind]}
                </span>
                {row.line.text}
                {'\n'}
              </span>
            ),
          )}
        </pre>
      )}
    </section>
  );
}

/** The current tab's output diffed against the chosen comparison. */
export function DiffView(): ReactNode {
  const t = useT();
  const views = useDerived(selectViews);
  const against = useExplorer(selectDiffAgainst);
  const tab = useExplorer(selectOutputTab);
  const mode = useExplorer(selectInputMode);
  const sidecar = useExplorer(selectDataplane) === 'sidecar';
  const previous = usePreviousViews(views);
  const other = useExplorer(selectOtherViewsOf(useExplorerStore(), useNewDeriver()));
  if (against === 'backend') return <BackendCompare />;
  const base = against === 'previous' ? previous : other;
  if (views === undefined) return null;
  if (base === undefined) {
    const why =
      against === 'previous'
        ? 'diff.noPrevious'
        : !sidecar
          ? 'dataplane.diffNoProfile'
          : mode !== 'args'
            ? 'diff.pastedNoProfile'
            : 'diff.noPrevious';
    return (
      <p className="empty-note" data-testid="diff-empty">
        {t(why)}
      </p>
    );
  }
  // The compared output is the "old" side: its lines are '-', the current output's are '+'.
  const blocks = diffTabBlocksStage(base, views, tab);
  return (
    <div className="diff-view" data-testid="diff-view">
      {blocks.map((b) => (
        <DiffBlockView key={b.id} block={b} />
      ))}
      {blocks.length === 0 && <p className="empty-note">{t('rules.noDryRun')}</p>}
    </div>
  );
}
