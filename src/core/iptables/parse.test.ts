import { describe, expect, it } from 'vitest';
import {
  canonicalizeRule,
  guessFamily,
  parseIptables,
  renderIptablesSave,
  renderRuleSpec,
  type Rule,
  type Ruleset,
} from './index.ts';

function chain(ruleset: Ruleset, table: string, name: string) {
  return ruleset.tables.find((t) => t.name === table)?.chains.find((c) => c.name === name);
}

function specs(text: string, table = 'filter', name = 'INPUT'): string[] {
  const r = parseIptables(text, { family: 4 });
  return (chain(r.value, table, name)?.rules ?? []).map((rule: Rule) =>
    renderRuleSpec(rule, r.value.family).trim(),
  );
}

describe('parseIptables: the model', () => {
  it('keeps options as written (resolved to long names), in input order, with implicit proto matches', () => {
    const r = parseIptables(
      '*nat\n-A OUTPUT -p tcp --destination-port 80 -m comment --comment "a b" -j REDIRECT --to-port 15001\nCOMMIT\n',
    );
    const rule = chain(r.value, 'nat', 'OUTPUT')?.rules[0];
    expect(rule?.protocol).toEqual({ negated: false, value: 'tcp' });
    expect(rule?.matches).toEqual([
      {
        module: 'tcp',
        options: [{ name: 'dport', negated: false, args: ['80'] }],
        implicit: true,
        known: true,
      },
      {
        module: 'comment',
        options: [{ name: 'comment', negated: false, args: ['a b'] }],
        implicit: false,
        known: true,
      },
    ]);
    expect(rule?.target).toEqual({
      kind: 'extension',
      name: 'REDIRECT',
      options: [{ name: 'to-ports', negated: false, args: ['15001'] }],
      known: true,
    });
    expect(rule?.range).toEqual({ start: 5, end: 98, line: 2, column: 1 });
  });

  it('stores base fields canonically: protocol names, CIDRs with host bits cleared, /0 dropped', () => {
    const r = parseIptables(
      '*filter\n-A INPUT -p 6 ! -s 10.1.2.3/8 -d 0.0.0.0/0 -i eth+ -j ACCEPT\nCOMMIT\n',
    );
    const rule = chain(r.value, 'filter', 'INPUT')?.rules[0];
    expect(rule?.protocol?.value).toBe('tcp');
    expect(rule?.source).toEqual({ negated: true, value: '10.0.0.0/8' });
    expect(rule?.destination).toBeUndefined();
    expect(rule?.inInterface).toEqual({ negated: false, value: 'eth+' });
  });

  it('canonicalizeRule gives the kernel view to consumers (simulator, UI)', () => {
    const r = parseIptables('*mangle\n-A PREROUTING -j MARK --set-mark 1337\nCOMMIT\n');
    const rule = chain(r.value, 'mangle', 'PREROUTING')?.rules[0];
    if (!rule) throw new Error('no rule');
    const target = canonicalizeRule(rule, 4).target;
    expect(target?.kind === 'extension' && target.options).toEqual([
      { name: 'set-xmark', negated: false, args: ['0x539/0xffffffff'] },
    ]);
  });

  it('keeps unknown-but-installed modules verbatim and warns', () => {
    const r = parseIptables(
      '*filter\n-A INPUT -m recent --name ssh --rcheck --seconds 60 -j DROP\nCOMMIT\n',
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unknown-match']);
    expect(chain(r.value, 'filter', 'INPUT')?.rules[0]?.matches[0]).toEqual({
      module: 'recent',
      implicit: false,
      known: false,
      options: [
        { name: 'name', negated: false, args: ['ssh'] },
        { name: 'rcheck', negated: false, args: [] },
        { name: 'seconds', negated: false, args: ['60'] },
      ],
    });
  });
});

describe('parseIptables: replaying commands like iptables-restore', () => {
  it('-I inserts at its moment; address lists multiply rules', () => {
    expect(
      specs(
        '*filter\n-A INPUT -j DROP\n-I INPUT -s 1.1.1.1,2.2.2.2 -j ACCEPT\n-I INPUT 2 -p udp -j RETURN\nCOMMIT\n',
      ),
    ).toEqual([
      '-s 2.2.2.2/32 -j ACCEPT',
      '-p udp -j RETURN',
      '-s 1.1.1.1/32 -j ACCEPT',
      '-j DROP',
    ]);
  });

  it('-D by number and by (canonical) spec', () => {
    const text =
      '*filter\n-A INPUT -p tcp --dport 80 -j ACCEPT\n-A INPUT -j DROP\n-A INPUT -j RETURN\n-D INPUT -p tcp -m tcp --dport 80 -j ACCEPT\n-D INPUT 2\nCOMMIT\n';
    expect(specs(text)).toEqual(['-j DROP']);
  });

  it('a second *table block starts the table over; :CHAIN twice flushes the chain', () => {
    const r = parseIptables(
      '*filter\n:X - [0:0]\n:INPUT DROP [0:0]\n-A X -j ACCEPT\nCOMMIT\n*filter\n:Y - [0:0]\n-A Y -j DROP\n:Y - [0:0]\nCOMMIT\n',
    );
    expect(r.value.tables[0]?.chains.map((c) => [c.name, c.policy, c.rules.length])).toEqual([
      ['INPUT', 'ACCEPT', 0],
      ['FORWARD', 'ACCEPT', 0],
      ['OUTPUT', 'ACCEPT', 0],
      ['Y', undefined, 0],
    ]);
  });

  it('reads iptables -S output and shell lines (filter unless -t says otherwise)', () => {
    const r = parseIptables(
      '-P INPUT DROP\n-N X\n-A X -j ACCEPT\niptables -t nat -N ISTIO_OUTPUT\niptables -t nat -A OUTPUT -p tcp -j ISTIO_OUTPUT\n',
    );
    expect(r.diagnostics).toEqual([]);
    expect(chain(r.value, 'filter', 'INPUT')?.policy).toBe('DROP');
    expect(renderIptablesSave(r.value)).toContain(
      '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:ISTIO_OUTPUT - [0:0]\n-A OUTPUT -p tcp -j ISTIO_OUTPUT\nCOMMIT\n',
    );
  });

  it('follows a pasted transcript: `# iptables -t nat -S` or a prompt line sets the table of what follows', () => {
    for (const head of [
      '# iptables -t nat -S',
      'root@productpage-v1:/# iptables -t nat -S',
      '$ sudo nsenter -t 4215 -n iptables -t nat --list-rules',
    ]) {
      const r = parseIptables(
        `${head}\n-P PREROUTING ACCEPT\n-N ISTIO_REDIRECT\n-A OUTPUT -p tcp -j ISTIO_REDIRECT\n`,
        { family: 4 },
      );
      expect(r.diagnostics).toEqual([]);
      expect(r.value.tables.map((t) => t.name)).toEqual(['nat']);
    }
  });

  it('keeps [p:b] and -c counters on rules', () => {
    const r = parseIptables(
      '*filter\n[12:3456] -A INPUT -j ACCEPT\n-A INPUT -c 1 2 -j DROP\nCOMMIT\n',
    );
    expect(chain(r.value, 'filter', 'INPUT')?.rules.map((x) => x.counters)).toEqual([
      { packets: 12n, bytes: 3456n },
      { packets: 1n, bytes: 2n },
    ]);
  });

  it('-4/-6 lines apply to one family only', () => {
    const text =
      '*filter\n-A INPUT -4 -s 10.0.0.1 -j ACCEPT\n-A INPUT -6 -s ::1 -j ACCEPT\nCOMMIT\n';
    expect(specs(text)).toEqual(['-s 10.0.0.1/32 -j ACCEPT']);
    const v6 = parseIptables(text, { family: 6 });
    expect(
      chain(v6.value, 'filter', 'INPUT')?.rules.map((x) => renderRuleSpec(x, 6).trim()),
    ).toEqual(['-s ::1/128 -j ACCEPT']);
  });
});

describe('parseIptables: getopt-exact option handling', () => {
  it('an option belongs to the newest loaded extension that has it', () => {
    expect(
      specs('*filter\n-A INPUT -m mark --mark 1 -m connmark --mark 2 -j ACCEPT\nCOMMIT\n'),
    ).toEqual(['-m mark --mark 0x1 -m connmark --mark 0x2 -j ACCEPT']);
  });

  it('unique prefixes are accepted, ambiguous ones are errors', () => {
    expect(specs('*filter\n-A INPUT --pro tcp --dport 22 --jump ACCEPT\nCOMMIT\n')).toEqual([
      '-p tcp -m tcp --dport 22 -j ACCEPT',
    ]);
    expect(
      parseIptables('*filter\n-A INPUT --d 1.2.3.4 -j ACCEPT\nCOMMIT\n').diagnostics[0]?.message,
    ).toContain('ambiguous');
  });

  it('options after -j still go to the matches, like iptables', () => {
    expect(specs('*filter\n-A INPUT -p tcp -j ACCEPT --dport 80\nCOMMIT\n')).toEqual([
      '-p tcp -m tcp --dport 80 -j ACCEPT',
    ]);
  });
});

describe('guessFamily', () => {
  it('sees IPv6 addresses and ip6tables words', () => {
    expect(guessFamily('-A OUTPUT -d ::1/128 -j RETURN')).toBe(6);
    expect(guessFamily('ip6tables -t nat -N X')).toBe(6);
    expect(guessFamily('-A OUTPUT -d 127.0.0.1/32 -j RETURN')).toBe(4);
  });
});

describe('parseIptables lineOrigins', () => {
  const a = { flags: ['a'], reason: 'A' };
  const b = { flags: ['b'], reason: 'B' };
  const c = { flags: ['c'], reason: 'C' };
  const r = { flags: ['r'], reason: 'R' };

  it('sets each rule’s origin from its line and keeps it through -I and -D', () => {
    const text = [
      '*filter',
      '-A INPUT -s 10.0.0.1 -j ACCEPT',
      '-A INPUT -s 10.0.0.2 -j ACCEPT',
      '-I INPUT 2 -s 10.0.0.3 -j DROP',
      '-D INPUT 1',
      '-A INPUT -s 10.0.0.4 -j ACCEPT',
      'COMMIT',
      '',
    ].join('\n');
    const parsed = parseIptables(text, { family: 4, lineOrigins: [undefined, a, b, c, r] });
    const rules = chain(parsed.value, 'filter', 'INPUT')?.rules ?? [];
    expect(rules.map((x) => x.source?.value)).toEqual([
      '10.0.0.3/32',
      '10.0.0.2/32',
      '10.0.0.4/32',
    ]);
    // Line 6 has no origin; the -D line's origin belongs to no rule.
    expect(rules.map((x) => x.origin)).toEqual([c, b, undefined]);
  });

  it('gives every address combination of a -I the line’s origin', () => {
    const text = '*nat\n-A OUTPUT -j RETURN\n-I OUTPUT 1 -d 10.0.0.1,10.0.0.2 -j RETURN\nCOMMIT\n';
    const parsed = parseIptables(text, { lineOrigins: [undefined, a, b] });
    const rules = chain(parsed.value, 'nat', 'OUTPUT')?.rules ?? [];
    expect(rules.map((x) => x.origin)).toEqual([b, b, a]);
  });

  it('gives a -R replacement the origin of the -R line', () => {
    const text =
      'iptables -A INPUT -j ACCEPT\niptables -A INPUT -j DROP\niptables -R INPUT 1 -j RETURN\n';
    const parsed = parseIptables(text, { family: 4, lineOrigins: [a, b, r] });
    const rules = chain(parsed.value, 'filter', 'INPUT')?.rules ?? [];
    expect(rules.map((x) => x.origin)).toEqual([r, b]);
  });

  it('has no origins without the option', () => {
    const parsed = parseIptables('*nat\n-A OUTPUT -j RETURN\nCOMMIT\n');
    expect(chain(parsed.value, 'nat', 'OUTPUT')?.rules[0]?.origin).toBeUndefined();
  });
});
