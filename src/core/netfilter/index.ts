/**
 * The netfilter packet simulator: packets through a pod's iptables rules, hook by hook, as the
 * Linux kernel walks them. See README.md in this folder.
 */
export type { Hook, Pass } from './hooks.ts';
export { HOOKS, HOOK_TABLES } from './hooks.ts';
export type { CtState, Direction, L4Protocol, Packet, PacketSpec } from './packet.ts';
export { defaultSourcePort, formatEndpoints, normalizePacket } from './packet.ts';
export type { FwmarkRoute, PodContext, PodInterface, PodSpec } from './pod.ts';
export {
  createPod,
  DEFAULT_POD,
  DEFAULT_POD_IP,
  DEFAULT_POD_IP6,
  ISTIO_TPROXY_ROUTE_TABLE,
} from './pod.ts';
export type {
  Counter,
  Delivery,
  FamilyCounters,
  NatSkippedStep,
  PacketView,
  PolicyStep,
  ReturnStep,
  RouteStep,
  RuleStep,
  SkipStep,
  StepTable,
  StepVerdict,
  TraceResult,
  TraceStep,
} from './result.ts';
export type { RouteCaveat, RouteRefusal } from './route-verdict.ts';
export type { Rulesets, SimulateOptions } from './simulate.ts';
export { simulatePacket } from './simulate.ts';
export type { BatchResult } from './batch.ts';
export { simulateBatch } from './batch.ts';
export { SUPPORTED_MATCHES } from './matchers/index.ts';
export { describeTarget, SUPPORTED_TARGETS } from './targets/index.ts';
export type { ConditionSpec, FailedCondition, PacketFact } from './condition.ts';
export { conditionLabel, describeFact, formatFailedCondition } from './condition.ts';
export { formatPacketView, formatTrace } from './trace.ts';
export { routeCaveatMessage, routeNotes, routeRefusalMessage } from './route-messages.ts';
export type { NftRuleRefParts, NftTableKey } from './nft/ref.ts';
export { nftRuleRef, nftTableKey, parseNftRuleRef } from './nft/ref.ts';
export { checkNftLoad } from './nft/load-check.ts';
