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
