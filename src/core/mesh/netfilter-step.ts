import type { RuleRef, Target } from '../iptables/model.ts';
import { normalizePacket } from '../netfilter/packet.ts';
import type { CtState } from '../netfilter/packet.ts';
import type { Delivery, RuleStep, TraceStep } from '../netfilter/result.ts';
import { simulatePacket } from '../netfilter/simulate.ts';
import type { Diagnostic } from '../shared/diagnostics.ts';
import type { PodNetwork } from './sidecar.ts';

/**
 * A packet exactly as `intercept trace` reads it (one JSON line): replaying it through the pod's
 * rules with `--pod-ip <podIp>` gives the same `matched` and `final`.
 *
 * @example
 * const p: TracePacket = { id: 'h3.12', direction: 'inbound', proto: 'tcp', src: '172.33.78.10', dst: '172.33.78.5', sport: 55021, dport: 9080 };
 */
export interface TracePacket {
  readonly id: string;
  readonly direction: 'outbound' | 'inbound';
  /** `udp`: ambient's DNS query to ztunnel's 15053; everything else is TCP. */
  readonly proto: 'tcp' | 'udp';
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly mark?: number;
  readonly connmark?: number;
  readonly ctstate?: CtState;
}

/**
 * One traversal of a pod's netfilter hooks, computed by the simulator.
 *
 * @example
 * const t: NetfilterTraversal = step; // every `netfilter` step of a hop is one
 * t.final; // 'REDIRECT:15006'
 */
export interface NetfilterTraversal {
  readonly pod: string;
  /** The pod's eth0 address with prefix: `intercept trace --pod-ip`. */
  readonly podIp: string;
  readonly packet: TracePacket;
  readonly matched: readonly RuleRef[];
  readonly matchedAfterLoopback: readonly RuleRef[];
  readonly final: string;
  readonly delivered: Delivery;
  /** The rule that decided: the last matched rule whose target is not a jump (REDIRECT, RETURN, ACCEPT…). */
  readonly decisive?: RuleRef;
  readonly trace: readonly TraceStep[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Targets that change the packet or its marks and go on: a decision even without a verdict. */
const REWRITING_TARGETS: ReadonlySet<string> = new Set([
  'REDIRECT',
  'DNAT',
  'TPROXY',
  'MARK',
  'CONNMARK',
]);

function rewritesPacket(target: Target | undefined): boolean {
  return target?.kind === 'extension' && REWRITING_TARGETS.has(target.name);
}

function decisiveRule(steps: readonly TraceStep[]): RuleRef | undefined {
  let found: RuleRef | undefined;
  for (const s of steps) {
    if (s.kind !== 'rule' || !s.matched || s.pass !== 'first') continue;
    if (s.verdict === 'jump' || s.verdict === 'goto') continue;
    if (s.verdict === 'continue' && !rewritesPacket(s.target)) continue;
    found = s.rule;
  }
  return found;
}

/**
 * Simulates `packet` through the pod's rules (never throws; a packet the simulator refuses comes
 * back as an `incomplete` delivery with its diagnostics).
 *
 * @example
 * const t = traverse(net, { id: 'h1.2', direction: 'outbound', proto: 'tcp', src: '172.33.78.10', dst: '10.254.109.7', sport: 41000, dport: 9080, uid: 0, gid: 0 });
 * t.final; // 'REDIRECT:15001'
 */
export function traverse(net: PodNetwork, packet: TracePacket): NetfilterTraversal {
  const normalized = normalizePacket(packet, net.context, packet.id);
  const base = { pod: net.name, podIp: net.ip, packet };
  if (!normalized.value) {
    const view = {
      src: packet.src,
      dst: packet.dst,
      sport: packet.sport,
      dport: packet.dport,
      mark: '0x0',
      connmark: '0x0',
      iif: '',
      oif: '',
      ctstate: '',
    };
    return {
      ...base,
      matched: [],
      matchedAfterLoopback: [],
      final: 'ACCEPT',
      delivered: { kind: 'incomplete', reason: 'the packet could not be simulated', packet: view },
      trace: [],
      diagnostics: normalized.diagnostics,
    };
  }
  const rulesets = net.nft === undefined ? { v4: net.ruleset } : { v4: net.ruleset, nft: net.nft };
  const result = simulatePacket(rulesets, normalized.value, net.context);
  const decisive = decisiveRule(result.steps);
  return {
    ...base,
    matched: result.matched,
    matchedAfterLoopback: result.matchedAfterLoopback,
    final: result.final,
    delivered: result.delivered,
    ...(decisive === undefined ? {} : { decisive }),
    trace: result.steps,
    diagnostics: [...normalized.diagnostics, ...result.diagnostics],
  };
}

/** The rule steps the packet was tested against (first pass), for explaining a verdict. */
export function ruleSteps(t: NetfilterTraversal): readonly RuleStep[] {
  return t.trace.filter((s): s is RuleStep => s.kind === 'rule' && s.pass === 'first');
}
