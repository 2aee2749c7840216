import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../shared/diagnostics.ts';
import type { SourceRange } from '../shared/source-range.ts';
import { ISTIO_FLAGS } from './flags.ts';
import type { ParsedArgs } from './parse-args.ts';
import { parseIstioArgs, parseIstioArgv } from './parse-args.ts';
import type { Parsed } from '../shared/result.ts';

/** Every range the result carries lies inside a text of `length` characters. */
function expectRangesWithin(result: Parsed<ParsedArgs>, length: number): void {
  const ranges: SourceRange[] = [
    ...result.diagnostics.map((d: Diagnostic) => d.range),
    ...result.value.flags.flatMap((f) => (f.valueRange ? [f.range, f.valueRange] : [f.range])),
    ...(result.value.argsRange ? [result.value.argsRange] : []),
  ];
  for (const r of ranges) {
    expect(r.start).toBeGreaterThanOrEqual(0);
    expect(r.end).toBeGreaterThanOrEqual(r.start);
    expect(r.end).toBeLessThanOrEqual(length);
    expect(r.line).toBeGreaterThanOrEqual(1);
    expect(r.column).toBeGreaterThanOrEqual(1);
  }
}

const PIECES = [
  '-p',
  '-x',
  '-b',
  '-i',
  '-m',
  '-n',
  '-np15001',
  '--envoy-port',
  '--envoy-port=',
  '--redirect-dns',
  '--redirect-dns=maybe',
  '--',
  '-',
  '--bogus',
  '-envoy-port',
  '--probe-timeout',
  '15001',
  '99999',
  '80,abc',
  '10.0.0.0/8',
  '1.2.3.4',
  '*',
  "'*'",
  '""',
  "''",
  '"',
  "'",
  '\\',
  '\\\n',
  '\n',
  ' ',
  '\t',
  '#',
  '$ ',
  '# istio-iptables',
  'istio-iptables',
  'pilot-agent',
  'args:',
  '- ',
  '- -x',
  '[',
  ']',
  '{',
  '}',
  ':',
  ',',
  '---\n',
  'initContainers:',
  '  - name: istio-init\n',
  '    args:',
  '&a',
  '*a',
  '!!str',
  '\\u0061',
  '"\\x41"',
  'TPROXY',
  'tproxy',
  '\u00e9',
  '\ud83d\ude00',
  '\0',
  '\x7f',
];

const pieceText = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })), { maxLength: 40 })
  .map((a) => a.join(''));
const anyText = fc.string({ unit: 'binary', maxLength: 200 });

describe('parseIstioArgs properties', () => {
  it('never throws and keeps every range inside the text (arbitrary strings)', () => {
    fc.assert(
      fc.property(anyText, (text) => expectRangesWithin(parseIstioArgs(text), text.length)),
      { numRuns: 400 },
    );
  });

  it('never throws and keeps every range inside the text (flag, quote and YAML fragments)', () => {
    fc.assert(
      fc.property(pieceText, (text) => expectRangesWithin(parseIstioArgs(text), text.length)),
      { numRuns: 1500 },
    );
  });

  it('reads a single-quoted shell line exactly like the argv it quotes', () => {
    const value = fc.string({ unit: 'grapheme-ascii', maxLength: 8 });
    const arg = fc.oneof(
      fc.constantFrom(...PIECES.filter((p) => !p.includes('\0') && !p.includes('\x7f'))),
      value,
    );
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 12 }), (argv) => {
        const quoted = ['istio-iptables', ...argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`)].join(
          ' ',
        );
        const fromText = parseIstioArgs(quoted).value;
        const fromArgv = parseIstioArgv(argv).value;
        expect(fromText.config).toEqual(fromArgv.config);
        expect(fromText.flags.map((f) => [f.flag, f.value])).toEqual(
          fromArgv.flags.map((f) => [f.flag, f.value]),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseIstioArgv properties', () => {
  it('never throws and keeps ranges inside argv.join(" ")', () => {
    const token = fc.oneof(
      fc.constantFrom(...PIECES),
      fc.string({ unit: 'binary', maxLength: 10 }),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), (argv) => {
        expectRangesWithin(parseIstioArgv(argv), argv.join(' ').length);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips valid string flags into their config field', () => {
    const stringFlags = ISTIO_FLAGS.filter(
      (f) => f.field !== undefined && ['name-list', 'string'].includes(f.type),
    );
    const entry = fc.tuple(
      fc.constantFrom(...stringFlags),
      fc.stringMatching(/^[a-z0-9][a-z0-9,.]{0,10}$/),
      fc.boolean(),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
        const argv = entries.flatMap(([f, v, long]) =>
          long || f.short === undefined ? [`--${f.long}=${v}`] : [`-${f.short}`, v],
        );
        const { value, diagnostics } = parseIstioArgv(argv);
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const last = new Map(entries.map(([f, v]) => [f.field, v]));
        for (const [field, v] of last) if (field !== undefined) expect(value.config[field]).toBe(v);
      }),
      { numRuns: 300 },
    );
  });
});

describe('performance', () => {
  const time = (f: () => unknown): number => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };

  it('refuses a 5 MB paste in well under 200 ms, with one diagnostic', () => {
    const junk = 'x\u0001'.repeat(5 * 1024 * 512);
    let result: Parsed<ParsedArgs> | undefined;
    const ms = time(() => (result = parseIstioArgs(junk)));
    expect(ms).toBeLessThan(200);
    expect(result?.diagnostics.map((d) => d.code)).toEqual(['input-too-large']);
    const argvMs = time(() =>
      parseIstioArgv(Array.from({ length: 5 * 1024 }, () => 'y'.repeat(1024))),
    );
    expect(argvMs).toBeLessThan(200);
  });

  it('locates binary garbage at its first control byte quickly', () => {
    const text = `-p 15001 ${'a'.repeat(500_000)}\u0000${'\u0001'.repeat(400_000)}`;
    let result: Parsed<ParsedArgs> | undefined;
    const ms = time(() => (result = parseIstioArgs(text)));
    expect(ms).toBeLessThan(200);
    expect(result?.diagnostics).toHaveLength(1);
    expect(result?.diagnostics[0]).toMatchObject({
      code: 'binary-input',
      range: { start: 500_009, end: 500_010 },
    });
  });

  it('parses big inputs in bounded time', () => {
    // A 1 MB command line; YAML is smaller because the yaml package alone needs ~1 s per MB.
    const shell = '-p 15001 -b 80,abc --bogus x '.repeat(34_000).slice(0, 1_000_000);
    const yaml = `args:\n${'- -p\n- "15001"\n'.repeat(15_000)}`;
    for (const text of [shell, yaml]) {
      let result: Parsed<ParsedArgs> | undefined;
      const ms = time(() => (result = parseIstioArgs(text)));
      expect(ms).toBeLessThan(4000);
      expect(result?.diagnostics.length).toBeLessThanOrEqual(500);
    }
  });
});
