/**
 * Properties of the parser and renderer (fast-check): arbitrary text never throws, and
 * parse∘render is idempotent — what we print parses back to the same text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hasErrors,
  parseIptables,
  renderIptablesList,
  renderIptablesS,
  renderIptablesSave,
  TABLE_NAMES,
} from '@core';

const WORDS = [
  '*filter',
  '*nat',
  '*mangle',
  '*raw',
  '*security',
  'COMMIT',
  ':INPUT',
  ':X',
  ':Y',
  'ACCEPT',
  'DROP',
  '-',
  '[0:0]',
  '-A',
  '-I',
  '-D',
  '-N',
  '-X',
  '-F',
  '-Z',
  '-P',
  'INPUT',
  'OUTPUT',
  'PREROUTING',
  'X',
  'Y',
  '1',
  '2',
  '-s',
  '-d',
  '-p',
  '-i',
  '-o',
  '-f',
  '!',
  '-j',
  '-g',
  '-m',
  'tcp',
  'udp',
  'icmp',
  '--dport',
  '--sport',
  '80',
  '1:1024',
  '10.0.0.1',
  '10.0.0.0/8',
  'lo',
  'eth+',
  'comment',
  '--comment',
  '"a b"',
  'owner',
  '--uid-owner',
  '1337',
  'mark',
  '--mark',
  '0x10/0x10',
  'MARK',
  '--set-mark',
  'REDIRECT',
  '--to-ports',
  '15001',
  'DNAT',
  '--to-destination',
  '10.0.0.1:80',
  'RETURN',
  'multiport',
  '--dports',
  '80,443',
  'conntrack',
  '--ctstate',
  'NEW,ESTABLISHED',
  'statistic',
  '--mode',
  'random',
  '--probability',
  '0.5',
  'LOG',
  '--log-prefix',
  'x',
  'quota',
  '--quota',
  '5',
  '#',
];

const line = fc
  .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 })
  .map((w) => w.join(' '));
const iptablesLike = fc.array(line, { maxLength: 30 }).map((ls) => `${ls.join('\n')}\n`);

/** Rule specs built only from forms the kernel accepts in the filter table's OUTPUT chain. */
const ruleSpec = fc
  .record({
    src: fc.option(fc.constantFrom('10.0.0.1', '! -s 10.1.2.3/8', '192.168.0.0/255.255.0.0'), {
      nil: undefined,
    }),
    dst: fc.option(fc.constantFrom('127.0.0.1/32', '! -d 10.96.0.0/12', '1.2.3.4,5.6.7.8'), {
      nil: undefined,
    }),
    out: fc.option(fc.constantFrom('lo', 'eth+', '! -o eth0'), { nil: undefined }),
    proto: fc.constantFrom('', '-p tcp', '-p udp', '! -p tcp', '-p icmp', '-p 47'),
    ports: fc.constantFrom(
      '',
      '--dport 80',
      '! --dport 15008',
      '--sport 1:1024 --dport 53',
      '-m multiport --dports 80,443',
    ),
    extra: fc.subarray([
      '-m owner --uid-owner 1337',
      '-m mark ! --mark 0x539',
      '-m comment --comment "x y"',
      '-m conntrack --ctstate RELATED,ESTABLISHED',
      '-m addrtype --dst-type LOCAL',
      '-m statistic --mode random --probability 0.25',
    ]),
    target: fc.constantFrom(
      '-j ACCEPT',
      '-j RETURN',
      '-j X',
      '-g X',
      '-j LOG --log-prefix "p: "',
      '-j REJECT',
      '-j MARK --set-mark 7',
      '',
    ),
  })
  .map((r) => {
    const proto = r.proto;
    const ports = proto === '-p tcp' || proto === '-p udp' || proto === '! -p tcp' ? r.ports : '';
    const words = [
      r.src && (r.src.startsWith('!') ? r.src : `-s ${r.src}`),
      r.dst && (r.dst.startsWith('!') ? r.dst : `-d ${r.dst}`),
      r.out && (r.out.startsWith('!') ? r.out : `-o ${r.out}`),
      proto,
      ports.startsWith('-m multiport') && proto === '! -p tcp' ? '' : ports,
      ...r.extra,
      r.target,
    ];
    return words.filter((w) => w !== undefined && w !== '').join(' ');
  });

describe('iptables parser and renderer properties', () => {
  it('never throws on arbitrary text, and every renderer accepts the partial result', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.string({ unit: 'binary', maxLength: 400 }),
          iptablesLike,
        ),
        (text) => {
          const r = parseIptables(text);
          renderIptablesSave(r.value);
          for (const t of TABLE_NAMES) {
            renderIptablesList(r.value, t);
            renderIptablesS(r.value, t);
          }
          for (const d of r.diagnostics) expect(d.range.line).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('parse∘render is idempotent on whatever parses without errors', () => {
    fc.assert(
      fc.property(iptablesLike, (text) => {
        const first = parseIptables(text, { family: 4 });
        if (hasErrors(first.diagnostics)) return;
        const once = renderIptablesSave(first.value);
        const second = parseIptables(once, { family: 4 });
        expect(second.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(renderIptablesSave(second.value)).toBe(once);
      }),
      { numRuns: 400 },
    );
  });

  it('generated rules parse without errors and render to a fixpoint', () => {
    fc.assert(
      fc.property(fc.array(ruleSpec, { minLength: 1, maxLength: 8 }), (specs) => {
        const text = `*filter\n:X - [0:0]\n${specs.map((s) => `-A OUTPUT ${s}`.trimEnd()).join('\n')}\nCOMMIT\n`;
        const first = parseIptables(text, { family: 4 });
        expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const once = renderIptablesSave(first.value);
        expect(renderIptablesSave(parseIptables(once, { family: 4 }).value)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
