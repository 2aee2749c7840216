import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.ts';

const FLAGS = ['-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-b', '*'];
const APP_OUT =
  '{"id":"app-out","direction":"outbound","uid":1000,"dst":"10.44.0.9","dport":9080}\n';

async function nftRules(output: 'restore' | 'save'): Promise<string> {
  const r = await runCli(['istio-iptables', '--native-nftables', '--output', output, ...FLAGS]);
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('intercept trace with nftables rules', () => {
  it.each(['restore', 'save'] as const)(
    'traces through an nft -f script or nft list ruleset text (%s), rules named family/table/chain#N',
    async (output) => {
      const r = await runCli(['trace', '--rules', 'rules.nft'], {
        stdin: APP_OUT,
        files: { 'rules.nft': await nftRules(output) },
      });
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(out['final']).toBe('REDIRECT:15001');
      const matched = out['matched'] as string[];
      expect(matched[0]).toBe('inet/istio-proxy-nat/output#1');
      expect(matched.at(-1)).toBe('inet/istio-proxy-nat/istio-redirect#1');
      expect(matched.every((m) => /^inet\/istio-proxy-[a-z]+\/[a-z-]+#[1-9][0-9]*$/.test(m))).toBe(
        true,
      );
    },
  );

  it('exits 2 with a located message when nft would refuse the program', async () => {
    const r = await runCli(['trace', '--rules', 'bad.nft'], {
      stdin: APP_OUT,
      files: { 'bad.nft': 'add table inet t\nadd rule inet t missing-chain accept\n' },
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad\.nft/);
  });

  it('reports what nf_tables would refuse at load time on stderr and simulates anyway', async () => {
    const rules =
      'table ip t {\n chain o { type nat hook output priority -100; snat to 10.0.0.1\n }\n}\n';
    const r = await runCli(['trace', '--rules', 'snat.nft'], {
      stdin: APP_OUT,
      files: { 'snat.nft': rules },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/snat\.nft.*error: ip\/t\/o#1: snat is not allowed/);
    expect((JSON.parse(r.stdout) as { matched: string[] }).matched).toEqual(['ip/t/o#1']);
  });
});
