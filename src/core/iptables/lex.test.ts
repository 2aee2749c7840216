import { describe, expect, it } from 'vitest';
import { formatIPv6Glibc, parseInetAton, saveAddressTexts } from './address.ts';
import { createLineTokenizer, quoteSaveString, splitLines, tokenizeLine } from './lex.ts';
import { formatFixedBinaryFraction, parseUint } from './numbers.ts';

const words = (text: string) =>
  tokenizeLine({ number: 1, start: 0, text }).tokens.map((t) => t.text);

describe('restore word splitting (xshared.c add_param_to_argv)', () => {
  it('splits on blanks, keeps quoted runs, unescapes inside quotes', () => {
    expect(words('-A X  -m comment\t--comment "a \\"b\\" c"')).toEqual([
      '-A',
      'X',
      '-m',
      'comment',
      '--comment',
      'a "b" c',
    ]);
  });

  it('a closing quote ends the word; single quotes are ordinary; "" is an empty word', () => {
    expect(words('a"b c"d \'x y\' ""')).toEqual(['ab c', 'd', "'x", "y'", '']);
  });

  it('reports an unterminated quote and keeps offsets', () => {
    const lexed = tokenizeLine({ number: 3, start: 10, text: 'x "open' });
    expect(lexed.unterminatedQuoteAt).toBe(12);
    expect(lexed.tokens.map((t) => [t.text, t.start, t.end])).toEqual([
      ['x', 10, 11],
      ['open', 12, 17],
    ]);
  });

  it('splits CRLF lines', () => {
    expect(splitLines('a\r\nb\n').map((l) => l.text)).toEqual(['a', 'b', '']);
  });
});

describe('xtables_save_string', () => {
  it('prints bare words bare and quotes the rest with \\ " \' escaped', () => {
    expect(quoteSaveString('cali-x_1')).toBe('cali-x_1');
    expect(quoteSaveString('')).toBe('""');
    expect(quoteSaveString('kube/x: y')).toBe('"kube/x: y"');
    expect(quoteSaveString(`it's "q" \\`)).toBe(`"it\\'s \\"q\\" \\\\"`);
  });
});

describe('addresses and numbers as iptables reads and prints them', () => {
  it('reads xtables dotted forms, inet_aton forms, masks, and clears host bits', () => {
    expect(saveAddressTexts('10.1', 4)).toEqual(['10.1.0.0/32']);
    expect(saveAddressTexts('010.1.1.1', 4)).toEqual(['8.1.1.1/32']);
    expect(saveAddressTexts('0x0a000001', 4)).toEqual(['10.0.0.1/32']);
    expect(saveAddressTexts('10.1.2.3/8,0/0', 4)).toEqual(['10.0.0.0/8', null]);
    expect(saveAddressTexts('10.0.0.0/255.255.0.255', 4)).toEqual(['10.0.0.0/255.255.0.255']);
    expect(saveAddressTexts('2001:db8::1/ffff:0:ffff::', 6)).toEqual(['2001::/ffff:0:ffff::']);
    expect(saveAddressTexts('10.0.0.300', 4)).toBeUndefined();
    expect(parseInetAton('10.65536')).toBe(0x0a010000n);
  });

  it('prints IPv6 like glibc inet_ntop', () => {
    expect(formatIPv6Glibc(0n)).toBe('::');
    expect(formatIPv6Glibc(1n)).toBe('::1');
    expect(formatIPv6Glibc(0x0a000001n)).toBe('::10.0.0.1');
    expect(formatIPv6Glibc(0x102n)).toBe('::102');
    expect(formatIPv6Glibc(0xffff0a000001n)).toBe('::ffff:10.0.0.1');
    expect(formatIPv6Glibc(0x2001_0000_0000_0001_0000_0000_0000_0001n)).toBe('2001:0:0:1::1');
  });

  it('parses C base-0 numbers and prints %.11f of n/2^31 with round-half-even', () => {
    expect(parseUint('0x50', 65535)).toBe(80);
    expect(parseUint('010', 65535)).toBe(8);
    expect(parseUint('-1', 65535)).toBeUndefined();
    expect(formatFixedBinaryFraction(1 << 19, 31, 11)).toBe('0.00024414062');
    expect(formatFixedBinaryFraction(715827883, 31, 11)).toBe('0.33333333349');
  });
});

describe('lexing time is linear in the line length', () => {
  function timeQuotes(n: number): number {
    const next = createLineTokenizer();
    const t0 = performance.now();
    const lexed = next({ number: 1, start: 0, text: '"'.repeat(n) });
    expect(lexed.tokens).toHaveLength(n / 2);
    return performance.now() - t0;
  }

  it('a line of quotes 16× longer takes about 16× longer, not 256×', () => {
    // Minimum of three runs each, and a 16× step: linear is ~16, the old per-run rescan of the
    // line was quadratic (~256), so a loaded machine's noise cannot cross the line at 64.
    timeQuotes(62_500);
    const small = Math.min(timeQuotes(62_500), timeQuotes(62_500), timeQuotes(62_500));
    const large = Math.min(timeQuotes(1_000_000), timeQuotes(1_000_000), timeQuotes(1_000_000));
    expect(large / Math.max(small, 0.5)).toBeLessThan(64);
  });
});
