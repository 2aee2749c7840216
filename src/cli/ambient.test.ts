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

describe('intercept ambient --native-nftables', () => {
  it('restore: the host-probe sets, then the rules, ready for nft -f', async () => {
    const r = await runCli(['ambient', '--native-nftables', '--host-probe', '--kubelet-uid', '7']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toMatch(
      /^add set inet istio-ambient-nat istio-inpod-probes-v4 \{ type ipv4_addr ;/,
    );
    expect(r.stdout).toContain(
      'skuid 7 ip daddr @istio-inpod-probes-v4 counter snat to 169.254.7.127',
    );
  });

  it('save: what nft list ruleset prints, sets included', async () => {
    const r = await runCli(['ambient', '--native-nftables', '--host-probe', '--output', 'save']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\tset istio-inpod-probes-v4 {\n\t\ttype ipv4_addr\n');
    expect(r.stdout).toContain('type nat hook postrouting priority srcnat; policy accept;');
  });

  it('in-pod restore prints the netlink policy route on stderr', async () => {
    const r = await runCli(['ambient', '--native-nftables']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('add table inet istio-ambient-nat\n')).toBe(true);
    expect(r.stderr).toContain('# netlink: ip route add local 0.0.0.0/0 dev lo table 100');
  });

  it.each([
    [['--family', '4'], '--family'],
    [['--output', 'list'], '--output'],
  ])('refuses %j with exit 2', async (args, named) => {
    const r = await runCli(['ambient', '--native-nftables', ...args]);
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
