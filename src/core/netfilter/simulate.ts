import { MAX_JUMP_LEVEL } from '../iptables/jump-depth.ts';
import type { RuleRef, Ruleset, TableName } from '../iptables/model.ts';
import type { NftState } from '../nftables/state.ts';
import { diagnostic } from '../shared/diagnostics.ts';
import { formatAddress } from '../shared/ip.ts';
import { EMPTY_RANGE } from '../shared/source-range.ts';
import type { CompiledRuleset } from './compile.ts';
import { compileRuleset, DEFAULT_INDEX_THRESHOLD } from './compile.ts';
import type { HookEntry } from './hook-order.ts';
import { hookEntries } from './hook-order.ts';
import type { Hook } from './hooks.ts';
import type { CompiledNft } from './nft/compile.ts';
import { compileNft } from './nft/compile.ts';
import { walkNftChain } from './nft/walk.ts';
import type { Packet } from './packet.ts';
import type { FwmarkRoute, PodContext } from './pod.ts';
import { DEFAULT_POD, ISTIO_TPROXY_ROUTE_TABLE } from './pod.ts';
import type { Delivery, RouteStep, StepTable, TraceResult } from './result.ts';
import type { RouteRefusal } from './route-verdict.ts';
import type { RouteDecision } from './routing.ts';
import { routeCaveat, routeInput, routeOutput, routeRefusal } from './routing.ts';
import type { SimPacket } from './state.ts';
import { createSimPacket, dstAddress, srcAddress } from './state.ts';
import type { CounterSink, Run } from './walk.ts';
import { report, viewOf, walkTable } from './walk.ts';

/**
 * The rules of both families, as loaded into the pod (a missing family has no rules).
 *
 * @example
 * const rulesets: Rulesets = { v4: parseIptables(text, { family: 4 }).value };
 */
export interface Rulesets {
  readonly v4?: Ruleset;
  readonly v6?: Ruleset;
  /**
   * A native nftables ruleset (`loadNft(parseNft(text)).value`): its base chains run at their
   * hooks, interleaved by priority with the iptables(-nft) tables of `v4`/`v6`.
   */
  readonly nft?: NftState;
}

/**
 * Bounds and switches of a simulation.
 *
 * @example
 * simulatePacket({ v4 }, packet, DEFAULT_POD, { index: false, maxSteps: 10_000 });
 */
export interface SimulateOptions {
  /** Use the per-chain index (default true). False scans every rule like the kernel. */
  readonly index?: boolean;
  /** Chains with at least this many rules get an index (default 32). */
  readonly indexThreshold?: number;
  /** Record steps (default true). Counters and verdicts are computed either way. */
  readonly recordSteps?: boolean;
  /** Bound on rule evaluations per packet (default 2,000,000). */
  readonly maxSteps?: number;
  /**
   * Bound on nested chain frames (default 16, the kernel's: a built-in chain and 15 levels of
   * jumps below it; nf_tables refuses to load deeper nesting, see iptables/jump-depth.ts).
   */
  readonly maxDepth?: number;
  /** Internal: batch counters. */
  readonly counters?: CounterSink;
}

type HookOutcome =
  | { readonly kind: 'pass' }
  | { readonly kind: 'dropped' | 'rejected'; readonly delivery: Delivery };

interface Walk {
  readonly run: Run;
  readonly p: SimPacket;
  readonly fwmarks: readonly FwmarkRoute[];
  readonly tokens: string[];
  readonly nft: CompiledNft | undefined;
}

function fwmarkRoutes(
  pod: PodContext,
  compiled: CompiledRuleset | undefined,
  nft: CompiledNft | undefined,
): readonly FwmarkRoute[] {
  if (pod.fwmarkRoutes !== 'auto') return pod.fwmarkRoutes;
  const seen = new Map<string, FwmarkRoute>();
  const marks = [
    ...(compiled?.tproxyMarks ?? []),
    ...(nft?.tproxyMarks ?? []).map((mark) => ({ mark, mask: 0xffffffff })),
  ];
  for (const m of marks) {
    // upstream: `ip rule add fwmark <mark> lookup 133` matches the whole mark (mask all ones).
    seen.set(`${m.mark}`, { mark: m.mark, mask: 0xffffffff, table: ISTIO_TPROXY_ROUTE_TABLE });
  }
  return [...seen.values()];
}

