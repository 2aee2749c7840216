import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.ts';

async function istioRules(...flags: string[]): Promise<string> {
  const r = await runCli(['istio-iptables', ...flags]);
  expect(r.code).toBe(0);
  return r.stdout;
}

const DEFAULT_FLAGS = [
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
  '-b',
  '*',
];

function lines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('intercept trace', () => {
  it('reproduces the worked example of CONTRACTS.md §3', async () => {
    const rules = await istioRules(...DEFAULT_FLAGS);
    const stdin =
      '{"id":"app-out","direction":"outbound","uid":1000,"dst":"10.44.0.9","dport":9080}\n';
    const r = await runCli(['trace', '--rules', 'rules.txt'], {
      stdin,
      files: { 'rules.txt': rules },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [out] = lines(r.stdout);
    expect(out).toMatchObject({
      id: 'app-out',
      matched: ['nat/OUTPUT#1', 'nat/ISTIO_OUTPUT#9', 'nat/ISTIO_REDIRECT#1'],
      matched_after_loopback: [],
      final: 'REDIRECT:15001',
    });
    expect(Object.keys(out ?? {}).slice(0, 4)).toEqual([
      'id',
      'matched',
      'matched_after_loopback',
      'final',
    ]);
  });

  it('answers in input order, reads a packets file, and adds steps on request', async () => {
    const rules = await istioRules(...DEFAULT_FLAGS);
    const packets = [
      '{"id":"in","direction":"inbound","dport":9080}',
      '',
      '{"id":"tunnel","direction":"inbound","dport":15008}',
      '{"id":"envoy","uid":1337,"dst":"10.44.0.9","dport":9080}',
    ].join('\n');
    const r = await runCli(['trace', '--rules', 'r', '--steps', 'p.jsonl'], {
      files: { r: rules, 'p.jsonl': packets },
    });
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out.map((o) => [o.id, o.final])).toEqual([
      ['in', 'REDIRECT:15006'],
      ['tunnel', 'ACCEPT'],
      ['envoy', 'ACCEPT'],
    ]);
    expect(Array.isArray(out[0]?.steps)).toBe(true);
  });

  it('splits an IPv4-then-IPv6 rules file and honours --pod-ip/--pod-ip6', async () => {
    const rules = await istioRules(...DEFAULT_FLAGS, '--ipv6');
    const stdin = [
      '{"id":"v6","direction":"inbound","dst":"fd00:1::7","dport":9080}',
      '{"id":"v4","direction":"inbound","dst":"10.1.0.7","dport":15008}',
    ].join('\n');
    const r = await runCli(
      ['trace', '--rules', 'r', '--pod-ip', '10.1.0.7/16', '--pod-ip6', 'fd00:1::7'],
      { stdin, files: { r: rules } },
    );
    expect(r.code).toBe(0);
    const [v6, v4] = lines(r.stdout);
    expect(v6).toMatchObject({
      final: 'REDIRECT:15006',
      delivered: { packet: { src: 'fd00:1::1', dst: 'fd00:1::7' } },
    });
    expect(v4).toMatchObject({
      final: 'ACCEPT',
      matched: ['nat/PREROUTING#1', 'nat/ISTIO_INBOUND#1'],
    });
  });

  it('shows a routing refusal: a loopback source on a route out of eth0 (EINVAL)', async () => {
    const rules = await istioRules(...DEFAULT_FLAGS, '--ipv6');
    const stdin = [
      '{"id":"v4","proto":"udp","src":"127.0.0.6","dst":"10.96.0.10","dport":53,"uid":1000}',
      '{"id":"v6","proto":"udp","src":"::1","dst":"fd00:96::10","dport":53,"uid":1000}',
      '{"id":"ok","src":"127.0.0.6","dst":"10.44.0.5","dport":9080,"uid":1337}',
    ].join('\n');
    const r = await runCli(['trace', '--rules', 'r'], { stdin, files: { r: rules } });
    expect(r.code).toBe(0);
    const [v4, v6, ok] = lines(r.stdout);
    expect(v4).toMatchObject({
      matched: [],
      final: 'DROP',
      delivered: {
        kind: 'refused',
        at: 'send',
        refusal: { cause: 'loopback-source', errno: 'EINVAL', src: '127.0.0.6', oif: 'eth0' },
      },
      routing: [{ id: 'route.loopback-source' }],
    });
    expect((v4?.routing as { message: string }[])[0]?.message).toMatch(
      /^Routing refuses the packet before the OUTPUT hook \(EINVAL\): its source 127\.0\.0\.6/,
    );
    expect(v6).toMatchObject({
      delivered: { kind: 'sent', oif: 'eth0' },
      routing: [{ id: 'route.loopback-source-leaves-node' }],
    });
    expect(ok).not.toHaveProperty('routing');
    expect(ok).toMatchObject({ delivered: { kind: 'local', iif: 'lo' } });
  });

  it('exits 2 with the line number on a bad JSON line and prints nothing on stdout', async () => {
    const rules = await istioRules(...DEFAULT_FLAGS);
    const stdin = '{"id":"a","dst":"10.44.0.9","dport":80}\n{"id": nope}\n';
    const r = await runCli(['trace', '--rules', 'r'], { stdin, files: { r: rules } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/stdin:2: invalid JSON/);
  });

  it('exits 2 on an invalid packet, naming the line and the field', async () => {
    const rules = await istioRules(...DEFAULT_FLAGS);
    const r = await runCli(['trace', '--rules', 'r', '-'], {
      stdin: '{"dst":"10.44.0.9","dport":99999}',
      files: { r: rules },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stdin:1: dport: expected an integer 1\.\.65535/);
    const inbound = await runCli(['trace', '--rules', 'r'], {
      stdin: '{"direction":"inbound","dst":"8.8.8.8","dport":1}',
      files: { r: rules },
    });
    expect(inbound.code).toBe(2);
    expect(inbound.stderr).toMatch(/must be addressed to the pod/);
  });

  it('exits 2 on bad options and unreadable files', async () => {
    expect((await runCli(['trace'], { stdin: '' })).code).toBe(2);
    const badIp = await runCli(['trace', '--rules', 'r', '--pod-ip', 'nope'], { files: { r: '' } });
    expect(badIp.code).toBe(2);
    expect(badIp.stderr).toMatch(/--pod-ip/);
    const missing = await runCli(['trace', '--rules', 'absent.txt'], { stdin: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read absent\.txt/);
    const badRules = await runCli(['trace', '--rules', 'r'], {
      stdin: '',
      files: { r: '*nat\n-A NOPE -j ACCEPT\nCOMMIT\n' },
    });
    expect(badRules.code).toBe(2);
    expect(badRules.stderr).toMatch(/r:2:/);
  });

  it('reports rules the kernel would refuse to load on stderr and simulates anyway', async () => {
    const rules =
      '*nat\n:L - [0:0]\n:O - [0:0]\n-A PREROUTING -j O\n-A O -m owner --uid-owner 1 -j RETURN\n-A OUTPUT -p tcp -j L\n-A L -j L\nCOMMIT\n';
    const stdin =
      '{"id":"in","direction":"inbound","dport":80}\n{"id":"out","uid":1000,"dst":"10.44.0.9","dport":80}\n';
    const r = await runCli(['trace', '--rules', 'r'], { stdin, files: { r: rules } });
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n').sort()).toEqual([
      'r:5:1: error: match owner is only valid from OUTPUT/POSTROUTING, but O is reached from PREROUTING [kernel-rejects]',
      'r:7:1: error: jump from L to L closes a loop (the kernel refuses it: Too many links) [jump-loop]',
    ]);
    const [inbound, outbound] = lines(r.stdout);
    expect(inbound).toMatchObject({ id: 'in', matched: ['nat/PREROUTING#1'], final: 'ACCEPT' });
    expect(outbound).toMatchObject({ id: 'out', matched: ['nat/OUTPUT#1', 'nat/L#1'] });
    expect(JSON.stringify(outbound?.diagnostics)).toContain('jump-loop');
    // Any other error in the same file still stops the command.
    const worse = await runCli(['trace', '--rules', 'r'], {
      stdin,
      files: { r: rules.replace('COMMIT', '-A NOPE -j ACCEPT\nCOMMIT') },
    });
    expect(worse.code).toBe(2);
    expect(worse.stdout).toBe('');
    expect(worse.stderr).toMatch(/r:8:4: error: .*\[unknown-chain\]/);
  });

  it('prints usage with --help', async () => {
    const r = await runCli(['trace', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--rules FILE/);
  });
});
