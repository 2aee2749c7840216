import type { Target } from '../../iptables/model.ts';
import { assertNever } from '../../shared/assert.ts';
import type { IpAddress } from '../../shared/ip.ts';
import { parseAddress } from '../../shared/ip.ts';
import type { PodContext } from '../pod.ts';
import { primaryAddress } from '../pod.ts';
import type { EvalContext, SimPacket } from '../state.ts';
import { optionMap, parseFirstPort } from './options.ts';
import type { CompiledTarget, TargetCompilation, TargetEffect } from './types.ts';

type Extension = Extract<Target, { kind: 'extension' }>;

/** `A[-B][:P[-Q]]` or `[A6][-[B6]][:P[-Q]]`: the first address and the first port. */
export function parseNatTo(
  text: string,
): { addr: IpAddress | undefined; port: number | undefined } | undefined {
  let host = text;
  let portText: string | undefined;
  const bracket = /^\[([^\]]+)\](?:-\[[^\]]+\])?(?::(.+))?$/.exec(text);
  if (bracket) {
    host = bracket[1] ?? '';
    portText = bracket[2];
  } else if ((text.match(/:/g) ?? []).length === 1) {
    const i = text.indexOf(':');
    host = text.slice(0, i);
    portText = text.slice(i + 1);
  }
  const first = host.split('-')[0] ?? '';
  const addr = first === '' ? undefined : parseAddress(first);
  if (first !== '' && !addr) return undefined;
  const port = portText === undefined ? undefined : parseFirstPort(portText);
  if (portText !== undefined && port === undefined) return undefined;
  return { addr, port };
}

/** REDIRECT, DNAT, SNAT and MASQUERADE. */
export function compileNatTarget(t: Extension): TargetCompilation {
  const opts = optionMap(t.options);
  switch (t.name) {
    case 'REDIRECT': {
      const text = opts.get('to-ports') ?? opts.get('to-port');
      const port = text === undefined ? undefined : parseFirstPort(text);
      if (text !== undefined && port === undefined)
        return { ok: false, reason: `bad --to-ports '${text}'` };
      return { ok: true, target: { kind: 'redirect', port } };
    }
    case 'DNAT':
    case 'SNAT': {
      const to = opts.get(t.name === 'DNAT' ? 'to-destination' : 'to-source');
      const parsed = to === undefined ? undefined : parseNatTo(to);
      if (to === undefined || !parsed)
        return { ok: false, reason: `cannot evaluate -j ${t.name} without a valid --to` };
      const kind = t.name === 'DNAT' ? 'dnat' : 'snat';
      return { ok: true, target: { kind, to, ...parsed } };
    }
    case 'MASQUERADE': {
      const text = opts.get('to-ports');
      const port = text === undefined ? undefined : parseFirstPort(text);
      return { ok: true, target: { kind: 'masquerade', port } };
    }
    default:
      return { ok: false, reason: `not a NAT target: ${t.name}` };
  }
}

/** REDIRECT's new destination: loopback for local packets, else the input interface's primary address. */
function redirectAddress(p: SimPacket, ctx: EvalContext): bigint | undefined {
  if (ctx.hook === 'OUTPUT') return p.family === 4 ? 0x7f000001n : 1n;
  return primaryAddress(ctx.pod, p.iif, p.family)?.value;
}

function masqueradeAddress(pod: PodContext, p: SimPacket): bigint | undefined {
  return primaryAddress(pod, p.oif, p.family)?.value;
}

/** Applies a NAT target: the binding is made once per connection, and the table's walk ends. */
export function applyNatTarget(
  t: Extract<CompiledTarget, { kind: 'redirect' | 'dnat' | 'snat' | 'masquerade' }>,
  p: SimPacket,
  ctx: EvalContext,
): TargetEffect {
  switch (t.kind) {
    case 'redirect': {
      const dst = redirectAddress(p, ctx);
      // No address on the input interface: the kernel drops the packet (nf_nat_redirect).
      if (dst === undefined) return { verdict: 'drop' };
      p.dst = dst;
      if (t.port !== undefined) p.dport = t.port;
      p.ct.dnat = true;
      return { verdict: 'accept', token: `REDIRECT:${p.dport}` };
    }
    case 'dnat':
      if (t.addr && t.addr.family === p.family) p.dst = t.addr.value;
      if (t.port !== undefined) p.dport = t.port;
      p.ct.dnat = true;
      return { verdict: 'accept', token: `DNAT:${t.to}` };
    case 'snat':
      if (t.addr && t.addr.family === p.family) p.src = t.addr.value;
      if (t.port !== undefined) p.sport = t.port;
      p.ct.snat = true;
      return { verdict: 'accept', token: `SNAT:${t.to}` };
    case 'masquerade': {
      const src = masqueradeAddress(ctx.pod, p);
      if (src === undefined) return { verdict: 'drop' };
      p.src = src;
      if (t.port !== undefined) p.sport = t.port;
      p.ct.snat = true;
      return { verdict: 'accept', token: 'MASQUERADE' };
    }
    default:
      return assertNever(t, 'NAT target');
  }
}
