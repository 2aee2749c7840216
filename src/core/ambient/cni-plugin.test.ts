import { describe, expect, it } from 'vitest';
import { renderRestore } from '../generator/render-restore.ts';
import { generateCniPluginRules, mapCniPluginFlags, type PodEntrySpec } from './cni-plugin.ts';

const at = (key: string, value: string, start: number): PodEntrySpec => ({
  key,
  value,
  range: { start, end: start + value.length, line: 3, column: start + 1 },
});

describe('mapCniPluginFlags', () => {
  it('maps the defaults the way the plugin does (15020 excluded both ways)', () => {
    const { value, diagnostics } = mapCniPluginFlags({ annotations: [], proxyEnv: [] });
    expect(diagnostics).toEqual([]);
    expect(value.argv).toEqual(
      ['-p', '15001', '-z', '15006', '-e', '15008', '-m', 'REDIRECT', '-u', '1337', '-g', '1337']
        .concat(['-t', '1337', '-r', '133', '-i', '*', '-x', '', '-b', '*'])
        .concat(['-d', '15020,15021,15090', '-o', '15020', '--cni-mode']),
    );
    expect(value.facts).toEqual([
      { kind: 'inbound-exclude-order', cni: '15020,15021,15090', istioInit: '15090,15021,15020' },
      { kind: 'outbound-exclude-default', ports: '15020' },
    ]);
  });

  it('appends the always-excluded ports to an exclusion annotation, first occurrence kept', () => {
    const pod = {
      annotations: [at('traffic.sidecar.istio.io/excludeInboundPorts', '15090,8080', 0)],
      proxyEnv: [],
    };
    const { argv } = mapCniPluginFlags(pod).value;
    expect(argv[argv.indexOf('-d') + 1]).toBe('15090,8080,15020,15021');
  });

  it('locates a bad port inside the annotation value', () => {
    const pod = {
      annotations: [at('traffic.sidecar.istio.io/excludeOutboundPorts', '80,99999', 10)],
      proxyEnv: [],
    };
    const [d] = mapCniPluginFlags(pod).diagnostics;
    expect(d?.code).toBe('bad-annotation');
    expect(d?.severity).toBe('error');
    expect(d?.range).toEqual({ start: 13, end: 18, line: 3, column: 14 });
  });

  it('refuses an unknown interception mode and a bad CIDR', () => {
    const pod = {
      annotations: [
        at('sidecar.istio.io/interceptionMode', 'NAT', 0),
        at('traffic.sidecar.istio.io/includeOutboundIPRanges', '10.0.0.0/8,10.1', 0),
      ],
      proxyEnv: [],
    };
    const codes = mapCniPluginFlags(pod).diagnostics.map((d) => [d.code, d.subject]);
    expect(codes).toEqual([
      ['bad-annotation', 'sidecar.istio.io/interceptionMode'],
      ['bad-annotation', 'traffic.sidecar.istio.io/includeOutboundIPRanges'],
    ]);
  });

  it('warns about an unread Istio annotation and a non-boolean env, and ignores them', () => {
    const pod = {
      annotations: [at('traffic.sidecar.istio.io/includeInboundPort', '80', 0)],
      proxyEnv: [at('INVALID_DROP', 'yes', 0)],
    };
    const { value, diagnostics } = mapCniPluginFlags(pod);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['ignored-annotation', 'warning'],
      ['ignored-annotation', 'warning'],
    ]);
    expect(value.argv).not.toContain('--drop-invalid');
  });

  it('treats runAsUser 0 as unset and reports the security-context owner as a fact', () => {
    expect(
      mapCniPluginFlags({ annotations: [], proxyEnv: [], runAsUser: at('runAsUser', '0', 0) }).value
        .argv,
    ).toContain('1337');
    const { facts } = mapCniPluginFlags({
      annotations: [],
      proxyEnv: [],
      runAsUser: at('runAsUser', '1000670000', 0),
    }).value;
    expect(facts).toContainEqual({
      kind: 'uid-from-security-context',
      uid: '1000670000',
      gid: '1337',
    });
  });
});

describe('generateCniPluginRules', () => {
  it('captures all DNS when the proxy captures DNS (no nameserver needed)', () => {
    const { value, diagnostics } = generateCniPluginRules({
      annotations: [],
      proxyEnv: [{ key: 'ISTIO_META_DNS_CAPTURE', value: 'true' }],
    });
    expect(diagnostics).toEqual([]);
    expect(value.flags.facts).toContainEqual({ kind: 'dns-capture-all' });
    expect(renderRestore(value.rules, 4)).toContain(
      '-A ISTIO_OUTPUT_DNS -p udp --dport 53 -j REDIRECT --to-port 15053',
    );
  });
});