function recordRoute(
  w: Walk,
  hook: Hook,
  decision: RouteStep['decision'],
  oif: string,
  reason: string,
  extra: Pick<RouteStep, 'refusal' | 'caveat'> = {},
): void {
  if (!w.run.record) return;
  w.run.view = undefined;
  w.run.steps.push({
    kind: 'route',
    pass: w.run.pass,
    hook,
    decision,
    oif,
    reason,
    ...extra,
    packet: viewOf(w.run, w.p),
  });
}

/**
 * Output routing of the packet as it is now, recorded as a step: the decision, and whether the
 * kernel refuses it (a loopback source on a route out of eth0, no route).
 */
function routeOut(w: Walk, why: string | undefined): RouteDecision & { refusal?: RouteRefusal } {
  const decision = routeOutput(w.run.pod, w.fwmarks, dstAddress(w.p), w.p.mark);
  const refusal = routeRefusal(decision, srcAddress(w.p), dstAddress(w.p));
  const caveat = routeCaveat(decision, srcAddress(w.p));
  w.p.oif = decision.oif;
  const reason = why === undefined ? decision.reason : `${why}: ${decision.reason}`;
  recordRoute(w, 'OUTPUT', refusal ? 'refused' : decision.kind, decision.oif, reason, {
    ...(refusal ? { refusal } : {}),
    ...(caveat ? { caveat } : {}),
  });
  return refusal ? { ...decision, refusal } : decision;
}

function refused(
  w: Walk,
  at: 'send' | 'reroute',
  refusal: RouteRefusal,
  table?: StepTable,
): Delivery {
  return {
    kind: 'refused',
    at,
    hook: 'OUTPUT',
    ...(table === undefined ? {} : { table }),
    refusal,
    packet: viewOf(w.run, w.p),
  };
}

type EntryOutcome =
  | { readonly kind: 'pass' | 'aborted' }
  | { readonly kind: 'accept'; readonly token: string }
  | { readonly kind: 'drop' | 'reject'; readonly delivery: Delivery };

function ended(
  w: Walk,
  hook: Hook,
  table: StepTable,
  kind: 'drop' | 'reject',
  by: RuleRef | 'policy',
): EntryOutcome {
  const policy = by === 'policy' ? ' policy DROP' : '';
  return {
    kind,
    delivery: {
      kind: kind === 'drop' ? 'dropped' : 'rejected',
      hook,
      table,
      by,
      reason: `${table} ${hook}${policy}`,
      packet: viewOf(w.run, w.p),
    },
  };
}

/** Runs one table (iptables) or base chain (nftables) registered at the hook. */
function runEntry(w: Walk, hook: Hook, entry: HookEntry): EntryOutcome {
  if (entry.kind === 'nft') {
    const o = walkNftChain(w.run, w.nft as CompiledNft, entry.chain, hook, w.p);
    if (o.kind === 'aborted') return o;
    if (o.kind === 'accept') return { kind: 'accept', token: o.token };
    if (o.kind === 'drop') return ended(w, hook, entry.chain.key, 'drop', o.ref ?? 'policy');
    return o.policy === 'DROP'
      ? ended(w, hook, entry.chain.key, 'drop', 'policy')
      : { kind: 'pass' };
  }
  const outcome = walkTable(w.run, entry.table, hook, w.p);
  if (!outcome) return { kind: 'pass' };
  if (outcome.kind === 'aborted') return outcome;
  if (outcome.kind === 'accept') return { kind: 'accept', token: outcome.token };
  if (outcome.kind === 'policy')
    return outcome.policy === 'DROP'
      ? ended(w, hook, entry.table, 'drop', 'policy')
      : { kind: 'pass' };
  return ended(w, hook, entry.table, outcome.kind, outcome.rule ? outcome.rule.ref : 'policy');
}

function natSkipReason(p: SimPacket): string {
  return p.ct.untracked
    ? 'untracked (CT --notrack): no NAT'
    : p.ct.natDone && p.ct.state === 'NEW'
      ? 'conntrack already holds the NAT binding of this connection'
      : `ctstate ${p.ct.state}: NAT only sees new connections`;
}

function entriesAt(w: Walk, hook: Hook): readonly HookEntry[] {
  const tables = new Set<TableName>();
  for (const [name, chains] of w.run.compiled?.tables ?? []) {
    if (chains.get(hook)?.builtin) tables.add(name);
  }
  return hookEntries(hook, tables, w.nft, w.p.family);
}

/**
 * Runs everything registered at a hook in priority order: iptables tables and nftables base
 * chains interleaved. nat runs only for a new connection, and only until one nat chain bound it.
 */
