import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyNftCommands, parseNft, renderNftList } from '../../../src/core/index.ts';
import { runCli } from '../../support/cli.ts';
import { loadNftCaptureCases, NFT_REFERENCE_DIR, readNftReference } from './reference.ts';

/**
 * `nft list ruleset` (nftables 1.0.6) after loading each Istio golden into an empty namespace,
 * recorded in nft-list/: our parse → apply → render must print it byte for byte, and the printed
 * listing must parse back to itself (nft's fixed point).
 */

/**
 * The host-probe goldens refer to the named sets istio-cni creates beforehand (host_sets.go);
 * their listings were recorded after this prelude (sets + one element) was loaded first.
 */
const PRELUDE: Readonly<Record<string, string>> = {
  'ambient/hostprobe': 'nft-list/ambient/hostprobe-sets.prelude.nft',
  'ambient/hostprobe_ipv6': 'nft-list/ambient/hostprobe-sets.prelude.nft',
};

/** The kernel refuses unknown group names; the listings were made with these numbers instead. */
const GROUP_NUMBERS: Readonly<Record<string, string>> = { java: '4242', ftp: '4343' };

function goldens(): string[] {
  const names: string[] = [];
  for (const sub of ['', 'builder/', 'ambient/']) {
    for (const f of readdirSync(`${NFT_REFERENCE_DIR}golden/${sub}`)) {
      if (f.endsWith('.golden') && f !== 'add-table-chain.golden')
        names.push(`${sub}${f.slice(0, -7)}`);
    }
  }
  return names;
}

function listOf(script: string): string {
  const parsed = parseNft(script);
  expect(parsed.diagnostics).toEqual([]);
  const applied = applyNftCommands(parsed.value);
  expect(applied.diagnostics).toEqual([]);
  return renderNftList(applied.value);
}

describe('nft list ruleset of every Istio golden', () => {
  const all = goldens();
  it('covers 28 capture, 8 builder and 14 ambient goldens', () => {
    expect(all).toHaveLength(50);
  });
  for (const name of all) {
    const prelude = PRELUDE[name];
    it(`${name}${prelude === undefined ? '' : ' (after the sets prelude)'}`, () => {
      const golden = readNftReference(`golden/${name}.golden`).replace(
        /(skgid (?:!= )?)(java|ftp)\b/g,
        (_m, pre: string, g: string) => `${pre}${GROUP_NUMBERS[g] ?? g}`,
      );
      const script = (prelude === undefined ? '' : readNftReference(prelude)) + golden;
      const expected = readNftReference(`nft-list/${name}.list`);
      const list = listOf(script);
      expect(list).toBe(expected);
      expect(listOf(list)).toBe(expected);
    });
  }

  it('refuses a host-probe golden without its sets, as nft does', () => {
    const parsed = parseNft(readNftReference('golden/ambient/hostprobe.golden'));
    expect(parsed.diagnostics).toEqual([]);
    const applied = applyNftCommands(parsed.value);
    expect(applied.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('No such file or directory (set istio-inpod-probes-v4)'),
    ]);
  });
});

describe('CLI: nftables save (CONTRACTS §1, §2)', () => {
  const capture = loadNftCaptureCases().filter((c) => !c.name.includes('owner-groups'));

  for (const c of capture) {
    it(`istio-iptables --output save ${c.name}`, async () => {
      const args = ['istio-iptables', '--output', 'save', ...c.flags];
      if (c.config['EnableIPv6'] === true) args.push('--ipv6');
      const servers = [
        ...((c.config['DNSServersV4'] as string[] | undefined) ?? []),
        ...((c.config['DNSServersV6'] as string[] | undefined) ?? []),
      ];
      if (servers.length > 0) args.push('--dns-servers', servers.join(','));
      const result = await runCli(args, { env: c.env });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(readNftReference(`nft-list/${c.name}.list`));
    });
  }

  it('intercept save reads an nft -f script and an nft list ruleset alike', async () => {
    const script = readNftReference('golden/tproxy.golden');
    const expected = readNftReference('nft-list/tproxy.list');
    expect((await runCli(['save'], { stdin: script })).stdout).toBe(expected);
    expect((await runCli(['save'], { stdin: expected })).stdout).toBe(expected);
  });

  it('intercept save reads sets: the host-probe golden after its sets prelude', async () => {
    const script =
      readNftReference('nft-list/ambient/hostprobe-sets.prelude.nft') +
      readNftReference('golden/ambient/hostprobe_ipv6.golden');
    const result = await runCli(['save'], { stdin: script });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readNftReference('nft-list/ambient/hostprobe_ipv6.list'));
  });

  it('intercept save: a located error for a bad rule, nothing on stdout', async () => {
    const result = await runCli(['save'], {
      stdin: 'add table inet t\nadd chain inet t c\nadd rule inet t c tcp dport 22 frobnicate\n',
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      "<stdin>:3:32: error: Error: syntax error, unexpected 'frobnicate'",
    );
  });
});
