import type { ChainKey, Policy, RuleRef, TableName } from '../iptables/model.ts';
import type { Diagnostic } from '../shared/diagnostics.ts';
import type { IpFamily } from '../shared/ip.ts';
import type { Hook, Pass } from './hooks.ts';
import type { Packet } from './packet.ts';

/** The packet's headers and marks at one point of its path, as text. */
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

/** How a matched rule's target continued the walk. */
export type StepVerdict = 'continue' | 'jump' | 'goto' | 'return' | 'accept' | 'drop' | 'reject';

interface StepBase {
  readonly pass: Pass;
  readonly hook: Hook;
}

interface ChainStepBase extends StepBase {
  readonly table: TableName;
  readonly chain: string;
}

/** One rule the kernel looked at. */
export interface RuleStep extends ChainStepBase {
  readonly kind: 'rule';
  readonly rule: RuleRef;
  readonly position: number;
  readonly matched: boolean;
  /** Not matched: the first condition that failed and what the packet had; or why it cannot be evaluated. */
  readonly reason: string;
  /** The rule's target as text, e.g. `-j REDIRECT --to-ports 15001`. */
  readonly target: string;
  readonly verdict?: StepVerdict;
  /** Set when the rule could not be evaluated (unknown module, target…): it was taken as not matched. */
  readonly cannotEvaluate?: true;
  /** A caveat about the target (e.g. TPROXY needs a transparent listener). */
  readonly note?: string;
  /** The packet after this step. */
  readonly packet: PacketView;
}

/** Rules an index skipped because they cannot match this packet's destination or port. */
export interface SkipStep extends ChainStepBase {
  readonly kind: 'skip';
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/** The end of a user chain reached without a verdict: back to the caller. */
export interface ReturnStep extends ChainStepBase {
  readonly kind: 'return';
}

/** A built-in chain ended without a verdict: its policy decides. */
export interface PolicyStep extends ChainStepBase {
  readonly kind: 'policy';
  readonly policy: Policy;
}

/** nat was not consulted: the connection's NAT binding already exists (or it is untracked). */
export interface NatSkippedStep extends StepBase {
  readonly kind: 'nat-skipped';
  readonly reason: string;
}

/** A routing decision between hooks. */
export interface RouteStep extends StepBase {
  readonly kind: 'route';
  readonly decision: 'local' | 'unicast' | 'forward' | 'drop' | 'unreachable';
  readonly oif: string;
  readonly reason: string;
  readonly packet: PacketView;
}

export type TraceStep = RuleStep | SkipStep | ReturnStep | PolicyStep | NatSkippedStep | RouteStep;

/** Where the packet ended up. */
export type Delivery =
  | {
      readonly kind: 'local';
      /** `tproxy`: assigned to the transparent socket on `port`; else the socket bound to dst:dport. */
      readonly socket: 'destination' | 'tproxy';
      readonly iif: string;
      readonly port: number;
      readonly packet: PacketView;
    }
  | { readonly kind: 'sent'; readonly oif: string; readonly nextHop: string; readonly packet: PacketView }
  | {
      readonly kind: 'dropped' | 'rejected';
      readonly hook?: Hook;
      readonly table?: TableName;
      /** The rule, `policy` (of the base chain) or `routing`. */
      readonly by: RuleRef | 'policy' | 'routing';
      readonly reason: string;
      readonly packet: PacketView;
    }
  | { readonly kind: 'incomplete'; readonly reason: string; readonly packet: PacketView };

/** The simulation of one packet. */
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

/** Packet and byte counters, like the columns of `iptables -L -v`. */
export interface Counter {
  readonly packets: number;
  readonly bytes: number;
}

/** Counters of one family's rules and base-chain policies over a batch. */
export interface FamilyCounters {
  readonly rules: ReadonlyMap<RuleRef, Counter>;
  readonly policies: ReadonlyMap<ChainKey, Counter>;
}
