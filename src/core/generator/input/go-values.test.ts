import { describe, expect, it } from 'vitest';
import { parseGoBool, parseGoDuration, parseGoInt, parseGoUint } from './go-values.ts';
import { editDistance, suggestFlag } from './suggest.ts';

describe('Go value parsers', () => {
  it('ParseBool', () => {
    expect(['1', 't', 'T', 'TRUE', 'true', 'True'].map((s) => parseGoBool(s))).toEqual(
      Array(6).fill({ ok: true, value: true }),
    );
    expect(['0', 'f', 'F', 'FALSE', 'false', 'False'].map((s) => parseGoBool(s))).toEqual(
      Array(6).fill({ ok: true, value: false }),
    );
    expect(parseGoBool('yes')).toEqual({
      ok: false,
      error: 'strconv.ParseBool: parsing "yes": invalid syntax',
    });
    expect(parseGoBool('').ok).toBe(false);
  });

  it('ParseUint with base prefixes', () => {
    expect(parseGoUint('15002', 16)).toEqual({ ok: true, value: 15002n });
    expect(parseGoUint('0x10', 16)).toEqual({ ok: true, value: 16n });
    expect(parseGoUint('010', 16)).toEqual({ ok: true, value: 8n });
    expect(parseGoUint('0b11', 16)).toEqual({ ok: true, value: 3n });
    expect(parseGoUint('65536', 16)).toEqual({
      ok: false,
      error: 'strconv.ParseUint: parsing "65536": value out of range',
    });
    expect(parseGoUint('-1', 16)).toEqual({
      ok: false,
      error: 'strconv.ParseUint: parsing "-1": invalid syntax',
    });
    expect(parseGoUint('08', 16).ok).toBe(false);
  });

  it('ParseInt', () => {
    expect(parseGoInt('-42')).toEqual({ ok: true, value: -42n });
    expect(parseGoInt('9223372036854775808').ok).toBe(false);
    expect(parseGoInt('x').ok).toBe(false);
  });

  it('ParseDuration', () => {
    for (const ok of ['5s', '0', '1h2m3.5s', '-1.5ms', '300us', '2µs', '.5s'])
      expect(parseGoDuration(ok).ok, ok).toBe(true);
    expect(parseGoDuration('5')).toEqual({
      ok: false,
      error: 'time: missing unit in duration "5"',
    });
    expect(parseGoDuration('1d')).toEqual({
      ok: false,
      error: 'time: unknown unit "d" in duration "1d"',
    });
    expect(parseGoDuration('')).toEqual({ ok: false, error: 'time: invalid duration ""' });
    expect(parseGoDuration('s').ok).toBe(false);
  });
});

describe('suggestFlag', () => {
  it('finds what a typo, an env name or a prefix meant', () => {
    expect(suggestFlag('istio-inbound-port')).toBe('istio-inbound-ports');
    expect(suggestFlag('envoy_port')).toBe('envoy-port');
    expect(suggestFlag('ISTIO_META_DNS_CAPTURE')).toBe('redirect-dns');
    expect(suggestFlag('redirect-dn')).toBe('redirect-dns');
    expect(suggestFlag('kube-virt')).toBe('kube-virt-interfaces');
    expect(suggestFlag('completely-unrelated-thing')).toBeUndefined();
    expect(suggestFlag('x'.repeat(100))).toBeUndefined();
  });

  it('computes bounded edit distances', () => {
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});
