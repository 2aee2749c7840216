import { describe, expect, it } from 'vitest';
import { PROFILES } from '@core';
import { defaultPersistedState } from '../store/store.ts';
import { checkExercise, evaluateCheck, findRuleLine } from './check.ts';
import type { CheckFacts } from './check.ts';
import { createDeriver } from '../state/derive.ts';
import { buildCheckFacts } from './check-facts.ts';
import type { ExerciseSpec } from './lesson-types.ts';

const ARGS = PROFILES.latest.defaultArgs;

function facts(args: string, version: CheckFacts['version'] = 'latest'): CheckFacts {
  return buildCheckFacts({ ...defaultPersistedState(args), version }, createDeriver());
}

const hint = { en: 'h', zh: '提示' };

describe('evaluateCheck', () => {
  it('checks the rule backend (absent = iptables)', () => {
    const check = { kind: 'backend', equals: 'nftables' } as const;
    expect(evaluateCheck(check, facts(ARGS))).toBe('iptables');
    const nft = buildCheckFacts(
      { ...defaultPersistedState(ARGS), backend: 'nftables' },
      createDeriver(),
    );
    expect(evaluateCheck(check, nft)).toBe(true);
  });

  it('traces a packet through the computed rules', () => {
    const inbound = {
      kind: 'trace',
      packet: { direction: 'inbound', src: '10.44.1.7', dport: '9080' },
      expectFinal: 'ACCEPT',
    } as const;
    expect(evaluateCheck(inbound, facts(ARGS))).toBe('REDIRECT:15006');
    expect(evaluateCheck(inbound, facts(ARGS.replace('15020', '15020,9080')))).toBe(true);
    expect(
      evaluateCheck(
        { kind: 'trace', packet: inbound.packet, expectNotFinal: 'ACCEPT' },
        facts(ARGS),
      ),
    ).toBe(true);
  });

  it('finds rules by table, chain and text', () => {
    const tproxy = {
      kind: 'rule-present',
      table: 'mangle',
      chain: 'ISTIO_TPROXY',
      contains: 'TPROXY',
    } as const;
    expect(evaluateCheck(tproxy, facts(ARGS))).toBe('absent');
    expect(evaluateCheck(tproxy, facts(ARGS.replace('REDIRECT', 'TPROXY')))).toBe(true);
    expect(evaluateCheck({ ...tproxy, kind: 'rule-absent' }, facts(ARGS))).toBe(true);
  });

  it('reads the Bookinfo path: diagnostics and hops', () => {
    const loop = { kind: 'path', noDiagnostic: 'redirect-loop' } as const;
    expect(evaluateCheck(loop, facts(ARGS.replace('-u 1337', '-u 1000')))).toBe('redirect-loop');
    expect(evaluateCheck(loop, facts(ARGS))).toBe(true);
    expect(evaluateCheck({ kind: 'path-hop-present', label: 'ratings' }, facts(ARGS))).toBe(true);
    expect(evaluateCheck({ kind: 'path-hop-absent', label: 'ratings' }, facts(ARGS))).not.toBe(
      true,
    );
  });

  it('treats input with errors as failing every rule, trace and path check', () => {
    const bad = facts('-p nope');
    expect(bad.hasErrors).toBe(true);
    expect(evaluateCheck({ kind: 'no-errors' }, bad)).toBe('errors');
    expect(evaluateCheck({ kind: 'trace', packet: {}, expectFinal: 'ACCEPT' }, bad)).toBe('errors');
    expect(evaluateCheck({ kind: 'rule-absent', table: 'nat', contains: 'x' }, bad)).toBe('errors');
    expect(evaluateCheck({ kind: 'path', noDiagnostic: 'redirect-loop' }, bad)).toBe('errors');
  });
});

describe('checkExercise', () => {
  it('stops at the first failing check and reports what it found', () => {
    const exercise: ExerciseSpec = {
      checks: [
        { kind: 'no-errors' },
        { kind: 'version', equals: '1.11' },
        { kind: 'rule-present', table: 'nat', contains: '--dport 22' },
      ],
      hint,
      solution: { version: '1.11' },
    };
    expect(checkExercise(exercise, facts(ARGS))).toEqual({
      kind: 'failed',
      check: exercise.checks[1],
      actual: 'latest',
    });
    expect(checkExercise(exercise, facts(ARGS, '1.11'))).toEqual({ kind: 'passed' });
  });
});

describe('findRuleLine', () => {
  it('only looks at -A lines of the named table and chain', () => {
    const save =
      '*mangle\n-A OUTPUT -j X\nCOMMIT\n*nat\n-A PREROUTING -j Y\n-A OUTPUT -j X\nCOMMIT\n';
    expect(findRuleLine(save, 'nat', 'OUTPUT', '-j X')).toBe('-A OUTPUT -j X');
    expect(findRuleLine(save, 'nat', 'PREROUTING', '-j X')).toBeUndefined();
    expect(findRuleLine(save, 'filter', undefined, '-j')).toBeUndefined();
  });
});
