import type { Target } from '../../iptables/model.ts';
import { assertNever } from '../../shared/assert.ts';
import type { EvalContext, SimPacket } from '../state.ts';
import { applyCt, compileCt } from './ct.ts';
import { applyMarkTarget, compileMarkTarget } from './mark.ts';
import { applyNatTarget, compileNatTarget } from './nat.ts';
import { applyTproxy, compileTproxy } from './tproxy.ts';
import type { CompiledTarget, TargetCompilation, TargetEffect } from './types.ts';

export type { CompiledTarget, TargetCompilation, TargetEffect } from './types.ts';

/** Targets that only observe the packet (logging, accounting, header cosmetics): they continue. */
const PASSIVE_TARGETS = new Set([
  'LOG',
  'NFLOG',
  'ULOG',
  'TRACE',
  'AUDIT',
  'TCPMSS',
  'CHECKSUM',
  'CLASSIFY',
  'DSCP',
  'TOS',
  'TTL',
  'HL',
  'IDLETIMER',
  'LED',
  'SECMARK',
  'CONNSECMARK',
]);

/**
 * Targets the simulator evaluates (jumps and gotos to user chains aside).
 *
 * @example
 * SUPPORTED_TARGETS.includes('TPROXY'); // true
 */
export const SUPPORTED_TARGETS: readonly string[] = [
  'ACCEPT',
  'DROP',
  'RETURN',
  'REJECT',
  'REDIRECT',
  'DNAT',
  'SNAT',
  'MASQUERADE',
  'TPROXY',
  'MARK',
  'CONNMARK',
  'CT',
  'NOTRACK',
  ...PASSIVE_TARGETS,
];

/** Compiles a rule's `-j`/`-g` (absent: the rule only counts). */
export function compileTarget(target: Target | undefined): TargetCompilation {
  if (!target) return { ok: true, target: { kind: 'none' } };
  switch (target.kind) {
    case 'verdict':
      switch (target.verdict) {
        case 'ACCEPT':
          return { ok: true, target: { kind: 'accept' } };
        case 'DROP':
          return { ok: true, target: { kind: 'drop' } };
        case 'RETURN':
          return { ok: true, target: { kind: 'return' } };
        case 'QUEUE':
          return {
            ok: true,
            target: { kind: 'queue' },
            note: 'no queue listener in the simulated pod: the kernel drops it',
          };
        default:
          return assertNever(target.verdict, 'verdict');
      }
    case 'jump':
      return { ok: true, target: { kind: 'jump', chain: target.chain } };
    case 'goto':
      return { ok: true, target: { kind: 'goto', chain: target.chain } };
    case 'extension':
      return compileExtension(target);
    default:
      return assertNever(target, 'target');
  }
}

function compileExtension(t: Extract<Target, { kind: 'extension' }>): TargetCompilation {
  switch (t.name) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      // A hand-built model may spell a verdict as an extension; it is still the verdict.
      return compileTarget({ kind: 'verdict', verdict: t.name });
    case 'REJECT':
      return { ok: true, target: { kind: 'reject' } };
    case 'REDIRECT':
    case 'DNAT':
    case 'SNAT':
    case 'MASQUERADE':
      return compileNatTarget(t);
    case 'TPROXY':
      return compileTproxy(t);
    case 'MARK':
    case 'CONNMARK':
      return compileMarkTarget(t);
    case 'CT':
    case 'NOTRACK':
      return compileCt(t);
    default:
      if (PASSIVE_TARGETS.has(t.name)) return { ok: true, target: { kind: 'log', name: t.name } };
      return { ok: false, reason: `cannot evaluate -j ${t.name} (not simulated)` };
  }
}

/** Runs a target that is not a chain verdict (those are the simulator's business). */
export function applyTarget(
  t: Exclude<
    CompiledTarget,
    { kind: 'none' | 'accept' | 'drop' | 'return' | 'queue' | 'jump' | 'goto' }
  >,
  p: SimPacket,
  ctx: EvalContext,
): TargetEffect {
  switch (t.kind) {
    case 'reject':
      return { verdict: 'reject' };
    case 'redirect':
    case 'dnat':
    case 'snat':
    case 'masquerade':
      return applyNatTarget(t, p, ctx);
    case 'tproxy':
      return applyTproxy(t, p);
    case 'mark':
    case 'connmark-set':
    case 'connmark-save':
    case 'connmark-restore':
      return applyMarkTarget(t, p);
    case 'ct':
      return applyCt(t, p);
    case 'log':
      return { verdict: 'continue' };
    default:
      return assertNever(t, 'target');
  }
}

/** `-j REDIRECT --to-ports 15001` style text of a target, for trace steps. */
export function describeTarget(target: Target | undefined): string {
  if (!target) return '(no target)';
  switch (target.kind) {
    case 'verdict':
      return `-j ${target.verdict}`;
    case 'jump':
      return `-j ${target.chain}`;
    case 'goto':
      return `-g ${target.chain}`;
    case 'extension': {
      const opts = target.options.map(
        (o) =>
          `${o.negated ? '! ' : ''}--${o.name.replace(/^-+/, '')}${o.args.length > 0 ? ` ${o.args.join(' ')}` : ''}`,
      );
      return [`-j ${target.name}`, ...opts].join(' ');
    }
    default:
      return assertNever(target, 'target');
  }
}
