import type { IstioVersion } from '../generator/config.ts';
import { generateRules } from '../generator/generate.ts';
import { loadGeneratedRules } from '../generator/load-rules.ts';
import { generateNftables } from '../generator/nft/generate-nft.ts';
import { renderNftScript } from '../nftables/script.ts';
import { applyNftCommands, type NftState } from '../nftables/state.ts';
import type { Ruleset } from '../iptables/model.ts';
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
 * (as iptables-restore text and as the loaded ruleset, each rule with its `origin`), and the pod
 * context the simulator routes with.
 *
 * @example
 * const net: PodNetwork = buildPodNetwork(pod, undefined, 'latest');
 * findRule(net.ruleset, ruleRef('nat', 'ISTIO_OUTPUT', 4))?.origin?.flags; // ['proxy-uid']
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
  /** The loaded rules; generated ones carry `origin` (the flags and reason behind them). */
  readonly ruleset: Ruleset;
  /** With the nftables backend (`--native-nftables`): the program istio-init loaded (`ruleset` is then empty). */
  readonly nft?: NftState;
  readonly diagnostics: readonly Diagnostic[];
}

/** Which of istio-iptables' backends writes the sidecars' rules. */
export type RuleBackend = 'iptables' | 'nftables';

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
 * `loadGeneratedRules` (iptables-restore text and the ruleset the simulator walks).
 *
 * @example
 * const net = buildPodNetwork(pod, undefined, 'latest');
 * net.restore.startsWith('* nat'); // true
 */
export function buildPodNetwork(
  pod: PodSpec,
  scenarioArgs: string | undefined,
  version: IstioVersion,
  backend: RuleBackend = 'iptables',
): PodNetwork {
  const diagnostics: Diagnostic[] = [];
  const context = contextOf(pod, pod.tproxyRouting, diagnostics);
  if (!pod.sidecar) return bareNetwork(pod.name, pod.ip, context, diagnostics);
  const args = resolvePodArgs(pod, scenarioArgs, version);
  if (backend === 'nftables') return buildNftPodNetwork(pod, args, version, context, diagnostics);
  const rules = generateRules(args.config, version);
  for (const d of rules.diagnostics)
    diagnostics.push({ ...d, message: `pod ${pod.name}: ${d.message}` });
  const loaded = loadGeneratedRules(rules, 4);
  // Ranges point into the restore text, not the pod's args: dropped; the flag behind the line stays.
  for (const d of loaded.diagnostics) {
    const message = `pod ${pod.name}: generated rules: ${d.message}`;
    diagnostics.push(diagnostic(d.code, d.severity, message, EMPTY_RANGE, d.subject));
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
    restore: loaded.restore,
    setup,
    ruleset: loaded.ruleset,
    diagnostics,
  };
}

/**
 * A sidecar pod whose istio-init ran `--native-nftables`: the one nft transaction it pipes to
 * `nft -f -`, loaded; the simulator walks its base chains. A profile before 1.27 refuses (an
 * error diagnostic, and the pod runs no rules).
 */
function buildNftPodNetwork(
  pod: PodSpec,
  args: ResolvedArgs,
  version: IstioVersion,
  context: PodContext,
  diagnostics: Diagnostic[],
): PodNetwork {
  const out = generateNftables(args.config, version);
  const applied = applyNftCommands(out.commands);
  for (const d of [...out.diagnostics, ...applied.diagnostics])
    diagnostics.push(
      diagnostic(d.code, d.severity, `pod ${pod.name}: ${d.message}`, EMPTY_RANGE, d.subject),
    );
  return {
    name: pod.name,
    ip: pod.ip,
    context,
    args,
    restore: renderNftScript(out.commands),
    setup: [],
    ruleset: { family: 4, tables: [] },
    nft: applied.value,
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
