import type { ReactNode } from 'react';
import type { CniFact } from '@core';
import { assertNever } from '@core';
import type { Translate } from '../i18n/translate.ts';
import { useT } from '../i18n/use-t.ts';
import { useDerived } from '../store/context.tsx';
import { selectPodInfo } from '../store/derived-selectors.ts';

function factText(t: Translate, fact: CniFact): string {
  switch (fact.kind) {
    case 'inbound-exclude-order':
      return t('dataplane.fact.inboundOrder', { cni: fact.cni, istioInit: fact.istioInit });
    case 'outbound-exclude-default':
      return t('dataplane.fact.outboundDefault', { ports: fact.ports });
    case 'dns-capture-all':
      return t('dataplane.fact.dnsAll');
    case 'uid-from-security-context':
      return t('dataplane.fact.uid', { uid: fact.uid, gid: fact.gid });
    default:
      return assertNever(fact);
  }
}

/**
 * What the istio-cni input produced besides its rules: ambient's policy route (not iptables, but
 * how replies find ztunnel, docs/ambient.md); the CNI plugin's istio-iptables argv and how it
 * differs from istio-init (core `CniFact`s).
 */
export function SetupNote(): ReactNode {
  const pod = useDerived(selectPodInfo);
  const t = useT();
  if (pod === undefined) return null;
  const facts = pod.facts ?? [];
  if (pod.setup.length === 0 && pod.argv === undefined && facts.length === 0) return null;
  return (
    <div className="setup-note" data-testid="pod-setup">
      {pod.setup.length > 0 && (
        <>
          <p>{t(pod.plane === 'cni' ? 'dataplane.setupCni' : 'dataplane.setup')}</p>
          <pre>{pod.setup.join('\n')}</pre>
        </>
      )}
      {pod.argv !== undefined && (
        <>
          <p>{t('dataplane.cniArgv')}</p>
          <pre data-testid="cni-argv">
            {['istio-iptables', ...pod.argv].map((a) => (a === '' ? '""' : a)).join(' ')}
          </pre>
        </>
      )}
      {facts.length > 0 && (
        <>
          <p>{t('dataplane.cniFacts')}</p>
          <ul data-testid="cni-facts">
            {facts.map((f) => (
              <li key={f.kind}>{factText(t, f)}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