function walkHook(w: Walk, hook: Hook): HookOutcome | 'aborted' {
  const { run, p } = w;
  // Conntrack runs at priority -200 at PREROUTING/OUTPUT; the packet view changes then.
  const attach = () => {
    if (p.ct.attached) return;
    p.ct.attached = true;
    run.view = undefined;
  };
  if (hook !== 'PREROUTING' && hook !== 'OUTPUT') attach();
  let natSkipped = false;
  const natBefore = { dnat: p.ct.dnat, snat: p.ct.snat };
  for (const entry of entriesAt(w, hook)) {
    if (entry.priority > -200) attach();
    if (entry.nat) {
      const bound =
        hook === 'PREROUTING' || hook === 'OUTPUT'
          ? p.ct.dnat !== natBefore.dnat
          : p.ct.snat !== natBefore.snat;
      if (bound) continue;
      if (p.ct.natDone || p.ct.untracked || p.ct.state !== 'NEW') {
        if (run.record && !natSkipped)
          run.steps.push({ kind: 'nat-skipped', pass: run.pass, hook, reason: natSkipReason(p) });
        natSkipped = true;
        continue;
      }
    }
    const before = { mark: p.mark, dst: p.dst, src: p.src };
    const outcome = runEntry(w, hook, entry);
    if (outcome.kind === 'aborted') return 'aborted';
    if (outcome.kind === 'drop') return { kind: 'dropped', delivery: outcome.delivery };
    if (outcome.kind === 'reject') return { kind: 'rejected', delivery: outcome.delivery };
    if (outcome.kind === 'accept') w.tokens.push(outcome.token);
    const why =
      hook !== 'OUTPUT'
        ? undefined
        : entry.route && (p.mark !== before.mark || p.dst !== before.dst || p.src !== before.src)
          ? 'mangle changed the packet, re-route'
          : entry.nat && p.dst !== before.dst
            ? 'nat changed the destination, re-route'
            : undefined;
    // ip_route_me_harder: a refused re-route drops the packet at the end of this table.
    const refusal = why === undefined ? undefined : routeOut(w, why).refusal;
    if (refusal) {
      const table = entry.kind === 'nft' ? entry.chain.key : entry.table;
      return { kind: 'dropped', delivery: refused(w, 'reroute', refusal, table) };
    }
  }
  return { kind: 'pass' };
}

function localDelivery(w: Walk): Delivery {
  const port = w.p.tproxyPort ?? w.p.dport;
  return {
    kind: 'local',
    socket: w.p.tproxyPort === undefined ? 'destination' : 'tproxy',
    iif: w.p.iif,
    port,
    packet: viewOf(w.run, w.p),
  };
}

/** PREROUTING, input routing, then INPUT (or FORWARD and POSTROUTING). */
function receive(w: Walk, iif: string): HookOutcome | 'aborted' | Delivery {
  const { run, p } = w;
  p.iif = iif;
  p.oif = '';
  run.view = undefined;
  const pre = walkHook(w, 'PREROUTING');
  if (pre !== 'aborted' && pre.kind !== 'pass') return pre;
  if (pre === 'aborted') return pre;
  const route = routeInput(run.pod, w.fwmarks, dstAddress(p), p.mark, iif);
  recordRoute(w, 'PREROUTING', route.kind, '', route.reason);
  if (route.kind === 'drop') {
    report(
      run,
      'routing-drop',
      diagnostic('bad-packet', 'warning', `routing drops the packet: ${route.reason}`, EMPTY_RANGE),
    );
    return { kind: 'dropped', by: 'routing', reason: route.reason, packet: viewOf(run, p) };
  }
  if (route.kind === 'local') {
    const input = walkHook(w, 'INPUT');
    return input === 'aborted' || input.kind !== 'pass' ? input : localDelivery(w);
  }
  const out = routeOutput(run.pod, w.fwmarks, dstAddress(p), p.mark);
  p.oif = out.oif;
  const fwd = walkHook(w, 'FORWARD');
  if (fwd === 'aborted' || fwd.kind !== 'pass') return fwd;
  const post = walkHook(w, 'POSTROUTING');
  if (post === 'aborted' || post.kind !== 'pass') return post;
  return sent(w, out);
}

function sent(w: Walk, route: RouteDecision): Delivery {
  const nextHop = route.via ? formatAddress(route.via) : formatAddress(dstAddress(w.p));
  return { kind: 'sent', oif: w.p.oif, nextHop, packet: viewOf(w.run, w.p) };
}

