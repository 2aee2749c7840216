import type { IstioVersion } from '../generator/config.ts';
import { generateRules } from '../generator/generate.ts';
import { renderRestore } from '../generator/render-restore.ts';
import { ruleOrigins } from '../generator/rule-origins.ts';
import type { RuleOrigin, RuleRef, Ruleset } from '../iptables/model.ts';
import { parseIptables } from '../iptables/parse.ts';
import type { PodContext } from '../netfilter/pod.ts';
import { createPod } from '../netfilter/pod.ts';
import type { Diagnostic } from '../shared/diagnostics.ts';
import { diagnostic } from '../shared/diagnostics.ts';
import { EMPTY_RANGE } from '../shared/source-range.ts';
import type { ResolvedArgs } from './injector.ts';
import { resolvePodArgs } from './injector.ts';
import type { PodSpec } from './scenario.ts';

/**
 * A pod's network namespace as the path needs it: its istio-init args, the rules they generate
 * (as iptables-restore text and as the loaded ruleset), where each rule came from, and the pod
 * context the simulator routes with.
 *
 * @example
 * const net: PodNetwork = buildPodNetwork(pod, undefined, 'latest');
 * net.origins.get(ruleRef('nat', 'ISTIO_OUTPUT', 4))?.flags; // ['proxy-uid']
 */
export interface PodNetwork {
  readonly name: string;
  readonly ip: string;
  readonly context: PodContext;
  /** Undefined for pods without a sidecar (no istio-init ran). */
  readonly args?: ResolvedArgs;
  /** IPv4 iptables-restore text istio-init loads ('' without a sidecar). */
  readonly restore: string;
  /** The commands besides iptables that istio-init ran (TPROXY policy routing), as the pod has them. */
  readonly setup: readonly string[];
  readonly ruleset: Ruleset;
  /** `nat/ISTIO_OUTPUT#4` → the flags and reason that produced that rule. */
  readonly origins: ReadonlyMap<RuleRef, RuleOrigin>;
  readonly diagnostics: readonly Diagnostic[];
}

function contextOf(
  pod: { name: string; ip: string },
  tproxyRouting: boolean,
  diagnostics: Diagnostic[],
): PodContext {
  const created = createPod(
    tproxyRouting ? { podIp: pod.ip } : { podIp: pod.ip, fwmarkRoutes: [] },
  );
  for (const d of created.diagnostics)
    diagnostics.push({ ...d, message: `pod ${pod.name}: ${d.message}` });
  return created.value;
}

/**
 * Builds the network of one sidecar pod: args → `generateRules` (the profile's rule builder) →
 * iptables-restore text → `parseIptables` → the ruleset the simulator walks.
 *
 * @example
 * const net = buildPodNetwork(pod, undefined, 'latest');
 * net.restore.startsWith('* nat'); // true
 */
export function buildPodNetwork(
  pod: PodSpec,
  scenarioArgs: string | undefined,
  version: IstioVersion,
): PodNetwork {
  const diagnostics: Diagnostic[] = [];
  const context = contextOf(pod, pod.tproxyRouting, diagnostics);
  if (!pod.sidecar) return bareNetwork(pod.name, pod.ip, context, diagnostics);
  const args = resolvePodArgs(pod, scenarioArgs, version);
  const rules = generateRules(args.config, version);
  for (const d of rules.diagnostics)
    diagnostics.push({ ...d, message: `pod ${pod.name}: ${d.message}` });
  const restore = renderRestore(rules, 4);
  const parsed = parseIptables(restore, { family: 4 });
  for (const d of parsed.diagnostics) {
    diagnostics.push(
      diagnostic(d.code, d.severity, `pod ${pod.name}: generated rules: ${d.message}`, EMPTY_RANGE),
    );
  }
  // A pod without TPROXY routing (tproxyRouting: false) is one where these commands did not take effect.
  const setup = pod.tproxyRouting
    ? rules.setup
    : rules.setup.filter((c) => !/ (rule|route) add /.test(c));
  return {
    name: pod.name,
    ip: pod.ip,
    context,
    args,
    restore,
    setup,
    ruleset: parsed.value,
    origins: ruleOrigins(rules, 4),
    diagnostics,
  };
}

/** A pod without istio-init (the ingress gateway): no rules at all, every hook's policy ACCEPT. */
export function bareNetwork(
  name: string,
  ip: string,
  context: PodContext,
  diagnostics: readonly Diagnostic[] = [],
): PodNetwork {
  return {
    name,
    ip,
    context,
    restore: '',
    setup: [],
    ruleset: { family: 4, tables: [] },
    origins: new Map(),
    diagnostics,
  };
}

/**
 * The network of a pod that has no sidecar, from its address.
 *
 * @example
 * buildBareNetwork('istio-ingressgateway', '172.33.84.3/24').restore; // ''
 */
export function buildBareNetwork(name: string, ip: string): PodNetwork {
  const diagnostics: Diagnostic[] = [];
  return bareNetwork(name, ip, contextOf({ name, ip }, true, diagnostics), diagnostics);
}
