import { describe, expect, it } from 'vitest';
import { applyNftCommands } from '../nftables/state.ts';
import { renderNftList } from '../nftables/render-list.ts';
import { renderNftScript } from '../nftables/script.ts';
import { DEFAULT_AMBIENT_CONFIG, type AmbientConfig } from './config.ts';
import { generateAmbientNftables } from './nft.ts';

const gen = (config: Partial<AmbientConfig> = {}, hostProbe = false) =>
  generateAmbientNftables({ ...DEFAULT_AMBIENT_CONFIG, ...config }, { hostProbe });

describe('generateAmbientNftables', () => {
  it('writes the raw table only when the pod’s DNS is captured; the annotation wins', () => {
    const tables = (c: Partial<AmbientConfig>) =>
      gen(c).commands.flatMap((x) => (x.kind === 'add-table' ? [x.table] : []));
    expect(tables({ redirectDns: true })).toContain('istio-ambient-raw');
    expect(tables({ redirectDns: true, podDns: 'off' })).not.toContain('istio-ambient-raw');
    expect(tables({ podDns: 'on' })).toContain('istio-ambient-raw');
  });

  it('keeps the connmark and the reply accept in ingress mode, drops the inbound capture', () => {
    const script = renderNftScript(gen({ ingressMode: true }).commands);
    expect(script).toContain('ct mark set ct mark & 0xfffff000 |  0x111');
    expect(script).not.toContain('redirect to :15006');
    expect(script).not.toContain('ip saddr 169.254.7.127');
    expect(script).toContain('ip daddr 169.254.7.127 counter accept');
  });

  it('gives every rule an origin and IPv6 twins only with IPv6', () => {
    const v4 = gen({ redirectDns: true });
    const v6 = gen({ redirectDns: true, enableIPv6: true });
    expect(v4.rules.every((r) => r.origin.reason.length > 0)).toBe(true);
    expect(v4.rules.some((r) => r.rule.includes('ip6'))).toBe(false);
    expect(v6.rules.filter((r) => r.rule.includes('ip6 '))).toHaveLength(6);
    expect(v6.setup).toContain('ip -6 rule add fwmark 0x111/0xfff pref 32764 lookup 100');
  });

  it('host probe: the sets come first, the rules load on them, and nothing else', () => {
    const out = gen({ enableIPv6: true, kubeletUid: '1000' }, true);
    expect(out.setup).toEqual([]);
    expect(renderNftScript(out.sets)).toBe(
      'add table inet istio-ambient-nat\n' +
        'add set inet istio-ambient-nat istio-inpod-probes-v4 { type ipv4_addr ; comment "UUID of the pods that are part of ambient mesh" ; }\n' +
        'add set inet istio-ambient-nat istio-inpod-probes-v6 { type ipv6_addr ; comment "UUID of the pods that are part of ambient mesh" ; }\n',
    );
    expect(applyNftCommands(out.commands).diagnostics).toHaveLength(1);
    const loaded = applyNftCommands([...out.sets, ...out.commands]);
    expect(loaded.diagnostics).toEqual([]);
    expect(renderNftList(loaded.value)).toContain(
      'meta l4proto tcp meta skuid 1000 ip6 daddr @istio-inpod-probes-v6 counter packets 0 bytes 0 snat ip6 to fd16:9254:7127:1337:ffff:ffff:ffff:ffff',
    );
  });
});
