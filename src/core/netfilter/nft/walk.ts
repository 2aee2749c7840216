import type { RuleRef } from '../../iptables/model.ts';
import { assertNever } from '../../shared/assert.ts';
import { diagnostic } from '../../shared/diagnostics.ts';
import { EMPTY_RANGE } from '../../shared/source-range.ts';
import type { FailedCondition } from '../condition.ts';
import type { Hook } from '../hooks.ts';
import type { StepVerdict } from '../result.ts';
import type { EvalContext, SimPacket } from '../state.ts';
import type { Run } from '../walk.ts';
import { abort, report, viewOf } from '../walk.ts';
import type { ActionEffect } from './action.ts';
import { runNftAction } from './action.ts';
import type { CompiledNft, NftCompiledChain, NftCompiledRule } from './compile.ts';
import { nftChainKey } from './ref.ts';

/** How one base chain's walk ended (the shape of the iptables walker's TableOutcome). */
export type NftChainOutcome =
  | { readonly kind: 'accept'; readonly ref: RuleRef; readonly token: string }
  | { readonly kind: 'drop'; readonly ref: RuleRef | undefined }
  | { readonly kind: 'policy'; readonly policy: 'ACCEPT' | 'DROP' }
  | { readonly kind: 'aborted' };

interface Frame {
  readonly chain: NftCompiledChain;
  cursor: number;
}

type RuleResult =
  | { readonly failed: FailedCondition }
  | { readonly broke: true }
  | { readonly effect: ActionEffect; readonly tproxy: number | undefined };

/** Runs a rule's statements in order: a failing match or a breaking action ends it unmatched. */
function evaluate(r: NftCompiledRule, p: SimPacket, ctx: EvalContext): RuleResult {
  const before = p.tproxyPort;
  for (const s of r.steps) {
    if (s.kind === 'match') {
      if (!s.condition.test(p, ctx))
        return { failed: { ...s.condition.spec, actual: s.condition.actual(p, ctx) } };
      continue;
    }
    const effect = runNftAction(s.action, p, ctx);
    if (effect.kind === 'break') return { broke: true };
    if (effect.kind !== 'next')
      return { effect, tproxy: p.tproxyPort !== before ? p.tproxyPort : undefined };
  }
  return { effect: { kind: 'next' }, tproxy: undefined };
}

function verdictOf(e: ActionEffect): StepVerdict {
  switch (e.kind) {
    case 'accept':
    case 'drop':
    case 'return':
    case 'jump':
    case 'goto':
      return e.kind;
    case 'break':
    case 'continue':
    case 'next':
      return 'continue';
    default:
      return assertNever(e, 'effect');
  }
}

interface Walking {
  readonly run: Run;
  readonly hook: Hook;
  readonly p: SimPacket;
}

function record(w: Walking, chain: NftCompiledChain, r: NftCompiledRule, extra: object): void {
  if (!w.run.record) return;
  w.run.view = undefined;
  w.run.steps.push({
    kind: 'rule',
    pass: w.run.pass,
    hook: w.hook,
    table: chain.key,
    chain: chain.name,
    rule: r.ref,
    position: r.position,
    target: undefined,
    nftRule: r.text,
    matched: false,
    ...extra,
    packet: viewOf(w.run, w.p),
  });
}

function cannotEvaluate(w: Walking, chain: NftCompiledChain, r: NftCompiledRule, why: string) {
  report(
    w.run,
    `cannot:${r.ref}`,
    diagnostic(
      'cannot-evaluate',
      'warning',
      `${r.ref}: ${why}; taken as not matching`,
      EMPTY_RANGE,
      r.ref,
    ),
  );
  record(w, chain, r, { cannotEvaluate: why });
}

/**
 * Walks one nftables base chain at a hook as nft_do_chain does: statements in order, `jump`
 * pushes a frame, `goto` replaces it, `return` and the end of a regular chain pop it, the end of
 * the base chain applies its policy.
 */
export function walkNftChain(
  run: Run,
  nft: CompiledNft,
  base: NftCompiledChain,
  hook: Hook,
  p: SimPacket,
): NftChainOutcome {
  const w: Walking = { run, hook, p };
  const ctx: EvalContext = { hook, pod: run.pod };
  const matched = run.pass === 'first' ? run.matched.first : run.matched.loopback;
  const chains = nft.chains.get(base.key);
  const frames: Frame[] = [{ chain: base, cursor: 0 }];
  for (;;) {
    const frame = frames[frames.length - 1];
    if (!frame) return policy(w, base);
    if (run.budget-- <= 0)
      return abort(run, 'step-limit', `stopped after too many rule evaluations in ${base.key}`) as {
        kind: 'aborted';
      };
    const r = frame.chain.rules[frame.cursor++];
    if (!r) {
      frames.pop();
      if (frames.length > 0 && run.record)
        run.steps.push({
          kind: 'return',
          pass: run.pass,
          hook,
          table: base.key,
          chain: frame.chain.name,
        });
      continue;
    }
    if (r.cannot !== undefined) {
      cannotEvaluate(w, frame.chain, r, r.cannot);
      continue;
    }
    const result = evaluate(r, p, ctx);
    if ('failed' in result) {
      record(w, frame.chain, r, { failed: result.failed });
      continue;
    }
    if ('broke' in result) {
      record(w, frame.chain, r, {});
      continue;
    }
    const e = result.effect;
    matched.push(r.ref);
    run.counters?.rule(r.ref, p.length);
    if (e.kind === 'jump' || e.kind === 'goto') {
      const target = chains?.get(e.chain);
      if (!target || frames.some((f) => f.chain === target) || frames.length >= run.maxDepth) {
        report(
          run,
          `loop:${r.ref}`,
          diagnostic(
            'jump-loop',
            'error',
            `${r.ref}: ${e.kind} to ${e.chain} loops, nests too deep or has no chain; not followed`,
            EMPTY_RANGE,
            r.ref,
          ),
        );
        record(w, frame.chain, r, { matched: true, verdict: 'continue', loops: true });
        continue;
      }
      record(w, frame.chain, r, { matched: true, verdict: e.kind });
      if (e.kind === 'goto') frames.pop();
      frames.push({ chain: target, cursor: 0 });
      continue;
    }
    record(w, frame.chain, r, { matched: true, verdict: verdictOf(e) });
    if (e.kind === 'return') frames.pop();
    if (e.kind === 'drop') return { kind: 'drop', ref: r.ref };
    if (e.kind === 'accept') {
      const token = result.tproxy !== undefined ? `TPROXY:${result.tproxy}` : e.token;
      return { kind: 'accept', ref: r.ref, token };
    }
  }
}

function policy(w: Walking, base: NftCompiledChain): NftChainOutcome {
  const verdict = base.base?.policy === 'drop' ? 'DROP' : 'ACCEPT';
  w.run.counters?.policy(nftChainKey(base.family, base.table, base.name), w.p.length);
  if (w.run.record)
    w.run.steps.push({
      kind: 'policy',
      pass: w.run.pass,
      hook: w.hook,
      table: base.key,
      chain: base.name,
      policy: verdict,
    });
  return { kind: 'policy', policy: verdict };
}
