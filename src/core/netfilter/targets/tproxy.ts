import type { Target } from '../../iptables/model.ts';
import type { SimPacket } from '../state.ts';
import { optionMap, parseFirstPort, parseValueMask } from './options.ts';
import type { CompiledTarget, TargetCompilation, TargetEffect } from './types.ts';

type Extension = Extract<Target, { kind: 'extension' }>;

/** `-j TPROXY --on-port P [--on-ip A] [--tproxy-mark v/m]`: mangle PREROUTING only. */
export function compileTproxy(t: Extension): TargetCompilation {
  const opts = optionMap(t.options);
  const portText = opts.get('on-port');
  const port = portText === undefined ? undefined : parseFirstPort(portText);
  if (port === undefined) return { ok: false, reason: `bad --on-port '${portText ?? ''}'` };
  const markText = opts.get('tproxy-mark');
  const vm = markText === undefined ? { value: 0, mask: 0 } : parseValueMask(markText);
  if (!vm) return { ok: false, reason: `bad --tproxy-mark '${markText ?? ''}'` };
  return {
    ok: true,
    target: { kind: 'tproxy', port, mark: vm.value, mask: vm.mask },
    note: `assumes a transparent listener on port ${port} (Envoy); without one the kernel drops the packet`,
  };
}

/**
 * Assigns the packet to the local transparent socket on the port and marks it, so that the
 * fwmark policy route (table 133: local default dev lo) delivers it locally. The destination
 * address and port stay as they were.
 */
export function applyTproxy(
  t: Extract<CompiledTarget, { kind: 'tproxy' }>,
  p: SimPacket,
): TargetEffect {
  p.mark = ((p.mark & ~t.mask) ^ t.mark) >>> 0;
  p.tproxyPort = t.port;
  return { verdict: 'accept', token: `TPROXY:${t.port}` };
}
