import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.ts';

const ISTIO_NAT = `* nat
-N ISTIO_REDIRECT
-N ISTIO_OUTPUT
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-port 15001
-A OUTPUT -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
-A ISTIO_OUTPUT -j ISTIO_REDIRECT
COMMIT
`;

const ISTIO_NAT_SAVED = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:ISTIO_OUTPUT - [0:0]
:ISTIO_REDIRECT - [0:0]
-A OUTPUT -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
-A ISTIO_OUTPUT -j ISTIO_REDIRECT
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
COMMIT
`;

describe('intercept save', () => {
  it('prints the canonical iptables-save of a file', async () => {
    const r = await runCli(['save', 'rules.txt'], { files: { 'rules.txt': ISTIO_NAT } });
    expect(r).toEqual({ code: 0, stdout: ISTIO_NAT_SAVED, stderr: '' });
  });

  it('reads standard input for - and for no FILE', async () => {
    for (const argv of [['save', '-'], ['save']]) {
      const r = await runCli(argv, { stdin: ISTIO_NAT });
      expect(r.stdout).toBe(ISTIO_NAT_SAVED);
      expect(r.code).toBe(0);
    }
  });

  it('exits 2 with line:col and nothing on stdout when the kernel would refuse the input', async () => {
    const r = await runCli(['save'], {
      stdin: '*filter\n-A INPUT -j ACCEPT\n-A NOPE -j DROP\nCOMMIT\n',
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/<stdin>:3:4: error: Chain 'NOPE' does not exist/);
  });

  it('exits 2 naming the line and chain when chains nest 16 levels deep (the kernel refuses it)', async () => {
    const chains = Array.from({ length: 20 }, (_, i) => `-N D${i}`);
    const links = Array.from({ length: 19 }, (_, i) => `-A D${i} -j D${i + 1}`);
    const text = ['*filter', ...chains, '-A OUTPUT -j D0', ...links, 'COMMIT', ''].join('\n');
    const r = await runCli(['save', 'deep.rules'], { files: { 'deep.rules': text } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    // The kernel: "line 37: RULE_APPEND failed (Too many links): rule in chain D14".
    expect(r.stderr).toMatch(
      /^deep\.rules:37:1: error: RULE_APPEND failed \(Too many links\): rule in chain D14 /m,
    );
  });

  it('reports a missing COMMIT and an unknown table', async () => {
    const truncated = await runCli(['save', 'f'], { files: { f: '*nat\n-A OUTPUT -j RETURN\n' } });
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toContain('f:1:1: error: COMMIT expected');
    const table = await runCli(['save'], { stdin: '*bogus\nCOMMIT\n' });
    expect(table.code).toBe(2);
    expect(table.stderr).toContain("<stdin>:1:1: error: table 'bogus' does not exist");
  });

  it('keeps unknown matches verbatim with a warning and exit 0', async () => {
    const r = await runCli(['save'], {
      stdin: '*filter\n-A INPUT -m quota --quota 5 -j ACCEPT\nCOMMIT\n',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-A INPUT -m quota --quota 5 -j ACCEPT\n');
    expect(r.stderr).toContain('warning');
  });

  it('renders IPv6 with --family 6 and splits IPv4-then-IPv6 generator output', async () => {
    const both = `${ISTIO_NAT}\n${ISTIO_NAT.replace('127.0.0.6/32', '::6/128').replace('127.0.0.1/32', '::1/128')}`;
    const v6 = await runCli(['save', '--family', '6'], { stdin: both });
    expect(v6.code).toBe(0);
    expect(v6.stdout).toContain('-A ISTIO_OUTPUT -s ::6/128 -o lo -j RETURN\n');
    const v4 = await runCli(['save'], { stdin: both });
    expect(v4.stdout).toBe(ISTIO_NAT_SAVED);
  });

  it('rejects a bad --family and extra arguments with exit 2', async () => {
    expect((await runCli(['save', '--family', '5'])).code).toBe(2);
    expect((await runCli(['save', 'a', 'b'], { files: { a: '', b: '' } })).code).toBe(2);
    expect((await runCli(['save', '--bogus'])).code).toBe(2);
    const missing = await runCli(['save', 'nope.txt']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read nope.txt');
  });

  it('prints nothing for empty input, like iptables-save of an empty namespace', async () => {
    expect(await runCli(['save'], { stdin: '' })).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
