import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.ts';

const INJECTED = [
  '-p',
  '15001',
  '-z',
  '15006',
  '-u',
  '1337',
  '-m',
  'REDIRECT',
  '-i',
  '*',
  '-x',
  '',
  '-b',
  '*',
  '-d',
  '15090,15021,15020',
];

describe('intercept istio-iptables', () => {
  it('prints the IPv4 restore input by default', async () => {
    const r = await runCli(['istio-iptables', ...INJECTED]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('* nat\n-N ISTIO_INBOUND\n')).toBe(true);
    expect(r.stdout).toContain('-A OUTPUT -j ISTIO_OUTPUT\n');
    expect(r.stdout).toContain('-A ISTIO_OUTPUT -j ISTIO_REDIRECT\nCOMMIT\n');
    expect(r.stdout.match(/^COMMIT$/gm)).toHaveLength(1);
  });

  it('adds a blank line and the IPv6 input with --ipv6', async () => {
    const r = await runCli(['istio-iptables', '--ipv6', ...INJECTED]);
    expect(r.code).toBe(0);
    const [v4, v6, ...rest] = r.stdout.split('\n\n');
    expect(rest).toEqual([]);
    expect(v4).toContain('-d 127.0.0.1/32 -j RETURN');
    expect(v6).toContain('-A ISTIO_OUTPUT -o lo -s ::6/128 -j RETURN');
    expect(v6).not.toContain('127.0.0.1');
  });

  it('--family selects one family of the restore input', async () => {
    const r = await runCli(['istio-iptables', '--ipv6', '--family=6', ...INJECTED]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('::1/128');
    expect(r.stdout).not.toContain('127.0.0.1');
  });

  it('accepts a leading istio-iptables or pilot-agent istio-iptables word, and our options anywhere', async () => {
    const plain = await runCli(['istio-iptables', '--output', 'dry-run', ...INJECTED]);
    const word = await runCli([
      'istio-iptables',
      'istio-iptables',
      '--output=dry-run',
      ...INJECTED,
    ]);
    const agent = await runCli([
      'istio-iptables',
      'pilot-agent',
      'istio-iptables',
      ...INJECTED,
      '--output',
      'dry-run',
    ]);
    expect(plain.code).toBe(0);
    expect(plain.stdout.split('\n')[0]).toBe('iptables-save');
    expect(word.stdout).toBe(plain.stdout);
    expect(agent.stdout).toBe(plain.stdout);
  });

  it('reads Istio environment variables through io.env, and flags beat them', async () => {
    const fromEnv = await runCli(['istio-iptables'], {
      env: { ISTIO_INBOUND_PORTS: '9080', INBOUND_CAPTURE_PORT: '16006' },
    });
    expect(fromEnv.stdout).toContain('-A ISTIO_INBOUND -p tcp --dport 9080 -j ISTIO_IN_REDIRECT\n');
    expect(fromEnv.stdout).toContain('-j REDIRECT --to-ports 16006\n');
    const flagWins = await runCli(['istio-iptables', '-b', '8080'], {
      env: { ISTIO_INBOUND_PORTS: '9080' },
    });
    expect(flagWins.stdout).toContain('--dport 8080 -j ISTIO_IN_REDIRECT');
    expect(flagWins.stdout).not.toContain('9080');
  });

  it('--dns-servers feeds DNS capture (IPv4 and IPv6 servers)', async () => {
    const r = await runCli([
      'istio-iptables',
      '--redirect-dns',
      '--ipv6',
      '--dns-servers',
      '10.96.0.10,fd00::a',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '-A ISTIO_OUTPUT_DNS -p udp --dport 53 -d 10.96.0.10/32 -j REDIRECT --to-port 15053\n',
    );
    expect(r.stdout).toContain(
      '-A ISTIO_OUTPUT_DNS -p tcp --dport 53 -d fd00::a/128 -j REDIRECT --to-ports 15053\n',
    );
  });

  it('prints generator warnings on stderr, located at the flag, and still succeeds', async () => {
    const r = await runCli(['istio-iptables', '-b', '*', '--redirect-dns']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('args:1:6: warning: REDIRECT_DNS is set');
    expect(r.stderr).toContain('[dns-capture-disabled]');
    expect(r.stdout).not.toContain('ISTIO_OUTPUT_DNS');
  });

  it('runs older profiles, warning about flags their era did not have', async () => {
    const r = await runCli([
      'istio-iptables',
      '--istio-version',
      '1.0',
      '-p',
      '15001',
      '-z',
      '15007',
      '-u',
      '1337',
      '-b',
      '9080',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-port 15001\n');
    expect(r.stderr).toContain(
      '--inbound-capture-port (-z) does not exist in the Istio 1.0 profile',
    );
    expect(r.stderr).toContain('[profile-unsupported-flag]');
  });

  it.each([
    [['--bogus'], '--bogus'],
    [['-p', '99999'], '--envoy-port'],
    [['-b', '80,abc'], '--istio-inbound-ports'],
    [['-x', '*'], 'OUTBOUND_IP_RANGES_EXCLUDE'],
    [['-i', '10.0.0.1'], '--istio-service-cidr'],
    [['-u'], "'u'"],
    [['--istio-version', '2.0'], '--istio-version'],
    [['--output', 'xml'], '--output'],
    [['--output'], '--output'],
    [['--family', '5'], '--family'],
    [['--family', '6'], '--family 6'],
    [['--output', 'dry-run', '--family', '4'], '--family'],
  ])('exits 2 with nothing on stdout for %j, naming %s', async (args, named) => {
    const r = await runCli(['istio-iptables', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(named);
  });

  it('--output save prints what iptables-save shows after loading the rules (per family)', async () => {
    const r = await runCli(['istio-iptables', '--output', 'save', ...INJECTED]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['*nat', ':PREROUTING ACCEPT [0:0]']);
    expect(r.stdout).toContain('-A ISTIO_INBOUND -p tcp -m tcp --dport 15008 -j RETURN\n');
    expect(r.stdout).not.toContain('# Generated by');
    const v6 = await runCli([
      'istio-iptables',
      '--output',
      'save',
      '--ipv6',
      '--family',
      '6',
      ...INJECTED,
    ]);
    expect(v6.stdout).toContain('-A ISTIO_OUTPUT -s ::6/128 -o lo -j RETURN\n');
  });

  it('--output list prints the -nvL listing of every table the rules touch', async () => {
    const r = await runCli(['istio-iptables', '--output', 'list', '-m', 'TPROXY', '-b', '*']);
    expect(r.code).toBe(0);
    const headers = r.stdout.split('\n').filter((l) => l.startsWith('Chain PREROUTING'));
    expect(headers).toHaveLength(2);
    expect(r.stdout).toContain('Chain ISTIO_TPROXY (1 references)');
    expect(r.stdout).toContain('Chain ISTIO_REDIRECT (0 references)');
  });

  it('--output save refuses rules the kernel would refuse (an owner group the host cannot resolve)', async () => {
    const r = await runCli(['istio-iptables', '--output', 'save'], {
      env: { ISTIO_OUTBOUND_OWNER_GROUPS: 'java' },
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--gid-owner');
  });

  it('prints its usage for --help', async () => {
    const r = await runCli(['istio-iptables', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('intercept istio-iptables [options]');
    expect(r.stdout).toContain('--istio-version');
  });
});
