import { describe, expect, it } from 'vitest';
import {
  applyNftCommands,
  buildNftTransaction,
  createNftRuleBuilder,
  renderNftDump,
  type NftCommand,
} from '../../../src/core/index.ts';
import { loadNftBuilderCases, readNftReference, type NftBuilderCase } from './reference.ts';

/**
 * Istio's builder test (tools/istio-nftables/pkg/builder/nftables_builder_test.go — TestBuilder):
 * each case's builder calls, through our builder and transaction, applied to an empty ruleset and
 * dumped as knftables' fake dumps state, equal the golden byte for byte (after trimming).
 */

/** Upstream has 8 cases in TestBuilder (add-table-chain.golden is an orphan, checked apart). */
const BUILDER_CASES = 8;

const origin = { flags: [], reason: 'builder test' };

function replay(c: NftBuilderCase): NftCommand[] {
  const b = createNftRuleBuilder({ enableIPv6: c.builderConfig?.EnableIPv6 ?? false });
  for (const op of c.operations) {
    const position = op.position ?? 0;
    switch (op.call) {
      case 'AppendRule':
        b.append(op.table, op.chain, op.params, origin);
        break;
      case 'InsertRule':
        b.insert(op.table, op.chain, position, op.params, origin);
        break;
      case 'AppendV6RuleIfSupported':
        b.appendV6(op.table, op.chain, op.params, origin);
        break;
      case 'InsertV6RuleIfSupported':
        b.insertV6(op.table, op.chain, position, op.params, origin);
        break;
    }
  }
  const layout = { family: 'inet', name: 'inet-table', chains: [{ name: 'test-chain' }] } as const;
  return buildNftTransaction([layout], b.rules, {
    declare: 'non-empty',
    insert: 'within-count',
    flush: false,
  });
}

describe('istio-nftables builder goldens', () => {
  const cases = loadNftBuilderCases().filter((c) => c.builderConfig !== null);

  it(`has all ${BUILDER_CASES} upstream cases`, () => {
    expect(cases).toHaveLength(BUILDER_CASES);
  });

  for (const c of cases) {
    it(c.name, () => {
      const applied = applyNftCommands(replay(c));
      expect(applied.diagnostics).toEqual([]);
      expect(renderNftDump(applied.value).trim()).toBe(readNftReference(c.golden).trim());
    });
  }

  it('add-table-chain (orphan golden): a declared chain with no rules', () => {
    const where = { family: 'inet', table: 'inet-table' } as const;
    const applied = applyNftCommands([
      { kind: 'add-table', ...where },
      { kind: 'add-chain', ...where, chain: { name: 'test-chain' } },
    ]);
    expect(renderNftDump(applied.value)).toBe(
      readNftReference('golden/builder/add-table-chain.golden'),
    );
  });

  it('drops IPv6 rules when IPv6 is off, as the …V6RuleIfSupported calls do', () => {
    const b = createNftRuleBuilder({ enableIPv6: false });
    b.appendV6('t', 'c', ['ip6', 'daddr', '::1', 'return'], origin);
    b.insertV6('t', 'c', 0, ['ip6', 'daddr', '::1', 'return'], origin);
    expect(b.rules).toEqual([]);
  });

  it('refuses an insert index the chain does not have, atomically', () => {
    const where = { family: 'inet', table: 't' } as const;
    const applied = applyNftCommands([
      { kind: 'add-table', ...where },
      { kind: 'add-chain', ...where, chain: { name: 'c' } },
      { kind: 'insert-rule', ...where, chain: 'c', rule: 'return', index: 3 },
    ]);
    expect(applied.value.tables).toEqual([]);
    expect(applied.diagnostics[0]?.code).toBe('kernel-rejects');
  });
});
