import { describe, expect, it } from 'vitest';
import type { IstioConfig, IstioVersion } from './config.ts';
import { DEFAULT_CONFIG } from './flags.ts';
import { generateRules, mergeDiagnostics, type GeneratedRules } from './generate.ts';
import { parseIstioArgs } from './parse-args.ts';
import { formatRuleCommand } from './render-restore.ts';

function generate(
  overrides: Partial<IstioConfig>,
  version: IstioVersion = 'latest',
): GeneratedRules {
  return generateRules({ ...DEFAULT_CONFIG, ...overrides }, version);
}

function lines(rules: GeneratedRules, family: 4 | 6 = 4): string[] {
  return (family === 4 ? rules.v4 : rules.v6).map((r) => `${r.table} ${formatRuleCommand(r)}`);
}

function codes(rules: GeneratedRules): string[] {
  return rules.diagnostics.map((d) => `${d.severity}:${d.code}`);
}

describe('generateRules', () => {
  it('with IPv6 off the IPv6 list stays empty', () => {
    const rules = generate({ istioInboundPorts: '*', istioServiceCidr: '*' });
    expect(rules.enableIPv6).toBe(false);
    expect(rules.v6).toEqual([]);
    expect(rules.v4.length).toBeGreaterThan(10);
    expect(rules.diagnostics).toEqual([]);
  });

  it('every rule carries an origin with a reason and the flags that caused it', () => {
    const rules = generate({
      istioInboundPorts: '9080',
      istioLocalOutboundPortsExclude: '22',
      enableIPv6: true,
    });
    for (const rule of [...rules.v4, ...rules.v6])
      expect(rule.origin.reason.length).toBeGreaterThan(10);
    const inbound = rules.v4.find((r) => r.chain === 'ISTIO_INBOUND' && r.args.includes('9080'));
    expect(inbound?.origin.flags).toEqual(['istio-inbound-ports']);
    const excluded = rules.v4.filter((r) =>
      r.origin.flags.includes('istio-local-outbound-ports-exclude'),
    );
    expect(excluded.map((r) => r.args.join(' '))).toEqual([
      '-p tcp --dport 22 -j RETURN',
      '-p udp --dport 22 -j RETURN',
    ]);
  });

  it('switches DNS capture off without nameservers (latest) and warns', () => {
    const rules = generate({ redirectDns: true });
    expect(codes(rules)).toEqual(['warning:dns-capture-disabled']);
    expect(lines(rules).join('\n')).not.toMatch(/53/);
  });

  it('keeps DNS capture on without nameservers in the 1.20 era (no short-circuit then)', () => {
    const rules = generate({ redirectDns: true }, '1.20');
    expect(codes(rules)).toEqual([]);
    expect(lines(rules)).toContain(
      'nat -A OUTPUT -p udp --dport 53 -m owner --uid-owner 1337 -j RETURN',
    );
    expect(lines(rules)).toContain(
      'raw -A OUTPUT -p udp --sport 15053 -m owner --gid-owner 1337 -j CT --zone 2',
    );
  });

  it('captures all DNS with --capture-all-dns, in both families', () => {
    const rules = generate({ redirectDns: true, captureAllDns: true, enableIPv6: true });
    for (const family of [4, 6] as const) {
      expect(lines(rules, family)).toEqual(
        expect.arrayContaining([
          'nat -A ISTIO_OUTPUT -j ISTIO_OUTPUT_DNS',
          'nat -A ISTIO_OUTPUT_DNS -p udp --dport 53 -j REDIRECT --to-port 15053',
          'raw -A PREROUTING -j ISTIO_INBOUND',
          'raw -A ISTIO_INBOUND -p udp --sport 53 -j CT --zone 1',
        ]),
      );
    }
  });

  it('rejects excluding "*" but still generates the rest', () => {
    const rules = generate({ istioServiceExcludeCidr: '*', istioServiceCidr: '*' });
    expect(codes(rules)).toEqual(['error:exclude-wildcard']);
    expect(lines(rules)).toContain('nat -A ISTIO_OUTPUT -j ISTIO_REDIRECT');
  });

  it('reads -i/-x per era: netip keeps host bits and fails on bad items, net clears them and skips', () => {
    const config = { istioServiceCidr: '10.1.2.3/8,bogus,::ffff:10.1.2.3/120,2001:DB8::1/32' };
    const latest = generate(config);
    expect(codes(latest)).toEqual(['error:bad-cidr']);
    expect(lines(latest).filter((l) => l.includes('ISTIO_REDIRECT') && l.includes('-d '))).toEqual([
      'nat -A ISTIO_OUTPUT -d 10.1.2.3/8 -j ISTIO_REDIRECT',
    ]);
    const v120 = generate({ ...config, enableIPv6: true }, '1.20');
    expect(codes(v120)).toEqual(['warning:bad-cidr']);
    expect(lines(v120).filter((l) => l.includes('-d ') && l.includes('ISTIO_REDIRECT'))).toEqual([
      'nat -A ISTIO_OUTPUT -d 10.0.0.0/8 -j ISTIO_REDIRECT',
      'nat -A ISTIO_OUTPUT -d 10.1.2.0/24 -j ISTIO_REDIRECT',
    ]);
    expect(lines(v120, 6)).toContain('nat -A ISTIO_OUTPUT -d 2001:db8::/32 -j ISTIO_REDIRECT');
  });

  it('a loopback CIDR in -i removes the lo RETURNs (newer eras only)', () => {
    const has = (v: IstioVersion, cidr = '127.0.0.5/32'): boolean =>
      lines(generate({ istioServiceCidr: cidr }, v)).some((l) => l.includes('! --uid-owner'));
    expect(has('latest')).toBe(false);
    expect(has('latest', '::ffff:127.0.0.1/128')).toBe(false);
    expect(has('latest', '10.0.0.0/8')).toBe(true);
    expect(has('1.20')).toBe(false);
    expect(has('1.11')).toBe(true);
  });

  it('an empty owner-group include list captures nothing further (a bare RETURN)', () => {
    expect(lines(generate({ ownerGroupsInclude: '' }))).toContain('nat -A ISTIO_OUTPUT -j RETURN');
  });

  it('writes garbage values through verbatim, like upstream', () => {
    const rules = generate({ envoyPort: 'x y', proxyUid: ',,a,,', istioInboundPorts: 'http' });
    expect(lines(rules)).toContain('nat -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports x y');
    expect(lines(rules)).toContain('nat -A ISTIO_OUTPUT -m owner --uid-owner a -j RETURN');
    expect(lines(rules)).toContain('nat -A ISTIO_INBOUND -p tcp --dport http -j ISTIO_IN_REDIRECT');
  });

  it('TPROXY sets up policy routing and ::6 outside iptables', () => {
    const tproxy = {
      istioInboundInterceptionMode: 'TPROXY',
      istioInboundPorts: '*',
      enableIPv6: true,
    };
    expect(generate(tproxy).setup).toEqual([
      'ip -6 addr add ::6/128 dev lo',
      'ip -4 rule add fwmark 1337 lookup 133',
      'ip -6 rule add fwmark 1337 lookup 133',
      'ip -4 route add local 0.0.0.0/0 dev lo table 133',
      'ip -6 route add local ::/0 dev lo table 133',
    ]);
    expect(generate({ ...tproxy, istioInboundPorts: '', enableIPv6: false }).setup).toEqual([]);
    expect(generate({ ...tproxy, enableIPv6: false }, '1.0').setup).toEqual([
      'ip -f inet rule add fwmark 1337 lookup 133',
      'ip -f inet route add local default dev lo table 133',
    ]);
  });

  it('1.0 TPROXY uses -m socket and the single proxy port, without the later mark rules', () => {
    const rules = generate(
      { istioInboundInterceptionMode: 'TPROXY', istioInboundPorts: '9080' },
      '1.0',
    );
    expect(lines(rules)).toEqual(
      expect.arrayContaining([
        'mangle -A ISTIO_TPROXY ! -d 127.0.0.1/32 -p tcp -j TPROXY --tproxy-mark 1337/0xffffffff --on-port 15001',
        'mangle -A ISTIO_INBOUND -p tcp --dport 9080 -m socket -j ISTIO_DIVERT',
      ]),
    );
    expect(lines(rules).join('\n')).not.toMatch(/1338|CONNMARK/);
  });

  it('1.20 trace logging puts an NFLOG rule before each logged append and after each logged insert', () => {
    const rules = generate({ iptablesTraceLogging: true, kubeVirtInterfaces: 'eth1' }, '1.20');
    const all = lines(rules);
    const nflog = (prefix: string): string =>
      `-j NFLOG --nflog-prefix "${prefix}" --nflog-group 1337 --nflog-size 20`;
    expect(all.slice(0, 2)).toEqual([
      'nat -I PREROUTING 1 -i eth1 -j RETURN',
      `nat -I PREROUTING 1 -i eth1 ${nflog('KubevirtCommand')}`,
    ]);
    const out = all.indexOf('nat -A OUTPUT -p tcp -j ISTIO_OUTPUT');
    expect(all[out - 1]).toBe(`nat -A OUTPUT -p tcp ${nflog('JumpOutbound')}`);
    expect(rules.v4.find((r) => r.args.includes('NFLOG'))?.origin.flags[0]).toBe(
      'iptables-trace-logging',
    );
  });

  it('flags an era did not have produce profile-unsupported-flag warnings and are ignored', () => {
    const latest = generate({ iptablesTraceLogging: true });
    expect(codes(latest)).toEqual(['error:profile-unsupported-flag']);
    expect(lines(latest).join('\n')).not.toContain('NFLOG');
    const old = generate(
      { inboundCapturePort: '15007', istioOutboundPorts: '80', ownerGroupsExclude: 'ftp' },
      '1.0',
    );
    expect(old.diagnostics.map((d) => d.subject)).toEqual([
      'inbound-capture-port',
      'istio-outbound-ports',
      'ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE',
    ]);
    expect(lines(old).join('\n')).not.toMatch(/15007|ftp|--dport 80/);
    expect(codes(generate({ hostIPv4LoopbackCidr: '127.0.0.1/8' }, '1.20'))).toEqual([
      'warning:profile-unsupported-flag',
    ]);
  });

  it('never throws and stays bounded on a huge list', () => {
    const many = Array.from({ length: 5000 }, (_, i) => String(i)).join(',');
    const rules = generate({ istioInboundPorts: many, proxyUid: many.slice(0, 200) });
    expect(rules.v4.length).toBeGreaterThan(5000);
  });
});

describe('mergeDiagnostics', () => {
  it('drops generator diagnostics the parser already reported and locates the rest at their flag', () => {
    const parsed = parseIstioArgs(`-b '*' -x '*' --redirect-dns`);
    const rules = generateRules(parsed.value.config);
    const merged = mergeDiagnostics(parsed.diagnostics, rules.diagnostics, parsed.value.flags);
    expect(merged.filter((d) => d.code === 'exclude-wildcard')).toHaveLength(1);
    const dns = merged.find((d) => d.code === 'dns-capture-disabled');
    expect(dns?.range.column).toBe(15);
  });
});
