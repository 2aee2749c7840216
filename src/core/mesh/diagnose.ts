import type { RuleRef } from '../iptables/model.ts';
import { findRule, parseRuleRef } from '../iptables/model.ts';
import type { RuleStep } from '../netfilter/result.ts';
import { renderRuleSpec } from '../iptables/render-save.ts';
import { findFlag } from '../generator/flags.ts';
import type { DiagnosticCode, Severity } from '../shared/diagnostics.ts';
import type { Message } from '../shared/messages.ts';
import type { SourceRange } from '../shared/source-range.ts';
import { EMPTY_RANGE } from '../shared/source-range.ts';
import type { PathContext } from './context.ts';
import type { NetfilterTraversal } from './netfilter-step.ts';
import { ruleSteps } from './netfilter-step.ts';
import type { PathDiagnostic } from './path-types.ts';
import type { PodNetwork } from './sidecar.ts';

/** `-A ISTIO_OUTPUT -d 172.33.3.3/32 -j RETURN`: the rule as iptables-save prints it. */
export function ruleText(net: PodNetwork, ref: RuleRef): string {
  const parts = parseRuleRef(ref);
  const rule = findRule(net.ruleset, ref);
  return parts === undefined || rule === undefined
    ? ref
    : `-A ${parts.chain}${renderRuleSpec(rule, 4)}`;
}

/** The flags that made the generator write `ref` (empty when unknown). */
export function originFlags(net: PodNetwork, ref: RuleRef | undefined): readonly string[] {
  return ref === undefined ? [] : (findRule(net.ruleset, ref)?.origin?.flags ?? []);
}

/** Where a flag was written: its last occurrence in the pod's args text, or nowhere (default / annotation). */
export function flagRange(
  net: PodNetwork,
  flag: string | undefined,
): { range: SourceRange; annotation?: string } {
  if (flag === undefined || net.args === undefined) return { range: EMPTY_RANGE };
  const override = net.args.overrides.find((o) => o.flag === flag);
  if (override) return { range: EMPTY_RANGE, annotation: override.annotation };
  const occurrence = net.args.flags.filter((f) => f.flag === flag).at(-1);
  return { range: occurrence?.range ?? EMPTY_RANGE };
}

/** The value a flag resolved to in the pod's config (written, annotation or default), shell-quoted when empty. */
export function flagValue(net: PodNetwork, flag: string): string {
  const field = findFlag(flag)?.field;
  const value = field === undefined || net.args === undefined ? undefined : net.args.config[field];
  if (value === undefined) return '?';
  const text = String(value);
  return text === '' ? "''" : text;
}

/**
 * A rule the packet was tested against that did not hold and that `flag` produced: the rule that
 * would have changed the verdict (the missing uid RETURN of a loop, the capture rule of `-b`).
 * `which` narrows by the step's facts (its target, the condition that failed).
 */
export function missedRuleOf(
  net: PodNetwork,
  t: NetfilterTraversal,
  flags: readonly string[],
  which: (s: RuleStep) => boolean = () => true,
): RuleRef | undefined {
  return ruleSteps(t).find(
    (s) => !s.matched && which(s) && originFlags(net, s.rule).some((f) => flags.includes(f)),
  )?.rule;
}

/**
 * A RETURN rule whose owner match (`--uid-owner`/`--gid-owner`) failed: the rule that would have
 * let the proxy's own connection out.
 */
export function isMissedOwnerReturn(s: RuleStep): boolean {
  return (
    s.target?.kind === 'verdict' && s.target.verdict === 'RETURN' && s.failed?.match === 'owner'
  );
}

export interface DiagnosticInput {
  /** Records with the same key are kept once (default: code, pod, rule and flag). */
  readonly key?: string;
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly net?: PodNetwork;
  readonly pod?: string;
  readonly hop?: string;
  readonly step?: string;
  readonly rule?: RuleRef;
  readonly flag?: string;
  /** `message` as an id with typed parameters (ambient diagnostics). */
  readonly messageRef?: Message;
}

/**
 * Records a path diagnostic once (same code, pod and rule), located at the flag that causes it
 * in the pod's args text when there is one.
 */
export function reportPath(ctx: PathContext, d: DiagnosticInput): void {
  const pod = d.pod ?? d.net?.name;
  const key = d.key ?? `${d.code}|${pod ?? ''}|${d.rule ?? ''}|${d.flag ?? ''}`;
  if (ctx.reported.has(key)) return;
  ctx.reported.add(key);
  const where = d.net === undefined ? { range: EMPTY_RANGE } : flagRange(d.net, d.flag);
  const viaAnnotation =
    where.annotation === undefined ? '' : ` (set by the pod annotation ${where.annotation})`;
  const out: PathDiagnostic = {
    code: d.code,
    severity: d.severity,
    message: `${d.message}${viaAnnotation}`,
    range: where.range,
    ...(d.flag === undefined ? {} : { subject: d.flag, flag: d.flag }),
    ...(pod === undefined ? {} : { pod }),
    ...(d.hop === undefined ? {} : { hop: d.hop }),
    ...(d.step === undefined ? {} : { step: d.step }),
    ...(d.rule === undefined ? {} : { rule: d.rule }),
    ...(d.messageRef === undefined ? {} : { messageRef: d.messageRef }),
  };
  ctx.diagnostics.push(out);
}
