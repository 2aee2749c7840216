import type { ChainKey, Policy, RuleRef, TableName } from '../iptables/model.ts';
import { chainKey } from '../iptables/model.ts';
import type { Diagnostic } from '../shared/diagnostics.ts';
import { diagnostic } from '../shared/diagnostics.ts';
import { assertNever } from '../shared/assert.ts';
import { formatAddress } from '../shared/ip.ts';
import { EMPTY_RANGE } from '../shared/source-range.ts';
import type { CompiledChain, CompiledRule, CompiledRuleset } from './compile.ts';
import { candidateRules } from './compile.ts';
import type { FailedCondition } from './condition.ts';
import type { Hook, Pass } from './hooks.ts';
import { packetStates } from './matchers/conntrack.ts';
import type { PodContext } from './pod.ts';
import type { PacketView, StepVerdict, TraceStep } from './result.ts';
import type { EvalContext, SimPacket } from './state.ts';
import { applyTarget } from './targets/index.ts';

/** Receives every rule hit and policy decision (batch counters). */
export interface CounterSink {
  rule(ref: RuleRef, bytes: number): void;
  policy(chain: ChainKey, bytes: number): void;
}

/** Mutable state of one packet's simulation. */
export interface Run {
  readonly compiled: CompiledRuleset | undefined;
  readonly pod: PodContext;
  readonly record: boolean;
  readonly useIndex: boolean;
  readonly maxDepth: number;
  readonly steps: TraceStep[];
  readonly diagnostics: Diagnostic[];
  readonly matched: { readonly first: RuleRef[]; readonly loopback: RuleRef[] };
  readonly counters: CounterSink | undefined;
  readonly reported: Set<string>;
  pass: Pass;
  budget: number;
  aborted: boolean;
  view: PacketView | undefined;
}

/** How one table's walk of a hook ended. */
export type TableOutcome =
  | { readonly kind: 'accept'; readonly rule: CompiledRule; readonly token: string }
  | { readonly kind: 'drop' | 'reject'; readonly rule: CompiledRule | undefined }
  | { readonly kind: 'policy'; readonly policy: Policy }
  | { readonly kind: 'aborted' };

