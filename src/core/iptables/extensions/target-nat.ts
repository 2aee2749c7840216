/** NAT-ish targets: REDIRECT, DNAT, SNAT, MASQUERADE, TPROXY. */
import { formatHost, type Family } from '../address.ts';
import { parseIPv6 } from '../../shared/ip.ts';
import { hex, parseMarkMask, parseUint } from '../numbers.ts';
import { formatDashRange, parseDashRange, parseServiceOrPort, type PortRange } from './ports.ts';
import {
  arg,
  collectOptions,
  fail,
  ok,
  opt,
  type ExtensionContext,
  type ExtensionSpec,
} from './types.ts';

const PORT_PROTOCOLS = new Set([6, 17, 33, 132]);
const NEED_PROTO = 'Need TCP, UDP, SCTP or DCCP with port specification';

function hasPortProtocol(ctx: ExtensionContext): boolean {
  return ctx.protocol !== undefined && PORT_PROTOCOLS.has(ctx.protocol);
}

/** inet_pton(AF_INET): four decimal bytes, no leading zeros (numbers, not BigInt: hot path). */
function parseStrictIPv4(text: string): number | undefined {
  let value = 0;
  let parts = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) !== 46) continue;
    const part = text.slice(start, i);
    if (part.length === 0 || part.length > 3 || (part.length > 1 && part.charCodeAt(0) === 48))
      return undefined;
    const b = parseUint(part, 255, 0, 10);
    if (b === undefined || parts === 4) return undefined;
    value = value * 256 + b;
    parts++;
    start = i + 1;
  }
  return parts === 4 ? value : undefined;
}

function parseStrictHost(text: string, family: Family): bigint | number | undefined {
  return family === 4 ? parseStrictIPv4(text) : parseIPv6(text);
}

function formatNatHost(family: Family, value: bigint | number): string {
  if (typeof value === 'bigint') return formatHost(family, value);
  return `${Math.floor(value / 16777216)}.${Math.floor(value / 65536) & 255}.${Math.floor(value / 256) & 255}.${value & 255}`;
}

interface NatRange {
  readonly addrs?: readonly [bigint | number, bigint | number];
  readonly ports?: PortRange;
}

/** `[addr[-addr]][:port[-port]]`, IPv6 as `[addr[-addr]]:port` or bare `addr[-addr]`. */
function parseNatRange(text: string, family: Family): NatRange | string {
  let addrPart = text;
  let portPart: string | undefined;
  if (family === 6 && text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return `Invalid address range "${text}"`;
    addrPart = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return `Invalid address range "${text}"`;
    portPart = rest === '' ? undefined : rest.slice(1);
  } else if (family === 4) {
    const colon = text.indexOf(':');
    if (colon >= 0) {
      addrPart = text.slice(0, colon);
      portPart = text.slice(colon + 1);
    }
  }
  let addrs: readonly [bigint | number, bigint | number] | undefined;
  if (addrPart !== '') {
    const dash = addrPart.indexOf('-');
    const lo = parseStrictHost(dash < 0 ? addrPart : addrPart.slice(0, dash), family);
    const hi = dash < 0 ? lo : parseStrictHost(addrPart.slice(dash + 1), family);
    if (lo === undefined || hi === undefined) return `Bad IP address "${addrPart}"`;
    addrs = [lo, hi];
  }
  if (portPart === undefined) return addrs ? { addrs } : {};
  const ports = parseDashRange(portPart);
  if (!ports || ports.min > ports.max) return `Port range \`${portPart}' funky`;
  return addrs ? { addrs, ports } : { ports };
}

function formatNatRange(r: NatRange, family: Family): string {
  let addr = '';
  if (r.addrs) {
    const [lo, hi] = r.addrs;
    addr =
      lo === hi
        ? formatNatHost(family, lo)
        : `${formatNatHost(family, lo)}-${formatNatHost(family, hi)}`;
  }
  if (!r.ports) return addr;
  const port = formatDashRange(r.ports);
  return family === 6 && addr !== '' ? `[${addr}]:${port}` : `${addr}:${port}`;
}

