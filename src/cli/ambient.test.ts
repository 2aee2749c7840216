import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.ts';

describe('intercept ambient', () => {
  it('prints the netlink policy route on stderr with the restore input', async () => {
    const r = await runCli(['ambient', '--ipv6']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('* mangle')).toHaveLength(3);
    expect(r.stderr).toContain('# netlink: ip rule add fwmark 0x111/0xfff pref 32764 lookup 100');
  });

  it.each([
    [['--pod-dns', 'maybe'], '--pod-dns'],
    [['--probe-snat', 'fd00::1'], '--probe-snat'],
    [['--family', '6'], '--family 6'],
    [['--output', 'list'], '--output'],
    [['--bogus'], 'bogus'],
  ])('refuses %j with exit 2 naming the option', async (args, named) => {
    const r = await runCli(['ambient', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(named);
  });
});

describe('intercept cni-plugin', () => {
  it('locates a bad annotation value inside its --annotation argument', async () => {
    const r = await runCli([
      'cni-plugin',
      '--annotation',
      'traffic.sidecar.istio.io/excludeOutboundPorts=80,99999',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--annotation:1:50: error:');
    expect(r.stderr).toContain('[bad-annotation]');
  });

  it('refuses a non-numeric runAsUser and warns about a non-boolean env', async () => {
    expect((await runCli(['cni-plugin', '--run-as-user', 'x'])).stderr).toContain('--run-as-user');
    const r = await runCli(['cni-plugin', '--proxy-env', 'INVALID_DROP=maybe']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('--proxy-env:1:14: warning:');
  });

  it('prints the mapped flags and the facts that differ from istio-init', async () => {
    const r = await runCli(['cni-plugin', '--output', 'flags']);
    const flags = JSON.parse(r.stdout) as { argv: string[]; facts: { kind: string }[] };
    expect(flags.argv).toContain('--cni-mode');
    expect(flags.facts.map((f) => f.kind)).toEqual([
      'inbound-exclude-order',
      'outbound-exclude-default',
    ]);
  });
});
