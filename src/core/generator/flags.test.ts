import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IstioConfig } from './config.ts';
import {
  DEFAULT_CONFIG,
  ENV_OPTIONS,
  findFlag,
  findFlagForField,
  findShortFlag,
  ISTIO_FLAGS,
} from './flags.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/fixtures/seeds/${name}`, import.meta.url), 'utf8');

describe('ISTIO_FLAGS table', () => {
  it('has unique long names, shorthands and env names', () => {
    const longs = ISTIO_FLAGS.map((f) => f.long);
    const shorts = ISTIO_FLAGS.flatMap((f) => (f.short === undefined ? [] : [f.short]));
    const envs = [...ISTIO_FLAGS.flatMap((f) => f.env), ...ENV_OPTIONS.map((e) => e.env)];
    expect(new Set(longs).size).toBe(longs.length);
    expect(new Set(shorts).size).toBe(shorts.length);
    expect(new Set(envs).size).toBe(envs.length);
  });

  it('derives env names from the long name (pkg/flag BindEnv) and keeps the legacy extras', () => {
    for (const f of ISTIO_FLAGS.filter((x) => x.status === 'current' && x.env.length > 0)) {
      expect(f.env[0]).toBe(f.long.toUpperCase().replace(/-/g, '_'));
    }
    expect(findFlag('redirect-dns')?.env).toEqual(['REDIRECT_DNS', 'ISTIO_META_DNS_CAPTURE']);
    expect(findFlag('drop-invalid')?.env).toEqual(['DROP_INVALID', 'INVALID_DROP']);
    expect(findFlag('dual-stack')?.env).toEqual(['DUAL_STACK', 'ISTIO_DUAL_STACK']);
    expect(findFlag('envoy-port')?.env).toEqual([]);
  });

  it('sets every configurable IstioConfig field from exactly one flag or env option', () => {
    const fields = [...ISTIO_FLAGS.map((f) => f.field), ...ENV_OPTIONS.map((e) => e.field)].filter(
      (f) => f !== undefined,
    );
    expect(new Set(fields).size).toBe(fields.length);
    const detected = new Set(['enableIPv6', 'dnsServersV4', 'dnsServersV6']);
    const expected = Object.keys(DEFAULT_CONFIG)
      .filter((k) => !detected.has(k))
      .sort();
    expect([...fields].sort()).toEqual(expected);
    expect(findFlagForField('istioServiceExcludeCidr')?.short).toBe('x');
  });

  it('describes every flag in English and Chinese', () => {
    for (const f of [...ISTIO_FLAGS, ...ENV_OPTIONS]) {
      expect(f.description.length, JSON.stringify(f)).toBeGreaterThan(10);
      expect(f.zh, JSON.stringify(f)).toMatch(/[\u4e00-\u9fff]/);
      expect(f.affects.length).toBeGreaterThan(3);
    }
  });

  it('knows every flag of the pilot-agent istio-iptables --help listing in seed 002', () => {
    const help = fixture('seed-002-help.txt');
    const listed = [...help.matchAll(/^\s+(?:-([a-z]), )?--([a-z_-]+)/gm)];
    expect(listed.length).toBeGreaterThan(35);
    for (const [, short, long] of listed) {
      const spec = findFlag(long ?? '');
      expect(spec, long).toBeDefined();
      if (short !== undefined) expect(findShortFlag(short)?.long).toBe(long);
    }
  });

  it('marks removed and older flags', () => {
    expect(findFlag('iptables-trace-logging')?.status).toBe('removed');
    expect(findFlag('restore-format')).toMatchObject({ status: 'older', short: 'f' });
    expect(findFlag('iptables-version')?.status).toBe('older');
  });
});

describe('DEFAULT_CONFIG', () => {
  it('holds the FLAGS.md defaults', () => {
    const expected: Partial<IstioConfig> = {
      envoyPort: '15001',
      inboundCapturePort: '15006',
      inboundTunnelPort: '15008',
      proxyUid: '1337',
      proxyGid: '1337',
      istioInboundTproxyMark: '1337',
      istioInboundTproxyRouteTable: '133',
      ownerGroupsInclude: '*',
      ownerGroupsExclude: '',
      hostIPv4LoopbackCidr: '127.0.0.1/32',
      iptablesProbePort: '15002',
      probeTimeout: '5s',
      istioInboundInterceptionMode: '',
      istioInboundPorts: '',
      istioServiceCidr: '',
      istioServiceExcludeCidr: '',
      redirectDns: false,
      dryRun: false,
      enableIPv6: false,
      dnsServersV4: [],
      dnsServersV6: [],
    };
    expect(DEFAULT_CONFIG).toMatchObject(expected);
  });

  it('matches the defaultTestConfig of Istio’s golden test except where the tool differs', () => {
    const cases = JSON.parse(
      readFileSync(
        new URL('../../../test/fixtures/istio/istio-iptables/cases.json', import.meta.url),
        'utf8',
      ),
    ) as {
      defaultTestConfig: Record<string, string>;
    };
    const d = cases.defaultTestConfig;
    expect(DEFAULT_CONFIG).toMatchObject({
      envoyPort: d['ProxyPort'],
      inboundCapturePort: d['InboundCapturePort'],
      inboundTunnelPort: d['InboundTunnelPort'],
      proxyUid: d['ProxyUID'],
      proxyGid: d['ProxyGID'],
      istioInboundTproxyMark: d['InboundTProxyMark'],
      istioInboundTproxyRouteTable: d['InboundTProxyRouteTable'],
      ownerGroupsInclude: d['OwnerGroupsInclude'],
      hostIPv4LoopbackCidr: d['HostIPv4LoopbackCidr'],
    });
  });
});
