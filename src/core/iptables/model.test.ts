import { describe, expect, it } from 'vitest';
import { parseRuleRef, ruleRef, TABLE_NAMES } from './model.ts';

describe('parseRuleRef', () => {
  it('inverts ruleRef, whatever the chain name', () => {
    for (const table of TABLE_NAMES) {
      for (const chain of ['ISTIO_INBOUND', 'KUBE-SVC-X#Y', 'a/b', 'x']) {
        const ref = ruleRef(table, chain, 12);
        expect(parseRuleRef(ref)).toEqual({ ref, table, chain, position: 12 });
      }
    }
  });

  it('refuses what is not a rule reference', () => {
    for (const text of [
      '',
      'nat/ISTIO_OUTPUT',
      'nat/#3',
      'nats/ISTIO_OUTPUT#3',
      'nat/ISTIO_OUTPUT#0',
      'nat/ISTIO_OUTPUT#03',
      'nat/ISTIO_OUTPUT#-1',
      'nat/ISTIO_OUTPUT#2x',
      'ISTIO_OUTPUT#2',
    ]) {
      expect(parseRuleRef(text), text).toBeUndefined();
    }
  });
});