interface Frame {
  readonly chain: CompiledChain;
  /** Indexed chains: the candidate rule indices; linear chains: undefined. */
  readonly order: readonly number[] | undefined;
  cursor: number;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** Snapshot of the packet (cached until the packet may have changed). */
export function viewOf(run: Run, p: SimPacket): PacketView {
  run.view ??= {
    src: formatAddress({ family: p.family, value: p.src }),
    dst: formatAddress({ family: p.family, value: p.dst }),
    sport: p.sport,
    dport: p.dport,
    mark: hex(p.mark),
    connmark: hex(p.ct.mark),
    iif: p.iif,
    oif: p.oif,
    ctstate: [...packetStates(p)].join(','),
  };
  return run.view;
}

/** Reports a problem once per simulation (a rule may be visited many times). */
export function report(run: Run, key: string, d: Diagnostic): void {
  if (run.reported.has(key)) return;
  run.reported.add(key);
  run.diagnostics.push(d);
}

function enter(chain: CompiledChain, p: SimPacket, run: Run): Frame {
  const index = run.useIndex ? chain.index() : undefined;
  const order = index ? candidateRules(index, p.dst, p.dport) : undefined;
  return { chain, order, cursor: 0 };
}

/** Index of the next rule to look at in a frame, recording a skip step over indexed-out rules. */
function nextRule(frame: Frame, run: Run, hook: Hook): number | undefined {
  const { chain, order } = frame;
  if (!order) return frame.cursor < chain.size ? frame.cursor++ : undefined;
  const previous = frame.cursor === 0 ? -1 : (order[frame.cursor - 1] ?? -1);
  const next = order[frame.cursor];
  const end = next ?? chain.size;
  if (run.record && end - previous > 1) {
    run.steps.push({
      kind: 'skip',
      pass: run.pass,
      hook,
      table: chain.table,
      chain: chain.name,
      from: previous + 2,
      to: end,
      count: end - previous - 1,
    });
  }
  if (next === undefined) return undefined;
  frame.cursor++;
  return next;
}

function firstFailure(
  rule: CompiledRule,
  p: SimPacket,
  ctx: EvalContext,
): FailedCondition | undefined {
  for (const c of rule.conditions) {
    if (!c.test(p, ctx)) return { ...c.spec, actual: c.actual(p, ctx) };
  }
  return undefined;
}

/** Why a rule step did not match, or how a matched one went on. */
type Outcome =
  | { readonly failed: FailedCondition }
  | { readonly cannot: string }
  | { readonly verdict: StepVerdict; readonly loops?: true };

interface At {
  readonly hook: Hook;
  readonly chain: CompiledChain;
}

function recordRule(run: Run, at: At, r: CompiledRule, p: SimPacket, outcome: Outcome): void {
  if (!run.record) return;
  run.steps.push({
    kind: 'rule',
    pass: run.pass,
    hook: at.hook,
    table: at.chain.table,
    chain: at.chain.name,
    rule: r.ref,
    position: r.position,
    matched: 'verdict' in outcome,
    target: r.rule.target,
    ...('failed' in outcome ? { failed: outcome.failed } : {}),
    ...('cannot' in outcome ? { cannotEvaluate: outcome.cannot } : {}),
    ...('verdict' in outcome ? { verdict: outcome.verdict } : {}),
    ...('verdict' in outcome && outcome.loops ? { loops: true as const } : {}),
    ...(r.note === undefined ? {} : { note: r.note }),
    packet: viewOf(run, p),
  });
}

/**
 * Walks one table's base chain for a hook: jumps push a frame, gotos replace it, RETURN and
 * the end of a user chain pop it, the end of the base chain applies the policy.
 */
export function walkTable(
  run: Run,
  table: TableName,
  hook: Hook,
  p: SimPacket,
): TableOutcome | undefined {
  const chains = run.compiled?.tables.get(table);
  const base = chains?.get(hook);
  if (!chains || !base?.builtin) return undefined;
  const ctx: EvalContext = { hook, pod: run.pod };
  const frames: Frame[] = [enter(base, p, run)];
  const matched = run.pass === 'first' ? run.matched.first : run.matched.loopback;
  for (;;) {
    const frame = frames[frames.length - 1];
    if (!frame) return endWithPolicy(run, base, hook, p);
    if (run.budget-- <= 0)
      return abort(
        run,
        'step-limit',
        `stopped after too many rule evaluations in ${table}/${frame.chain.name}`,
      );
    const i = nextRule(frame, run, hook);
    const r = i === undefined ? undefined : frame.chain.ruleAt(i);
    if (!r) {
      frames.pop();
      if (frames.length > 0 && run.record)
        run.steps.push({ kind: 'return', pass: run.pass, hook, table, chain: frame.chain.name });
      continue;
    }
    const at: At = { hook, chain: frame.chain };
    if (r.cannot !== undefined) {
      report(
        run,
        `cannot:${r.ref}`,
        diagnostic(
          'cannot-evaluate',
          'warning',
          `${r.ref}: ${r.cannot}; taken as not matching`,
          r.rule.range ?? EMPTY_RANGE,
          r.ref,
        ),
      );
      recordRule(run, at, r, p, { cannot: r.cannot });
      continue;
    }
    const failure = firstFailure(r, p, ctx);
    if (failure !== undefined) {
      recordRule(run, at, r, p, { failed: failure });
      continue;
    }
    matched.push(r.ref);
    run.counters?.rule(r.ref, p.length);
    const outcome = runTarget({ run, at, r, p, ctx, frames, chains });
    if (outcome) return outcome;
  }
}

interface Matched {
  readonly run: Run;
  readonly at: At;
  readonly r: CompiledRule;
  readonly p: SimPacket;
  readonly ctx: EvalContext;
  readonly frames: Frame[];
  readonly chains: ReadonlyMap<string, CompiledChain>;
}

/** Runs a matched rule's target; undefined means the walk goes on (maybe in another frame). */
function runTarget({ run, at, r, p, ctx, frames, chains }: Matched): TableOutcome | undefined {
  const t = r.target;
  switch (t.kind) {
    case 'none':
      recordRule(run, at, r, p, { verdict: 'continue' });
      return undefined;
    case 'accept':
      recordRule(run, at, r, p, { verdict: 'accept' });
      return { kind: 'accept', rule: r, token: 'ACCEPT' };
    case 'drop':
    case 'queue':
      recordRule(run, at, r, p, { verdict: 'drop' });
      return { kind: 'drop', rule: r };
    case 'return':
      recordRule(run, at, r, p, { verdict: 'return' });
      frames.pop();
      return undefined;
    case 'jump':
    case 'goto': {
      const target = chains.get(t.chain) as CompiledChain;
      if (frames.some((f) => f.chain === target) || frames.length >= run.maxDepth) {
        report(
          run,
          `loop:${r.ref}`,
          diagnostic(
            'jump-loop',
            'error',
            `${r.ref}: ${t.kind} to ${t.chain} loops or nests deeper than ${run.maxDepth}; not followed`,
            r.rule.range ?? EMPTY_RANGE,
            r.ref,
          ),
        );
        recordRule(run, at, r, p, { verdict: 'continue', loops: true });
        return undefined;
      }
      recordRule(run, at, r, p, { verdict: t.kind });
      if (t.kind === 'goto') frames.pop();
      frames.push(enter(target, p, run));
      return undefined;
    }
    case 'reject':
    case 'redirect':
    case 'dnat':
    case 'snat':
    case 'masquerade':
    case 'tproxy':
    case 'mark':
    case 'connmark-set':
    case 'connmark-save':
    case 'connmark-restore':
    case 'ct':
    case 'log': {
      const effect = applyTarget(t, p, ctx);
      run.view = undefined;
      recordRule(run, at, r, p, { verdict: effect.verdict });
      if (effect.verdict === 'continue') return undefined;
      if (effect.verdict === 'accept') return { kind: 'accept', rule: r, token: effect.token };
      return { kind: effect.verdict, rule: r };
    }
    default:
      return assertNever(t, 'target');
  }
}

function endWithPolicy(run: Run, base: CompiledChain, hook: Hook, p: SimPacket): TableOutcome {
  const policy = base.policy ?? 'ACCEPT';
  run.counters?.policy(chainKey(base.table, base.name), p.length);
  if (run.record)
    run.steps.push({
      kind: 'policy',
      pass: run.pass,
      hook,
      table: base.table,
      chain: base.name,
      policy,
    });
  return { kind: 'policy', policy };
}

export function abort(run: Run, code: 'step-limit' | 'jump-loop', message: string): TableOutcome {
  run.aborted = true;
  report(run, code, diagnostic(code, 'error', message, EMPTY_RANGE));
  return { kind: 'aborted' };
}
