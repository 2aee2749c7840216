import type { Target } from '../../iptables/model.ts';
import { assertNever } from '../../shared/assert.ts';
import type { SimPacket } from '../state.ts';
import { optionMap, parseU32, parseValueMask } from './options.ts';
import type { CompiledTarget, TargetCompilation, TargetEffect } from './types.ts';

type Extension = Extract<Target, { kind: 'extension' }>;
const ALL = 0xffffffff;

/**
 * The xmark form both MARK and CONNMARK reduce to: `new = (old & ~mask) ^ value`.
 * `--set-mark v/m` becomes value v, mask m|v (libxt_MARK); `--and/or/xor-mark` are special masks.
 */
function parseXmark(
  opts: ReadonlyMap<string, string>,
): { value: number; mask: number } | undefined {
  const xmark = opts.get('set-xmark');
  if (xmark !== undefined) return parseValueMask(xmark);
  const set = opts.get('set-mark');
  if (set !== undefined) {
    const vm = parseValueMask(set);
    return vm && { value: vm.value, mask: (vm.mask | vm.value) >>> 0 };
  }
  const bits = (name: string) => {
    const text = opts.get(name);
    return text === undefined ? undefined : parseU32(text);
  };
  const and = bits('and-mark');
  if (and !== undefined) return { value: 0, mask: ~and >>> 0 };
  const or = bits('or-mark');
  if (or !== undefined) return { value: or, mask: or };
  const xor = bits('xor-mark');
  if (xor !== undefined) return { value: xor, mask: 0 };
  return undefined;
}

function masks(opts: ReadonlyMap<string, string>): { nfmask: number; ctmask: number } | undefined {
  const both = opts.get('mask');
  const nf = opts.get('nfmask') ?? both;
  const ct = opts.get('ctmask') ?? both;
  const nfmask = nf === undefined ? ALL : parseU32(nf);
  const ctmask = ct === undefined ? ALL : parseU32(ct);
  return nfmask === undefined || ctmask === undefined ? undefined : { nfmask, ctmask };
}

/** MARK and CONNMARK. */
export function compileMarkTarget(t: Extension): TargetCompilation {
  const opts = optionMap(t.options);
  if (t.name === 'MARK') {
    const xm = parseXmark(opts);
    return xm
      ? { ok: true, target: { kind: 'mark', ...xm } }
      : { ok: false, reason: 'cannot evaluate -j MARK options' };
  }
  const m = masks(opts);
  if (!m) return { ok: false, reason: 'bad --nfmask/--ctmask' };
  if (opts.has('save-mark')) return { ok: true, target: { kind: 'connmark-save', ...m } };
  if (opts.has('restore-mark')) return { ok: true, target: { kind: 'connmark-restore', ...m } };
  const xm = parseXmark(opts);
  return xm
    ? { ok: true, target: { kind: 'connmark-set', ...xm } }
    : { ok: false, reason: 'cannot evaluate -j CONNMARK options' };
}

/** Non-terminating: rewrites the packet or connection mark and lets the walk continue. */
export function applyMarkTarget(
  t: Extract<
    CompiledTarget,
    { kind: 'mark' | 'connmark-set' | 'connmark-save' | 'connmark-restore' }
  >,
  p: SimPacket,
): TargetEffect {
  switch (t.kind) {
    case 'mark':
      p.mark = ((p.mark & ~t.mask) ^ t.value) >>> 0;
      break;
    case 'connmark-set':
      if (!p.ct.untracked) p.ct.mark = ((p.ct.mark & ~t.mask) ^ t.value) >>> 0;
      break;
    case 'connmark-save':
      if (!p.ct.untracked) p.ct.mark = ((p.ct.mark & ~t.ctmask) ^ (p.mark & t.nfmask)) >>> 0;
      break;
    case 'connmark-restore':
      if (!p.ct.untracked) p.mark = ((p.mark & ~t.nfmask) ^ (p.ct.mark & t.ctmask)) >>> 0;
      break;
    default:
      return assertNever(t, 'mark target');
  }
  return { verdict: 'continue' };
}
