import type { ChainKey, Policy, RuleRef, TableName, Target } from '../iptables/model.ts';
import type { NftTableKey } from './nft/ref.ts';
import type { Diagnostic } from '../shared/diagnostics.ts';
import type { IpFamily } from '../shared/ip.ts';
import type { FailedCondition } from './condition.ts';
import type { Hook, Pass } from './hooks.ts';
import type { Packet } from './packet.ts';
import type { RouteCaveat, RouteRefusal } from './route-verdict.ts';

/**
 * The packet's headers and marks at one point of its path, as text.
 *
 * @example
 * result.delivered.packet.dst; // '127.0.0.1' after REDIRECT in OUTPUT
 */
export interface PacketView {
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
  /** `0x539` */
  readonly mark: string;
  readonly connmark: string;
  readonly iif: string;
  readonly oif: string;
  readonly ctstate: string;
}

/**
 * How a matched rule's target continued the walk.
 *
 * @example
 * result.steps.filter((s) => s.kind === 'rule' && s.verdict === 'jump');
 */
export type StepVerdict = 'continue' | 'jump' | 'goto' | 'return' | 'accept' | 'drop' | 'reject';

interface StepBase {
  readonly pass: Pass;
  readonly hook: Hook;
}

/**
 * The table a step ran in: an iptables table (`nat`), or an nftables table as `family/name`
 * (`inet/istio-proxy-nat`).
 *
 * @example
 * const t: StepTable = 'nat';
 */
export type StepTable = TableName | NftTableKey;

interface ChainStepBase extends StepBase {
  readonly table: StepTable;
  readonly chain: string;
}

/**
 * One rule the kernel looked at: matched or not and why (as data), the target, the packet after it.
 *
 * @example
 * const misses = result.steps.filter((s): s is RuleStep => s.kind === 'rule' && !s.matched).map((s) => s.failed?.option);
 */
export interface RuleStep extends ChainStepBase {
  readonly kind: 'rule';
  readonly rule: RuleRef;
  readonly position: number;
  readonly matched: boolean;
  /** Not matched (and evaluable): the first condition that failed and what the packet had. */
  readonly failed?: FailedCondition;
  /** The rule's target as parsed (`describeTarget` prints it); undefined when the rule has none. */
  readonly target: Target | undefined;
  /** nftables rules: the rule as `nft list ruleset` prints it (they have no iptables target). */
  readonly nftRule?: string;
  readonly verdict?: StepVerdict;
  /**
   * Set when the rule could not be evaluated (unknown module, target…): it was taken as not
   * matched. The text is the `cannot-evaluate` diagnostic's.
   */
  readonly cannotEvaluate?: string;
  /** Matched, but its jump or goto would loop (or nest too deep): not followed. */
  readonly loops?: true;
  /** A caveat about the target (e.g. TPROXY needs a transparent listener). */
  readonly note?: string;
  /** The packet after this step. */
  readonly packet: PacketView;
}

/**
 * Rules an index skipped because they cannot match this packet's destination or port.
 *
 * @example
 * result.steps.filter((s): s is SkipStep => s.kind === 'skip').reduce((n, s) => n + s.count, 0);
 */
