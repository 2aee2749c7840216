import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../flags.ts';
import { generateNftables } from './generate-nft.ts';
import { renderNftScript } from '../../nftables/index.ts';

/**
 * `-o` (`--istio-local-outbound-ports-exclude`) has no upstream golden: NFTABLES.md §6 step 7 puts
 * one `tcp dport P return` and one `udp dport P return` per port in istio-output, right after
 * `[nat] output: jump istio-output` and before the 127.0.0.6 passthrough return.
 */
describe('nft outbound port exclusions (-o)', () => {
  const script = renderNftScript(
    generateNftables({ ...DEFAULT_CONFIG, istioLocalOutboundPortsExclude: '9080,9443' }).commands,
  );
  const lines = script.split('\n');

  it('writes a TCP and a UDP return per port, in order, after the output jump', () => {
    const jump = lines.findIndex((l) => l.endsWith('output counter jump istio-output'));
    expect(jump).toBeGreaterThan(0);
    expect(lines.slice(jump + 1, jump + 6)).toEqual([
      'add rule inet istio-proxy-nat istio-output tcp dport 9080 counter return',
      'add rule inet istio-proxy-nat istio-output udp dport 9080 counter return',
      'add rule inet istio-proxy-nat istio-output tcp dport 9443 counter return',
      'add rule inet istio-proxy-nat istio-output udp dport 9443 counter return',
      'add rule inet istio-proxy-nat istio-output oifname lo ip saddr 127.0.0.6/32 counter return',
    ]);
  });

  it('writes none without -o: the passthrough return follows the output jump', () => {
    const plain = renderNftScript(generateNftables(DEFAULT_CONFIG).commands).split('\n');
    const jump = plain.findIndex((l) => l.endsWith('output counter jump istio-output'));
    expect(plain[jump + 1]).toBe(
      'add rule inet istio-proxy-nat istio-output oifname lo ip saddr 127.0.0.6/32 counter return',
    );
  });
});
