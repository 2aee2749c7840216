import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, generateNftables, renderNftScript } from '../../../src/core/index.ts';
import { configForCase } from '../generator/reference.ts';
import { runCli } from '../../support/cli.ts';
import { loadNftCaptureCases, readNftReference, type NftCaptureCase } from './reference.ts';

/**
 * Istio's nftables capture test (tools/istio-nftables/pkg/capture/run_test.go — TestNftables),
 * driven by the vendored cases.json: every golden byte for byte (after trimming, as upstream
 * compares) through the CLI as CONTRACTS.md §1 runs it, and through generateNftables; the 1.27.9
 * goldens (no `counter`) through the `plain` backend era.
 */

/** Upstream HEAD's TestNftables has 28 cases; fewer means a fixture went missing. */
const CAPTURE_CASES = 28;

const cases = loadNftCaptureCases();

function cliArgs(c: NftCaptureCase): string[] {
  const args = ['istio-iptables', '--output', 'dry-run', ...c.flags];
  if (c.config['EnableIPv6'] === true) args.push('--ipv6');
  const servers = [
    ...((c.config['DNSServersV4'] as string[] | undefined) ?? []),
    ...((c.config['DNSServersV6'] as string[] | undefined) ?? []),
  ];
  if (servers.length > 0) args.push('--dns-servers', servers.join(','));
  return args;
}

const configOf = (c: NftCaptureCase) =>
  configForCase({ ...DEFAULT_CONFIG, nativeNftables: true }, { ...c, goldenStatus: 'head' });

describe('istio-nftables capture goldens', () => {
  it(`has all ${CAPTURE_CASES} upstream cases, each with its golden and 1.27.9 golden`, () => {
    expect(cases).toHaveLength(CAPTURE_CASES);
    for (const c of cases) {
      expect(readNftReference(c.golden).length, c.golden).toBeGreaterThan(0);
      const history = c.golden.replace('golden/', 'golden-history/1.27.9/');
      expect(readNftReference(history).length, history).toBeGreaterThan(0);
    }
  });

  describe('through generateNftables with the upstream test config', () => {
    for (const c of cases) {
      it(c.name, () => {
        const out = generateNftables(configOf(c));
        expect(renderNftScript(out.commands).trim()).toBe(readNftReference(c.golden).trim());
      });
    }
  });

  describe('1.27.9 (no counter)', () => {
    for (const c of cases) {
      it(c.name, () => {
        const out = generateNftables(configOf(c), 'latest', 'plain');
        const history = c.golden.replace('golden/', 'golden-history/1.27.9/');
        expect(renderNftScript(out.commands).trim()).toBe(readNftReference(history).trim());
      });
    }
  });

  describe('through the CLI in-process (CONTRACTS.md §1 golden check)', () => {
    for (const c of cases) {
      it(c.name, async () => {
        const result = await runCli(cliArgs(c), { env: c.env });
        expect(result.stderr.split('\n').filter((l) => l.includes('error'))).toEqual([]);
        expect(result.code).toBe(0);
        expect(result.stdout.trim()).toBe(readNftReference(c.golden).trim());
      });
    }
  });

  it('refuses --native-nftables in a profile before 1.27, located at the flag', async () => {
    const result = await runCli([
      'istio-iptables',
      '--istio-version',
      '1.25',
      '-p',
      '15001',
      '--native-nftables',
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /args:1:10: error: --native-nftables: .*1\.27.*profile-unsupported-flag/,
    );
  });

  it('refuses --output list with nftables', async () => {
    const result = await runCli(['istio-iptables', '--output', 'list', '--native-nftables']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--output list');
  });
});
