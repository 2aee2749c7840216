import { describe, expect, it } from 'vitest';
import { ISTIO_VERSIONS, type IstioVersion } from '../config.ts';
import { generateRules, mergeDiagnostics } from '../generate.ts';
import { parseIstioArgs } from '../parse-args.ts';
import { formatRuleCommand } from '../render-restore.ts';
import { hasOption, optionStatus, PROFILE_RELEASES } from './releases.ts';

/** Parser + generator diagnostics of `args` under a profile, as `severity:code@col`. */
function run(args: string, version: IstioVersion) {
  const parsed = parseIstioArgs(args);
  const rules = generateRules(parsed.value.config, version, parsed.value.flags);
  const all = mergeDiagnostics(parsed.diagnostics, rules.diagnostics, parsed.value.flags);
  return {
    rules: rules.v4.map(formatRuleCommand),
    shown: all.map((d) => `${d.severity}:${d.code}@${d.range.column}`),
  };
}

describe('release data per profile (RELEASES.md, FLAGS.md)', () => {
  it('profiles are ordered newest first by release line', () => {
    const lines = ISTIO_VERSIONS.map((v) => PROFILE_RELEASES[v].line);
    expect([...lines].sort((a, b) => b - a)).toEqual(lines);
  });

  it('--iptables-trace-logging: NFLOG in 1.24, accepted without effect in 1.25, an error from 1.26', () => {
    const args = '-b 80 --iptables-trace-logging';
    expect(run(args, '1.24').rules.some((r) => r.includes('NFLOG'))).toBe(true);
    expect(run(args, '1.24').shown).toEqual([]);
    expect(run(args, '1.25')).toMatchObject({ shown: ['info:profile-unsupported-flag@7'] });
    expect(run(args, '1.25').rules.some((r) => r.includes('NFLOG'))).toBe(false);
    for (const v of ['1.26', '1.27', '1.30', 'latest'] as const)
      expect(run(args, v).shown, v).toEqual(['error:profile-unsupported-flag@7']);
  });

  it('an unreadable -i item: skipped with a warning before 1.27, fatal from 1.27', () => {
    const args = '-i 10.0.0.1,10.1.0.0/16';
    for (const v of ['1.24', '1.25', '1.26'] as const) {
      const r = run(args, v);
      expect(r.shown, v).toEqual(['warning:bad-cidr@4']);
      expect(r.rules, v).toContain('-A ISTIO_OUTPUT -d 10.1.0.0/16 -j ISTIO_REDIRECT');
    }
    for (const v of ['1.27', '1.30', 'latest'] as const)
      expect(run(args, v).shown, v).toEqual(['error:bad-cidr@4']);
  });

  it('--native-nftables exists from 1.27, --force-iptables-binary from 1.28 (located errors before)', () => {
    expect(run('--native-nftables', '1.26').shown).toEqual(['error:profile-unsupported-flag@1']);
    expect(run('--native-nftables', '1.27').shown).toEqual([]);
    expect(run('--force-iptables-binary nft', '1.27').shown).toEqual([
      'error:profile-unsupported-flag@1',
    ]);
    expect(run('--force-iptables-binary nft', '1.30').shown).toEqual([]);
    expect(hasOption('1.27', 'nativeNftables')).toBe(true);
    expect(hasOption('1.25', 'nativeNftables')).toBe(false);
    expect(optionStatus('1.25', 'iptablesTraceLogging')).toBe('no-effect');
    expect(optionStatus('1.26', 'iptablesTraceLogging')).toBe('removed');
  });

  it('--reconcile, --cleanup-only, --force-apply came with 1.24 (older eras warn and ignore)', () => {
    expect(run('--reconcile', '1.24').shown).toEqual([]);
    expect(run('--reconcile', '1.20').shown).toEqual(['warning:profile-unsupported-flag@1']);
  });

  it('an option the era lacks is reported when written, even with the default value', () => {
    // 1.0 had one port both ways: `-z 15006` equals today's default but the script had no -z.
    expect(run('-p 15001 -z 15006 -b 9080', '1.0').shown).toEqual([
      'warning:profile-unsupported-flag@10',
    ]);
    expect(run('-p 15001 -b 9080', '1.0').shown).toEqual([]);
  });
});