export interface SkipStep extends ChainStepBase {
  readonly kind: 'skip';
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/**
 * The end of a user chain reached without a verdict: back to the caller (the kernel traces nothing).
 *
 * @example
 * result.steps.some((s): s is ReturnStep => s.kind === 'return' && s.chain === 'ISTIO_INBOUND');
 */
export interface ReturnStep extends ChainStepBase {
  readonly kind: 'return';
}

/**
 * A built-in chain ended without a verdict: its policy decides.
 *
 * @example
 * result.steps.find((s): s is PolicyStep => s.kind === 'policy')?.policy; // 'ACCEPT'
 */
export interface PolicyStep extends ChainStepBase {
  readonly kind: 'policy';
  readonly policy: Policy;
}

/**
 * nat was not consulted: the connection's NAT binding already exists (or it is untracked).
 *
 * @example
 * result.steps.some((s): s is NatSkippedStep => s.kind === 'nat-skipped' && s.pass === 'loopback');
 */
export interface NatSkippedStep extends StepBase {
  readonly kind: 'nat-skipped';
  readonly reason: string;
}

/**
 * A routing decision between hooks (initial route, re-route after mangle/nat, input routing).
 * `refused`: output routing refused the packet; `refusal` says why (as data).
 *
 * @example
 * result.steps.filter((s): s is RouteStep => s.kind === 'route').map((s) => s.reason);
 */
export interface RouteStep extends StepBase {
  readonly kind: 'route';
  readonly decision: 'local' | 'unicast' | 'forward' | 'drop' | 'unreachable' | 'refused';
  readonly oif: string;
  readonly reason: string;
  /** Set exactly when `decision` is `refused`. */
  readonly refusal?: RouteRefusal;
  readonly caveat?: RouteCaveat;
  readonly packet: PacketView;
}

/**
 * One line of a trace, in the order the kernel went through them.
 *
 * @example
 * for (const step of result.steps) if (step.kind === 'rule' && step.matched) console.log(step.rule);
 */
export type TraceStep = RuleStep | SkipStep | ReturnStep | PolicyStep | NatSkippedStep | RouteStep;

/**
 * Where the packet ended up.
 *
 * @example
 * if (result.delivered.kind === 'local') result.delivered.port; // 15001 after REDIRECT
 */
export type Delivery =
  | {
      readonly kind: 'local';
      /** `tproxy`: assigned to the transparent socket on `port`; else the socket bound to dst:dport. */
      readonly socket: 'destination' | 'tproxy';
      readonly iif: string;
      readonly port: number;
      readonly packet: PacketView;
    }
  | {
      readonly kind: 'sent';
      readonly oif: string;
      readonly nextHop: string;
      readonly packet: PacketView;
    }
  | {
      readonly kind: 'dropped' | 'rejected';
      readonly hook?: Hook;
      readonly table?: StepTable;
      /** The rule, `policy` (of the base chain) or `routing`. */
      readonly by: RuleRef | 'policy' | 'routing';
      readonly reason: string;
      readonly packet: PacketView;
    }
  | {
      /**
       * Output routing refused the packet. `send`: before the OUTPUT hook, so the socket call
       * fails with `refusal.errno` and netfilter never sees the packet; `reroute`: when a table
       * of the OUTPUT hook changed it (`table`), and the kernel drops it there.
       */
      readonly kind: 'refused';
      readonly at: 'send' | 'reroute';
      readonly hook: 'OUTPUT';
      readonly table?: StepTable;
      readonly refusal: RouteRefusal;
      readonly packet: PacketView;
    }
  | { readonly kind: 'incomplete'; readonly reason: string; readonly packet: PacketView };

/**
 * The simulation of one packet: CONTRACTS.md §3 `matched`, `matched_after_loopback` and `final`,
 * plus every step, the delivery and what could not be evaluated.
 *
 * @example
 * const { matched, final } = simulatePacket({ v4 }, packet);
 */
export interface TraceResult {
  readonly id: string;
  readonly family: IpFamily;
  readonly packet: Packet;
  /** CONTRACTS.md §3 `matched`: rules whose matches held and whose target ran, first pass. */
  readonly matched: readonly RuleRef[];
  /** The same for the re-entry through `lo`. */
  readonly matchedAfterLoopback: readonly RuleRef[];
  /** CONTRACTS.md §3 `final`. */
  readonly final: string;
  readonly delivered: Delivery;
  readonly steps: readonly TraceStep[];
  readonly diagnostics: readonly Diagnostic[];
  /** False when a bound (steps, depth) cut the simulation short. */
  readonly complete: boolean;
}

/**
 * Packet and byte counters, like the columns of `iptables -L -v`.
 *
 * @example
 * const c: Counter | undefined = batch.counters.v4.rules.get(ruleRef('nat', 'OUTPUT', 1));
 */
export interface Counter {
  readonly packets: number;
  readonly bytes: number;
}

/**
 * Counters of one family's rules and base-chain policies over a batch.
 *
 * @example
 * batch.counters.v4.policies.get(chainKey('nat', 'OUTPUT'))?.packets;
 */
export interface FamilyCounters {
  readonly rules: ReadonlyMap<RuleRef, Counter>;
  readonly policies: ReadonlyMap<ChainKey, Counter>;
}
