import { describe, expect, it } from 'vitest';
import { tokenizeRulesLine } from './highlight.ts';

const LINES = [
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT',
  'iptables -t nat -N ISTIO_INBOUND',
  'Chain ISTIO_INBOUND (1 references)',
  ' pkts bytes target     prot opt in     out     source               destination',
  '    0     0 RETURN     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:15008',
  '# comment',
  'COMMIT',
  '',
];

describe('tokenizeRulesLine', () => {
  it('never changes the text: tokens join back to the line', () => {
    for (const line of LINES)
      expect(
        tokenizeRulesLine(line)
          .map((t) => t.text)
          .join(''),
      ).toBe(line);
  });

  it('marks chains, targets, options and negations in rules', () => {
    const kinds = tokenizeRulesLine(LINES[2] ?? '').filter((t) => t.kind !== 'plain');
    expect(kinds.slice(0, 3)).toEqual([
      { text: '-A', kind: 'option' },
      { text: 'ISTIO_OUTPUT', kind: 'chain' },
      { text: '!', kind: 'negation' },
    ]);
    expect(kinds.at(-1)).toEqual({ text: 'ISTIO_IN_REDIRECT', kind: 'target' });
    expect(tokenizeRulesLine('iptables -t nat -N ISTIO_INBOUND').at(-1)).toEqual({
      text: 'ISTIO_INBOUND',
      kind: 'chain',
    });
  });

  it('recognises tables, chain headers, listings and comments', () => {
    expect(tokenizeRulesLine('*nat')[0]?.kind).toBe('table');
    expect(tokenizeRulesLine(':PREROUTING ACCEPT [0:0]')[0]).toEqual({
      text: ':PREROUTING',
      kind: 'chain',
    });
    expect(tokenizeRulesLine('Chain ISTIO_INBOUND (1 references)')[1]).toEqual({
      text: 'ISTIO_INBOUND',
      kind: 'chain',
    });
    expect(tokenizeRulesLine('# comment')[0]?.kind).toBe('comment');
    expect(tokenizeRulesLine(LINES[6] ?? '').every((t) => t.kind === 'plain')).toBe(true);
  });
});
