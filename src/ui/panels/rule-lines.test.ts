import { describe, expect, it } from 'vitest';
import { listSaveLineRules } from './rule-lines.ts';

describe('listSaveLineRules', () => {
  it('numbers -A lines per table and chain', () => {
    const text = [
      '*nat',
      ':OUTPUT ACCEPT [0:0]',
      '-A OUTPUT -j A',
      '-A A -j RETURN',
      '-A OUTPUT -j B',
      'COMMIT',
      '*filter',
      '-A OUTPUT -j ACCEPT',
      'COMMIT',
    ].join('\n');
    expect(listSaveLineRules(text)).toEqual([
      undefined,
      undefined,
      'nat/OUTPUT#1',
      'nat/A#1',
      'nat/OUTPUT#2',
      undefined,
      undefined,
      'filter/OUTPUT#1',
      undefined,
    ]);
  });
});

describe('listSaveLineRules on nft list ruleset', () => {
  it('numbers the rules of each chain block, skipping base-chain headers and sets', () => {
    const text = [
      'table inet t {',
      '\tset s {',
      '\t\ttype ipv4_addr',
      '\t}',
      '',
      '\tchain output {',
      '\t\ttype nat hook output priority -100; policy accept;',
      '\t\tjump c',
      '\t}',
      '',
      '\tchain c {',
      '\t\tip daddr @s return',
      '\t\tredirect to :15001',
      '\t}',
      '}',
    ].join('\n');
    expect(listSaveLineRules(text)).toEqual([
      ...Array<undefined>(7).fill(undefined),
      'inet/t/output#1',
      undefined,
      undefined,
      undefined,
      'inet/t/c#1',
      'inet/t/c#2',
      undefined,
      undefined,
    ]);
  });
});
