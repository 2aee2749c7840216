import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { argvOf, loadAmbientCases, loadCniPluginCases, readAmbient, readNft } from './reference.ts';

const TEST_PROBE_SNAT6 = 'e9ac:1e77:90ca:399f:4d6d:ece2:2f9b:3164';

/**
 * CONTRACTS §5: the nftables variant of a case is its iptables line plus `--native-nftables`,
 * `--probe-snat6` (IPv6 cases) and `--kubelet-uid 1000` (host probe), in cases.json's order.
 */
function nftArgvOf(cli: string): string[] {
  const argv = argvOf(cli).filter(
    (a, i, all) => a !== '--probe-snat6' && all[i - 1] !== '--probe-snat6',
  );
  const extra = ['--native-nftables'];
  if (argv.includes('--host-probe')) extra.push('--kubelet-uid', '1000');
  if (argv.includes('--ipv6')) extra.push('--probe-snat6', TEST_PROBE_SNAT6);
  return [...argv, ...extra];
}

/**
 * Istio's istio-cni goldens (cni/pkg/iptables/testdata, cni/pkg/plugin/testdata), driven by the
 * vendored cases.json: each case's `cli` line plus `--output dry-run` (CONTRACTS.md §5, §6)
 * must print the golden byte for byte (ambient: after trimming, as upstream compares; plugin:
 * exactly), and `--output save` must print what the kernel's iptables-save printed after the
 * golden was loaded (kernel-save/, recorded with iptables 1.8.9 nf_tables).
 */

const ambient = loadAmbientCases();
const plugin = loadCniPluginCases();

describe('istio-cni ambient goldens', () => {
  it('has all 14 in-pod and host-probe cases and 9 plugin cases', () => {
    expect(ambient).toHaveLength(14);
    expect(plugin).toHaveLength(9);
  });

  describe('intercept ambient --output dry-run', () => {
    for (const c of ambient) {
      it(c.name, async () => {
        const result = await runCli([...argvOf(c.cli), '--output', 'dry-run']);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout.trim()).toBe(readAmbient(c.golden).trim());
      });
    }
  });

  describe('intercept ambient --native-nftables --output dry-run', () => {
    const nft = ambient.flatMap((c) =>
      c.nft === undefined ? [] : [{ ...c.nft, name: c.name, iptables: c.cli }],
    );
    it('has all 14 nftables counterparts', () => expect(nft).toHaveLength(14));
    for (const c of nft) {
      it(c.name, async () => {
        expect(argvOf(c.cli)).toEqual(nftArgvOf(c.iptables));
        const result = await runCli([...argvOf(c.cli), '--output', 'dry-run']);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout.trim()).toBe(readNft(c.golden).trim());
      });
    }
  });

  describe('intercept ambient --native-nftables --output save equals nft list ruleset', () => {
    // The host-probe listings were recorded after a sets prelude with an example element; the
    // kernel suite compares those (test/kernel/ambient-conformance.test.ts).
    const inpod = ambient.filter((c) => c.nft !== undefined && !c.cli.includes('--host-probe'));
    it('covers the 12 in-pod cases', () => expect(inpod).toHaveLength(12));
    for (const c of inpod) {
      it(c.name, async () => {
        const result = await runCli([...argvOf(c.nft?.cli ?? ''), '--output', 'save']);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).toBe(readNft(`nft-list/ambient/${c.name}.list`));
      });
    }
  });

  describe('intercept cni-plugin --output dry-run', () => {
    for (const c of plugin) {
      it(c.name, async () => {
        const result = await runCli([...argvOf(c.cli), '--output', 'dry-run']);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).toBe(readAmbient(c.golden));
      });
    }
  });

  describe('--output save equals the kernel’s iptables-save of the golden', () => {
    const saves = [...ambient, ...plugin].flatMap((c) =>
      c.kernelSave.map((path) => ({ c, path, family: path.endsWith('.v6.save') ? '6' : '4' })),
    );
    it('covers 30 print-backs', () => expect(saves).toHaveLength(30));
    for (const { c, path, family } of saves) {
      it(path, async () => {
        const result = await runCli([...argvOf(c.cli), '--output', 'save', '--family', family]);
        expect(result.code).toBe(0);
        expect(result.stdout).toBe(readAmbient(path));
      });
    }
  });
});
