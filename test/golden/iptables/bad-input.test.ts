/**
 * Bad input never hangs or throws: located diagnostics and a bounded, partial result.
 */
import { describe, expect, it } from 'vitest';
import {
  hasErrors,
  parseIptables,
  renderIptablesList,
  renderIptablesSave,
  TABLE_NAMES,
  type Diagnostic,
} from '@core';
import { seededRandom } from '../../support/random.ts';
import { buildCanonicalKubeProxyDump } from '../../../bench/iptables-dump.ts';

const GOOD = `*nat
:ISTIO_REDIRECT - [0:0]
-A OUTPUT -p tcp -j ISTIO_REDIRECT
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
COMMIT
*filter
-A INPUT -s 10.0.0.0/8 -j ACCEPT
COMMIT
`;

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.line}:${d.range.column} ${d.severity} ${d.code}`);
}

function rulesIn(text: string): number {
  return parseIptables(text).value.tables.reduce(
    (n, t) => n + t.chains.reduce((m, c) => m + c.rules.length, 0),
    0,
  );
}

describe('bad iptables input', () => {
  it('a file truncated mid-line keeps what came before and says COMMIT is missing', () => {
    const cut = GOOD.slice(0, GOOD.indexOf('--to-ports') + 4);
    const r = parseIptables(cut);
    expect(codes(r.diagnostics)).toContain('1:1 error missing-commit');
    expect(rulesIn(cut)).toBe(2);
    expect(renderIptablesSave(r.value)).toContain('-A OUTPUT -p tcp -j ISTIO_REDIRECT');
  });

  it('unknown tables are skipped to their COMMIT, the rest still loads', () => {
    const r = parseIptables(`*bogus\n-A INPUT -j ACCEPT\nCOMMIT\n${GOOD}`);
    expect(codes(r.diagnostics)).toEqual(['1:1 error unknown-table']);
    expect(r.value.tables.map((t) => t.name)).toEqual(['nat', 'filter']);
  });

  it('-A to an undeclared chain and a jump to a missing chain are located errors', () => {
    const r = parseIptables('*filter\n-A NOPE -j ACCEPT\n-A INPUT -p tcp -j MISSING\nCOMMIT\n');
    expect(codes(r.diagnostics)).toEqual(['2:4 error unknown-chain', '3:20 error unknown-chain']);
    expect(r.diagnostics[1]?.message).toContain("Chain 'MISSING' does not exist");
  });

  it('unknown targets: installed-but-unmodelled is a warning, nonexistent is an error', () => {
    const known = parseIptables(
      '*mangle\n-A POSTROUTING -p tcp -j TCPMSS --clamp-mss-to-pmtu\nCOMMIT\n',
    );
    expect(codes(known.diagnostics)).toEqual(['2:26 warning unknown-target']);
    expect(renderIptablesSave(known.value)).toContain(
      '-A POSTROUTING -p tcp -j TCPMSS --clamp-mss-to-pmtu\n',
    );
    const bogus = parseIptables('*filter\n-A INPUT -j FROBNICATE --hard\nCOMMIT\n');
    expect(hasErrors(bogus.diagnostics)).toBe(true);
    expect(renderIptablesSave(bogus.value)).toContain('-A INPUT -j FROBNICATE --hard\n');
  });

  it('a jump cycle reachable from a built-in chain is an error (the kernel refuses it)', () => {
    const r = parseIptables(
      '*filter\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -j A\nCOMMIT\n',
    );
    expect(codes(r.diagnostics)).toEqual(['6:1 error jump-loop']);
    const unreachable = parseIptables('*filter\n:A - [0:0]\n-A A -j A\nCOMMIT\n');
    expect(unreachable.diagnostics).toEqual([]);
  });

  it('extensions outside their table or hooks are kernel-rejects errors, and the rules are kept', () => {
    const text = [
      '*nat',
      ':X - [0:0]',
      '-A PREROUTING -j X',
      '-A X -m owner --uid-owner 1 -j RETURN',
      '-A POSTROUTING -p tcp -j REDIRECT --to-ports 1',
      'COMMIT',
      '*mangle',
      '-A OUTPUT -j CT --zone 1',
      'COMMIT',
    ].join('\n');
    const r = parseIptables(`${text}\n`);
    const byLine = [...r.diagnostics].sort((x, y) => x.range.line - y.range.line);
    expect(codes(byLine)).toEqual([
      '4:1 error kernel-rejects',
      '5:1 error kernel-rejects',
      '8:1 error kernel-rejects',
    ]);
    expect(byLine.map((d) => d.message)).toEqual([
      'match owner is only valid from OUTPUT/POSTROUTING, but X is reached from PREROUTING',
      'target REDIRECT is only valid from PREROUTING/OUTPUT, but POSTROUTING is reached from POSTROUTING',
      'target CT is only valid in the raw table (the kernel refuses it in mangle)',
    ]);
    const saved = renderIptablesSave(r.value);
    for (const rule of [
      '-A X -m owner --uid-owner 1 -j RETURN',
      '-A POSTROUTING -p tcp -j REDIRECT --to-ports 1',
      '-A OUTPUT -j CT --zone 1',
    ]) {
      expect(saved).toContain(`${rule}\n`);
    }
    // The looping rule stays too.
    const loop = parseIptables('*filter\n:A - [0:0]\n-A INPUT -j A\n-A A -j A\nCOMMIT\n');
    expect(codes(loop.diagnostics)).toEqual(['4:1 error jump-loop']);
    expect(renderIptablesSave(loop.value)).toContain('-A A -j A\n');
  });

  it('a deep chain of jumps does not overflow the stack', () => {
    const n = 20_000;
    const lines = [
      '*filter',
      ...Array.from({ length: n }, (_, i) => `:C${i} - [0:0]`),
      '-A INPUT -j C0',
    ];
    for (let i = 0; i < n - 1; i++) lines.push(`-A C${i} -j C${i + 1}`);
    lines.push(`-A C${n - 1} -j C0`, 'COMMIT');
    const r = parseIptables(lines.join('\n'));
    expect(codes(r.diagnostics)).toEqual([`${n + 3 + n - 1}:1 error jump-loop`]);
  });

  it('binary noise: a diagnostic, no throw, bounded diagnostics', () => {
    const rand = seededRandom(7);
    const bytes = Array.from({ length: 200_000 }, () =>
      String.fromCharCode(Math.floor(rand() * 256)),
    ).join('');
    const t = performance.now();
    const r = parseIptables(bytes);
    expect(performance.now() - t).toBeLessThan(5_000);
    expect(r.diagnostics[0]?.code).toBe('binary-input');
    expect(r.diagnostics.length).toBeLessThanOrEqual(501);
    expect(() => renderIptablesSave(r.value)).not.toThrow();
  });

  it('an unterminated quote, CRLF line ends and stray words are handled', () => {
    const r = parseIptables(
      '*filter\r\n-A INPUT -m comment --comment "open -j ACCEPT\r\n-A INPUT stray -j DROP\r\nCOMMIT\r\n',
    );
    expect(codes(r.diagnostics)).toEqual(['2:31 error unterminated-quote', '3:10 error syntax']);
    expect(renderIptablesSave(r.value)).toContain(
      '-A INPUT -m comment --comment "open -j ACCEPT"\n',
    );
  });

  it('old-style negation is understood but flagged (iptables 1.8 refuses it)', () => {
    const r = parseIptables(
      '*filter\n-A INPUT -s ! 10.0.0.1 -p tcp --dport ! 22 -j DROP\nCOMMIT\n',
    );
    expect(codes(r.diagnostics)).toEqual(['2:13 error syntax', '2:39 error syntax']);
    expect(renderIptablesSave(r.value)).toContain(
      '-A INPUT ! -s 10.0.0.1/32 -p tcp -m tcp ! --dport 22 -j DROP\n',
    );
  });

  it('100k rules load without complaint; the cap only bites far beyond', () => {
    const dump = buildCanonicalKubeProxyDump(100_000);
    const r = parseIptables(dump.text, { family: 4 });
    expect(r.diagnostics).toEqual([]);
    expect(renderIptablesSave(r.value)).toBe(dump.text);
    const capped = parseIptables(buildCanonicalKubeProxyDump(5_000).text, {
      family: 4,
      maxRules: 1000,
    });
    expect(codes(capped.diagnostics).filter((c) => c.endsWith('too-many-rules'))).toHaveLength(1);
    expect(capped.value.tables[0]?.chains.reduce((n, c) => n + c.rules.length, 0)).toBe(1000);
  }, 60_000);

  it('problems past 500 are counted, not listed', () => {
    const text = `*filter\n${'-A INPUT --bogus\n'.repeat(600)}COMMIT\n`;
    const r = parseIptables(text);
    expect(r.diagnostics).toHaveLength(501);
    expect(r.diagnostics[500]?.message).toBe('100 more problems not shown');
  });

  it('renders every table of arbitrary partial results without throwing', () => {
    const r = parseIptables(
      '*nat\n-A OUTPUT -p tcp -j REDIRECT --to-ports 99999\n-A OUTPUT -j DNAT\n-A OUTPUT -m statistic\n',
    );
    for (const t of TABLE_NAMES) expect(() => renderIptablesList(r.value, t)).not.toThrow();
    expect(hasErrors(r.diagnostics)).toBe(true);
  });
});
