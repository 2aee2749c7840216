import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { formatPosition } from '@core';
import { useDerived, useExplorer, useExplorerActions } from '../store/context.tsx';
import type { ShownDiagnostic } from '../store/derived.ts';
import { selectDiagnostics } from '../store/derived-selectors.ts';
import { selectEditorKind } from '../store/selectors.ts';
import type { EditorKind } from '../store/selectors.ts';
import { DNS_SERVERS_INPUT_ID } from '../app/dns-servers-field.tsx';
import { BookinfoStatus } from '../explain/bookinfo-status.tsx';
import { ConsequenceList } from '../explain/consequence-list.tsx';
import { useConsequences } from '../explain/use-consequences.ts';

const NO_PROBLEMS: Readonly<Record<EditorKind, MessageKey>> = {
  args: 'problems.none',
  'iptables-save': 'problems.noneRules',
  ambient: 'dataplane.noProblemsAmbient',
  cni: 'dataplane.noProblemsCni',
};

const ORIGIN_NOTE: Readonly<Record<ShownDiagnostic['origin'], MessageKey | undefined>> = {
  input: undefined,
  'dns-servers': 'problems.origin.dns-servers',
  generator: 'problems.origin.generator',
  rules: 'problems.origin.rules',
};

function originNote(t: ReturnType<typeof useT>, origin: ShownDiagnostic['origin']): string {
  const key = ORIGIN_NOTE[origin];
  return key === undefined ? '' : t(key);
}

/** Every problem found; clicking one moves the cursor to its place (editor text or field). */
export function DiagnosticsPanel(): ReactNode {
  const diagnostics = useDerived(selectDiagnostics);
  const { revealRange } = useExplorerActions();
  const mode = useExplorer(selectEditorKind);
  const t = useT();
  const consequences = useConsequences();
  const count = diagnostics.length + consequences.length;
  return (
    <section className="panel diagnostics-panel" aria-labelledby="diagnostics-title">
      <h2 className="panel-title" id="diagnostics-title">
        {t('problems.title')}{' '}
        <span className="count" data-testid="diagnostics-count">
          {count}
        </span>
      </h2>
      <ConsequenceList items={consequences} />
      {count === 0 ? (
        <p className="empty-note">{t(NO_PROBLEMS[mode])}</p>
      ) : diagnostics.length === 0 ? null : (
        <ul className="diagnostics-list" data-testid="diagnostics">
          {diagnostics.map((d, i) => (
            <li key={`${d.origin}-${i}`}>
              <button
                type="button"
                className="diagnostic"
                disabled={!d.located && d.origin !== 'dns-servers'}
                data-code={d.diagnostic.code}
                onClick={() => {
                  if (d.origin === 'dns-servers')
                    document.getElementById(DNS_SERVERS_INPUT_ID)?.focus();
                  else revealRange(d.diagnostic.range);
                }}
              >
                <span className={`severity severity-${d.diagnostic.severity}`}>
                  {t(`severity.${d.diagnostic.severity}`)}
                </span>
                <span>
                  {d.diagnostic.message}
                  <span className="diagnostic-code">
                    {' '}
                    [{d.diagnostic.code}]{originNote(t, d.origin)}
                  </span>
                </span>
                <span className="diagnostic-position">
                  {d.located ? formatPosition(d.diagnostic.range) : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <BookinfoStatus />
    </section>
  );
}