function natSpec(name: 'DNAT' | 'SNAT'): ExtensionSpec {
  const to = name === 'DNAT' ? 'to-destination' : 'to-source';
  const flags =
    name === 'DNAT' ? ['random', 'persistent'] : ['random', 'random-fully', 'persistent'];
  return {
    name,
    kind: 'target',
    constraint: () => ({
      tables: ['nat'],
      hooks: name === 'DNAT' ? ['PREROUTING', 'OUTPUT'] : ['POSTROUTING', 'INPUT'],
    }),
    options: [{ name: to, args: 1 }, ...flags.map((f) => ({ name: f, args: 0 }) as const)],
    canonicalize(options, ctx) {
      const byName = collectOptions(this, options);
      if (!byName.ok) return fail(byName.error, byName.optionIndex);
      const o = byName.byName.get(to);
      if (!o) return fail(`${name}: option "--${to}" must be specified`);
      const range = parseNatRange(arg(o), ctx.family);
      if (typeof range === 'string') return fail(range, o.index);
      if (range.ports && !hasPortProtocol(ctx)) return fail(NEED_PROTO, o.index);
      return ok([
        opt(to, [formatNatRange(range, ctx.family)]),
        ...flags.filter((f) => byName.byName.has(f)).map((f) => opt(f)),
      ]);
    },
    list(options) {
      return options.map((o) => (o.name === to ? ` to:${o.args[0] ?? ''}` : ` ${o.name}`)).join('');
    },
  };
}

export const dnatTarget = natSpec('DNAT');
export const snatTarget = natSpec('SNAT');

function portsTarget(name: 'REDIRECT' | 'MASQUERADE'): ExtensionSpec {
  const flags = name === 'REDIRECT' ? ['random'] : ['random', 'random-fully'];
  return {
    name,
    kind: 'target',
    constraint: () => ({
      tables: ['nat'],
      hooks: name === 'REDIRECT' ? ['PREROUTING', 'OUTPUT'] : ['POSTROUTING'],
    }),
    options: [{ name: 'to-ports', args: 1 }, ...flags.map((f) => ({ name: f, args: 0 }) as const)],
    canonicalize(options, ctx) {
      const byName = collectOptions(this, options);
      if (!byName.ok) return fail(byName.error, byName.optionIndex);
      const out = [];
      const o = byName.byName.get('to-ports');
      if (o) {
        if (arg(o).includes(':')) return fail('Invalid port:port syntax - use dash', o.index);
        const r = parseDashRange(arg(o));
        if (!r || r.min > r.max) return fail(`Port "${arg(o)}" not valid`, o.index);
        if (!hasPortProtocol(ctx)) return fail(NEED_PROTO, o.index);
        out.push(opt('to-ports', [formatDashRange(r)]));
      }
      for (const f of flags) if (byName.byName.has(f)) out.push(opt(f));
      return ok(out);
    },
    list(options) {
      const head = name === 'REDIRECT' ? ' redir ports ' : ' masq ports: ';
      return options
        .map((o) => (o.name === 'to-ports' ? `${head}${o.args[0] ?? ''}` : ` ${o.name}`))
        .join('');
    },
  };
}

export const redirectTarget = portsTarget('REDIRECT');
export const masqueradeTarget = portsTarget('MASQUERADE');

export const tproxyTarget: ExtensionSpec = {
  name: 'TPROXY',
  kind: 'target',
  constraint: () => ({ tables: ['mangle'], hooks: ['PREROUTING'] }),
  options: [
    { name: 'on-port', args: 1 },
    { name: 'on-ip', args: 1 },
    { name: 'tproxy-mark', args: 1 },
  ],
  canonicalize(options, ctx) {
    const byName = collectOptions(this, options);
    if (!byName.ok) return fail(byName.error, byName.optionIndex);
    const port = byName.byName.get('on-port');
    if (!port) return fail('TPROXY: option "--on-port" must be specified');
    const portValue = parseServiceOrPort(arg(port));
    if (portValue === undefined) return fail(`TPROXY: bad port "${arg(port)}"`, port.index);
    const ipOpt = byName.byName.get('on-ip');
    const ip = ipOpt ? parseStrictHost(arg(ipOpt), ctx.family) : ctx.family === 4 ? 0 : 0n;
    if (ip === undefined) return fail(`TPROXY: bad address "${arg(ipOpt)}"`, ipOpt?.index);
    const markOpt = byName.byName.get('tproxy-mark');
    const mark = markOpt ? parseMarkMask(arg(markOpt)) : { value: 0, mask: 0 };
    if (!mark) return fail(`TPROXY: bad mark "${arg(markOpt)}"`, markOpt?.index);
    return ok([
      opt('on-port', [String(portValue)]),
      opt('on-ip', [formatNatHost(ctx.family, ip)]),
      opt('tproxy-mark', [`${hex(mark.value)}/${hex(mark.mask)}`]),
    ]);
  },
  list(options) {
    const get = (n: string) => options.find((o) => o.name === n)?.args[0] ?? '';
    return ` TPROXY redirect ${get('on-ip')}:${get('on-port')} mark ${get('tproxy-mark')}`;
  },
};
