import { parseUint } from '../numbers.ts';
import { servicePorts } from '../netdb.ts';

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** A service name (any protocol, like getservbyname(name, NULL)) or a base-0 number. */
export function parseServiceOrPort(text: string, proto?: 'tcp' | 'udp'): number | undefined {
  if (proto) return servicePorts(proto).get(text) ?? parseUint(text, 65535);
  return servicePorts('tcp').get(text) ?? servicePorts('udp').get(text) ?? parseUint(text, 65535);
}

/**
 * libxt_tcp/udp `parse_*_ports`: `a`, `a:b`, `:b`, `a:`, each a number or a service name of
 * `proto`; conntrack ports (no proto) accept any service name.
 */
export function parsePortRange(text: string, proto?: 'tcp' | 'udp'): PortRange | string {
  const colon = text.indexOf(':');
  const one = (p: string): number | string =>
    parseServiceOrPort(p, proto) ?? `invalid port/service \`${p}' specified`;
  if (colon < 0) {
    const v = one(text);
    return typeof v === 'string' ? v : { min: v, max: v };
  }
  const a = text.slice(0, colon);
  const b = text.slice(colon + 1);
  const min = a === '' ? 0 : one(a);
  const max = b === '' ? 0xffff : one(b);
  if (typeof min === 'string') return min;
  if (typeof max === 'string') return max;
  if (min > max) return 'invalid portrange (min > max)';
  return { min, max };
}

export function isFullRange(r: PortRange): boolean {
  return r.min === 0 && r.max === 0xffff;
}

/** `80` or `80:90` (iptables-save form). */
export function formatPortRange(r: PortRange): string {
  return r.min === r.max ? String(r.min) : `${r.min}:${r.max}`;
}

/** `min-max` with a dash, as NAT targets write port ranges. */
export function parseDashRange(text: string, max = 65535): PortRange | undefined {
  const dash = text.indexOf('-');
  const a = parseUint(dash < 0 ? text : text.slice(0, dash), max);
  const b = dash < 0 ? a : parseUint(text.slice(dash + 1), max);
  if (a === undefined || b === undefined) return undefined;
  return { min: a, max: b };
}

export function formatDashRange(r: PortRange): string {
  return r.min === r.max ? String(r.min) : `${r.min}-${r.max}`;
}