/** A process in the pod sends: OUTPUT, POSTROUTING, and for local destinations the way back in over lo. */
function send(w: Walk, packet: Packet): HookOutcome | 'aborted' | Delivery {
  const { run, p } = w;
  const first = routeOut(w, undefined);
  let route: RouteDecision = first;
  if (packet.oifHint !== undefined && packet.oifHint !== route.oif) {
    run.diagnostics.push(
      diagnostic(
        'bad-packet',
        'info',
        `oif: routing sends this packet out ${route.oif}, not ${packet.oifHint}`,
        EMPTY_RANGE,
        'oif',
      ),
    );
  }
  if (first.refusal) return refused(w, 'send', first.refusal);
  const out = walkHook(w, 'OUTPUT');
  if (out === 'aborted' || out.kind !== 'pass') return out;
  route = routeOutput(run.pod, w.fwmarks, dstAddress(p), p.mark);
  const post = walkHook(w, 'POSTROUTING');
  if (post === 'aborted' || post.kind !== 'pass') return post;
  if (p.oif !== 'lo') return sent(w, route);
  // Confirmed at the end of POSTROUTING: the looped-back packet finds its NAT binding done.
  p.ct.natDone = true;
  run.pass = 'loopback';
  return receive(w, 'lo');
}

/**
 * Simulates one packet through the pod's rules: the hooks in kernel order, routing between them,
 * and for locally generated packets to local addresses the second pass in through `lo`.
 *
 * @example
 * const result = simulatePacket({ v4: ruleset }, packet);
 * result.matched; // ['nat/OUTPUT#1', 'nat/ISTIO_OUTPUT#9', 'nat/ISTIO_REDIRECT#1']
 * result.final;   // 'REDIRECT:15001'
 */
/** A built-in chain's frame plus MAX_JUMP_LEVEL nested ones. */
const KERNEL_MAX_FRAMES = MAX_JUMP_LEVEL + 1;

export function simulatePacket(
  rulesets: Rulesets,
  packet: Packet,
  pod: PodContext = DEFAULT_POD,
  options: SimulateOptions = {},
): TraceResult {
  const ruleset = packet.family === 4 ? rulesets.v4 : rulesets.v6;
  const compiled = ruleset
    ? compileRuleset(ruleset, options.indexThreshold ?? DEFAULT_INDEX_THRESHOLD)
    : undefined;
  const run: Run = {
    compiled,
    pod,
    record: options.recordSteps ?? true,
    useIndex: options.index ?? true,
    maxDepth: options.maxDepth ?? KERNEL_MAX_FRAMES,
    steps: [],
    diagnostics: [],
    matched: { first: [], loopback: [] },
    counters: options.counters,
    reported: new Set(),
    pass: 'first',
    budget: options.maxSteps ?? 2_000_000,
    aborted: false,
    view: undefined,
  };
  const nft = rulesets.nft ? compileNft(rulesets.nft) : undefined;
  if (!ruleset && !nft) {
    run.diagnostics.push(
      diagnostic(
        'cannot-evaluate',
        'info',
        `no IPv${packet.family} rules were given: the pod is taken to have none (every policy ACCEPT)`,
        EMPTY_RANGE,
      ),
    );
  }
  const w: Walk = {
    run,
    p: createSimPacket(packet),
    fwmarks: fwmarkRoutes(pod, compiled, nft),
    tokens: [],
    nft,
  };
  const end = packet.direction === 'outbound' ? send(w, packet) : receive(w, 'eth0');
  const delivered = toDelivery(w, end);
  return {
    id: packet.id,
    family: packet.family,
    packet,
    matched: run.matched.first,
    matchedAfterLoopback: run.matched.loopback,
    final: finalOf(delivered, w.tokens),
    delivered,
    steps: run.steps,
    diagnostics: run.diagnostics,
    complete: !run.aborted,
  };
}

function toDelivery(w: Walk, end: HookOutcome | 'aborted' | Delivery): Delivery {
  if (end === 'aborted')
    return {
      kind: 'incomplete',
      reason: 'a simulation bound was reached',
      packet: viewOf(w.run, w.p),
    };
  if ('delivery' in end) return end.delivery;
  if (end.kind === 'pass')
    return { kind: 'incomplete', reason: 'no delivery', packet: viewOf(w.run, w.p) };
  return end;
}

/** CONTRACTS.md §3: DROP/REJECT, else the tokens of every hook a rule ended, else ACCEPT. */
function finalOf(delivered: Delivery, tokens: readonly string[]): string {
  if (delivered.kind === 'dropped' || delivered.kind === 'refused') return 'DROP';
  if (delivered.kind === 'rejected') return 'REJECT';
  return tokens.length > 0 ? tokens.join(' ') : 'ACCEPT';
}
