import { describe, expect, it } from 'vitest';
import {
  buildNftTransaction,
  createNftRuleBuilder,
  SIDECAR_TRANSACTION,
  type NftTableLayout,
} from './builder.ts';
import { renderNftScript } from './script.ts';

const origin = { flags: ['test'], reason: 'test' };
const NAT: NftTableLayout = {
  family: 'inet',
  name: 'nat',
  chains: [
    { name: 'output', base: { type: 'nat', hook: 'output', priority: -100 } },
    { name: 'a' },
    { name: 'b' },
    { name: 'unused' },
  ],
};

describe('buildNftTransaction', () => {
  it('writes add/flush table, declared chains in layout order, then rules in call order', () => {
    const b = createNftRuleBuilder({ enableIPv6: true });
    b.append('nat', 'b', ['counter', 'return'], origin);
    b.append('nat', 'output', ['jump', 'b'], origin);
    expect(renderNftScript(buildNftTransaction([NAT], b.rules, SIDECAR_TRANSACTION))).toBe(
      [
        'add table inet nat',
        'flush table inet nat',
        'add chain inet nat output { type nat hook output priority -100 ; }',
        'add chain inet nat b',
        'add rule inet nat b counter return',
        'add rule inet nat output jump b',
        '',
      ].join('\n'),
    );
  });

  it('skips tables without rules', () => {
    expect(buildNftTransaction([NAT], [], SIDECAR_TRANSACTION)).toEqual([]);
  });

  it('keeps an insert index only when the chain already has more rules (sidecar)', () => {
    const b = createNftRuleBuilder({ enableIPv6: false });
    b.insert('nat', 'a', 0, ['return'], origin); // empty chain → append
    b.insert('nat', 'a', 1, ['accept'], origin); // 1 rule, index 1 → append
    b.insert('nat', 'a', 0, ['drop'], origin); // 2 rules → insert
    const script = renderNftScript(buildNftTransaction([NAT], b.rules, SIDECAR_TRANSACTION));
    expect(script.split('\n').slice(3, 6)).toEqual([
      'add rule inet nat a return',
      'add rule inet nat a accept',
      'insert rule inet nat a index 0 drop',
    ]);
  });

  it('ambient options: jump targets are declared and any non-empty chain keeps its index', () => {
    const b = createNftRuleBuilder({ enableIPv6: false });
    b.append('nat', 'output', ['jump', 'a'], origin);
    b.append('nat', 'b', ['return'], origin);
    b.insert('nat', 'b', 5, ['accept'], origin);
    const tx = buildNftTransaction([NAT], b.rules, {
      declare: 'non-empty-or-jump-target',
      insert: 'non-empty',
      flush: true,
    });
    expect(renderNftScript(tx)).toContain('add chain inet nat a\nadd chain inet nat b\n');
    expect(renderNftScript(tx)).toContain('insert rule inet nat b index 5 accept\n');
  });

  it('writes a policy and a device in knftables order', () => {
    const script = renderNftScript([
      {
        kind: 'add-chain',
        family: 'netdev',
        table: 't',
        chain: {
          name: 'in',
          base: { type: 'filter', hook: 'ingress', priority: 0, policy: 'drop', device: 'eth0' },
        },
      },
    ]);
    expect(script).toBe(
      'add chain netdev t in { type filter hook ingress device "eth0" priority 0 ; policy drop ; }\n',
    );
  });
});
