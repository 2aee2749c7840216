import { describe, expect, it } from 'vitest';
import type { RuleOption, Target } from '../../iptables/model.ts';
import { compileTarget } from './index.ts';
import { parseNatTo } from './nat.ts';

const ext = (name: string, ...opts: [string, ...string[]][]): Target => ({
  kind: 'extension',
  name,
  known: true,
  options: opts.map(([n, ...args]): RuleOption => ({ name: n, negated: false, args })),
});

describe('target compilation', () => {
  it('reduces MARK forms to xmark (libxt_MARK semantics)', () => {
    expect(compileTarget(ext('MARK', ['set-mark', '0x10/0xf0']))).toMatchObject({
      target: { kind: 'mark', value: 0x10, mask: 0xf0 },
    });
    expect(compileTarget(ext('MARK', ['set-mark', '1337']))).toMatchObject({
      target: { value: 1337, mask: 0xffffffff },
    });
    expect(compileTarget(ext('MARK', ['set-xmark', '0x4000/0x4000']))).toMatchObject({
      target: { value: 0x4000, mask: 0x4000 },
    });
    expect(compileTarget(ext('MARK', ['or-mark', '0x4000']))).toMatchObject({
      target: { value: 0x4000, mask: 0x4000 },
    });
    expect(compileTarget(ext('MARK', ['xor-mark', '0x4000']))).toMatchObject({
      target: { value: 0x4000, mask: 0 },
    });
    expect(compileTarget(ext('MARK', ['and-mark', '0xff']))).toMatchObject({
      target: { value: 0, mask: 0xffffff00 },
    });
  });

  it('reads CONNMARK save/restore masks', () => {
    expect(compileTarget(ext('CONNMARK', ['save-mark']))).toMatchObject({
      target: { kind: 'connmark-save', nfmask: 0xffffffff, ctmask: 0xffffffff },
    });
    expect(compileTarget(ext('CONNMARK', ['restore-mark'], ['mask', '0xff']))).toMatchObject({
      target: { kind: 'connmark-restore', nfmask: 0xff, ctmask: 0xff },
    });
    expect(
      compileTarget(ext('CONNMARK', ['save-mark'], ['nfmask', '0xffff'], ['ctmask', '0xff'])),
    ).toMatchObject({ target: { nfmask: 0xffff, ctmask: 0xff } });
  });

  it('parses NAT destinations of both families', () => {
    expect(parseNatTo('10.0.0.1:8080')).toMatchObject({ port: 8080 });
    expect(parseNatTo('10.0.0.1-10.0.0.9')).toMatchObject({ port: undefined });
    expect(parseNatTo('[fd00::9]:8080')).toMatchObject({ port: 8080 });
    expect(parseNatTo('fd00::9')).toMatchObject({ port: undefined });
    expect(parseNatTo(':99')).toMatchObject({ addr: undefined, port: 99 });
    expect(parseNatTo('nope:1')).toBeUndefined();
  });

  it('keeps the REDIRECT/TPROXY ports and refuses what it cannot evaluate', () => {
    expect(compileTarget(ext('REDIRECT', ['to-port', '15053']))).toMatchObject({
      target: { kind: 'redirect', port: 15053 },
    });
    expect(
      compileTarget(ext('TPROXY', ['on-port', '15006'], ['tproxy-mark', '0x539/0xffffffff'])),
    ).toMatchObject({ target: { kind: 'tproxy', port: 15006, mark: 1337 } });
    expect(compileTarget(ext('TPROXY', ['on-port', 'x']))).toMatchObject({ ok: false });
    expect(compileTarget(ext('CHAOS'))).toMatchObject({ ok: false });
    expect(compileTarget(ext('LOG', ['log-prefix', 'x']))).toMatchObject({
      ok: true,
      target: { kind: 'log' },
    });
  });
});
