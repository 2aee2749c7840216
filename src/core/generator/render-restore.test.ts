import { describe, expect, it } from 'vitest';
import type { IstioConfig, IstioVersion } from './config.ts';
import { DEFAULT_CONFIG } from './flags.ts';
import { generateRules, type GeneratedRules, type RuleCommand } from './generate.ts';
import { parseIstioArgs } from './parse-args.ts';
import { PROFILES } from './profiles/profiles.ts';
import { formatRuleCommand, renderDryRun, renderRestore } from './render-restore.ts';

function rule(
  table: RuleCommand['table'],
  chain: string,
  args: string[],
  op: RuleCommand['op'] = 'append',
): RuleCommand {
  return {
    family: 4,
    table,
    chain,
    op,
    ...(op === 'insert' ? { position: 1 } : {}),
    args,
    origin: { flags: [], reason: 'test' },
  };
}

function rulesOf(v4: RuleCommand[], version: IstioVersion = 'latest'): GeneratedRules {
  return { version, enableIPv6: false, v4, v6: [], diagnostics: [], setup: [] };
}

function fromArgs(
  args: string,
  version: IstioVersion,
  extra: Partial<IstioConfig> = {},
): GeneratedRules {
  return generateRules({ ...parseIstioArgs(args).value.config, ...extra }, version);
}

describe('renderRestore', () => {
  it('groups by table alphabetically, -N own chains in first-use order, then jump-only chains', () => {
    const text = renderRestore(
      rulesOf([
        rule('raw', 'OUTPUT', ['-j', 'B_ONLY_JUMPED']),
        rule('nat', 'A', ['-j', 'REDIRECT', '--to-ports', '1']),
        rule('mangle', 'PREROUTING', ['-j', 'C']),
        rule('nat', 'PREROUTING', ['-i', 'x', '-j', 'RETURN'], 'insert'),
        rule('mangle', 'C', ['-j', 'ACCEPT']),
      ]),
      4,
    );
    expect(text).toBe(
      [
        '* mangle',
        '-N C',
        '-A PREROUTING -j C',
        '-A C -j ACCEPT',
        'COMMIT',
        '* nat',
        '-N A',
        '-A A -j REDIRECT --to-ports 1',
        '-I PREROUTING 1 -i x -j RETURN',
        'COMMIT',
        '* raw',
        '-N B_ONLY_JUMPED',
        '-A OUTPUT -j B_ONLY_JUMPED',
        'COMMIT',
        '',
      ].join('\n'),
    );
  });

  it('is empty for a family without rules', () => {
    expect(renderRestore(rulesOf([rule('nat', 'OUTPUT', ['-j', 'X'])]), 6)).toBe('');
  });

  it('formats inserts with their position', () => {
    expect(
      formatRuleCommand({ ...rule('nat', 'PREROUTING', ['-j', 'Y'], 'insert'), position: 3 }),
    ).toBe('-I PREROUTING 3 -j Y');
  });
});

describe('renderDryRun', () => {
  it('latest: state-check saves, the restore inputs, the final saves (ip6tables-save only with IPv6)', () => {
    const v4only = renderDryRun(generateRules(DEFAULT_CONFIG)).split('\n');
    expect(v4only.slice(0, 3)).toEqual(['iptables-save', 'ip6tables-save', '* nat']);
    expect(v4only.slice(-3)).toEqual(['COMMIT', 'iptables-save', '']);
    const dual = renderDryRun(generateRules({ ...DEFAULT_CONFIG, enableIPv6: true })).split('\n');
    expect(dual.filter((l) => l === '* nat')).toHaveLength(2);
    expect(dual.slice(-3)).toEqual(['iptables-save', 'ip6tables-save', '']);
  });

  it('1.20: the command-line harness, every -N of a family first, then the deferred saves', () => {
    const text = renderDryRun(fromArgs(`-m TPROXY -b 80 -x ""`, '1.20'));
    const l = text.trimEnd().split('\n');
    expect(l.slice(0, 7)).toEqual([
      'iptables -t nat -N ISTIO_INBOUND',
      'iptables -t nat -N ISTIO_REDIRECT',
      'iptables -t nat -N ISTIO_IN_REDIRECT',
      'iptables -t mangle -N ISTIO_DIVERT',
      'iptables -t mangle -N ISTIO_TPROXY',
      'iptables -t mangle -N ISTIO_INBOUND',
      'iptables -t nat -N ISTIO_OUTPUT',
    ]);
    expect(l.at(-1)).toBe('iptables-save');
  });

  it('1.0: the shell script, each chain created just before its first use (LEGACY.md A.3 plus the 1.1 ISTIO_IN_REDIRECT and gid)', () => {
    expect(renderDryRun(fromArgs(PROFILES['1.0'].defaultArgs, '1.0'))).toBe(
      [
        'iptables -t nat -N ISTIO_REDIRECT',
        'iptables -t nat -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-port 15001',
        'iptables -t nat -N ISTIO_IN_REDIRECT',
        'iptables -t nat -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-port 15001',
        'iptables -t nat -N ISTIO_INBOUND',
        'iptables -t nat -A PREROUTING -p tcp -j ISTIO_INBOUND',
        'iptables -t nat -A ISTIO_INBOUND -p tcp --dport 9080 -j ISTIO_IN_REDIRECT',
        'iptables -t nat -N ISTIO_OUTPUT',
        'iptables -t nat -A OUTPUT -p tcp -j ISTIO_OUTPUT',
        'iptables -t nat -A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -j ISTIO_REDIRECT',
        'iptables -t nat -A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN',
        'iptables -t nat -A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN',
        'iptables -t nat -A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN',
        'iptables -t nat -A ISTIO_OUTPUT -j ISTIO_REDIRECT',
        '',
      ].join('\n'),
    );
  });

  it('1.0 with an IPv6 pod installs the full ip6tables copy with ::1/128', () => {
    const text = renderDryRun(fromArgs(PROFILES['1.0'].defaultArgs, '1.0', { enableIPv6: true }));
    expect(text).toContain(
      'ip6tables -t nat -A ISTIO_OUTPUT -o lo ! -d ::1/128 -j ISTIO_REDIRECT\n',
    );
  });
});
