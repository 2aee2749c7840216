import { describe, expect, it } from 'vitest';
import {
  formatIPv6,
  parseCidrLoose,
  parseCidrStrict,
  parseIPv6,
  formatCidr,
  cidrContains,
  parseAddress,
} from './ip.ts';

describe('ip', () => {
  it('parses and canonicalises IPv6', () => {
    expect(formatIPv6(parseIPv6('2001:DB8:0:0:0:0:0:1')!)).toBe('2001:db8::1');
    expect(formatIPv6(parseIPv6('::1')!)).toBe('::1');
    expect(formatIPv6(parseIPv6('::')!)).toBe('::');
    expect(formatIPv6(parseIPv6('::127.0.0.53')!)).toBe('::7f00:35');
    expect(formatIPv6(parseIPv6('::ffff:10.0.0.1')!)).toBe('::ffff:10.0.0.1');
    expect(formatIPv6(parseIPv6('1:0:0:1:0:0:0:1')!)).toBe('1:0:0:1::1');
    expect(parseIPv6('1::2::3')).toBeUndefined();
    expect(parseIPv6('12345::')).toBeUndefined();
  });
  it('parses prefixes the Go way', () => {
    expect(parseCidrStrict('10.0.0.1')).toEqual({
      ok: false,
      error: 'netip.ParsePrefix("10.0.0.1"): no \'/\'',
    });
    const ok = parseCidrStrict('2001:DB8::/32');
    expect(ok.ok && formatCidr(ok.cidr)).toBe('2001:db8::/32');
    expect(parseCidrStrict('1.2.3.4/33').ok).toBe(false);
  });
  it('parses iptables-style addresses and matches', () => {
    const c = parseCidrLoose('10.1.2.3/255.0.0.0')!;
    expect(c.bits).toBe(8);
    expect(cidrContains(c, parseAddress('10.9.9.9')!)).toBe(true);
    expect(cidrContains(c, parseAddress('11.0.0.1')!)).toBe(false);
    expect(parseCidrLoose('1.2.3.4')!.bits).toBe(32);
  });
});
