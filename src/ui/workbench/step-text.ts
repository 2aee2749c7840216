import { assertNever, describeTarget, formatFailedCondition } from '@core';
import type { TraceStep } from '@core';
import type { Translate } from '../i18n/translate.ts';

/**
 * One line of the step list: what happened at this step, in the page language (the reasons
 * the simulator gives stay as it wrote them: they quote rules and packet fields).
 *
 * @example
 * describeStep({ kind: 'return', … }, t); // 'end of chain: return to the caller'
 */
export function describeStep(step: TraceStep, t: Translate): string {
  switch (step.kind) {
    case 'rule': {
      // nftables steps carry the rule as `nft list` prints it (it has no iptables target).
      const head = `#${step.position} ${step.nftRule ?? describeTarget(step.target)}`;
      if (step.matched) return `${head} — ${t('bench.stepMatched')}`;
      const why = step.cannotEvaluate ?? (step.failed ? formatFailedCondition(step.failed) : '');
      return `${head} — ${t('bench.stepNotMatched')}: ${why}`;
    }
    case 'skip':
      return t('bench.stepSkip', { from: step.from, to: step.to, count: step.count });
    case 'return':
      return t('bench.stepReturn');
    case 'policy':
      return t('bench.stepPolicy', { policy: step.policy });
    case 'nat-skipped':
      return t('bench.stepNatSkipped', { reason: step.reason });
    case 'route': {
      const line = t('bench.stepRoute', {
        decision: step.decision,
        oif: step.oif,
        reason: step.reason,
      });
      if (step.refusal) return `${line} — ${step.refusal.errno}`;
      return step.caveat ? `${line} — ${t('bench.routeCaveat')}` : line;
    }
    default:
      return assertNever(step);
  }
}

/** `OUTPUT nat/ISTIO_OUTPUT`, or just the hook for routing steps. */
export function stepPlace(step: TraceStep): string {
  return step.kind === 'route' || step.kind === 'nat-skipped'
    ? step.hook
    : `${step.hook} ${step.table}/${step.chain}`;
}
