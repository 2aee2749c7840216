/**
 * The packet conformance corpus: generator configurations (every upstream golden case under every
 * version profile, each profile's default args, and seeded random flag combinations) and, per
 * configuration, a seeded random sample of packets a pod really sends and receives.
 */
import {
  DEFAULT_CONFIG,
  generateRules,
  hasErrors,
  RULE_PROFILES,
  parseIptables,
  parseIstioArgs,
  parseIstioArgv,
  PROFILES,
  renderRestore,
  type IstioConfig,
  type IstioVersion,
  type Rulesets,
} from '@core';
import { configForCase, loadCases } from '../golden/generator/reference.ts';
import type { Probe } from './packet-trace.ts';
import { pick, seededRandom } from '../support/random.ts';

export interface CorpusConfig {
  readonly name: string;
  readonly version: IstioVersion;
  readonly config: IstioConfig;
}

export interface BuiltConfig {
  readonly name: string;
  readonly v4: string;
  readonly v6: string;
  readonly setup: readonly string[];
  readonly tproxyPorts: readonly number[];
  readonly rulesets: Rulesets;
  readonly ipv6: boolean;
  readonly proxyUid: number;
  readonly proxyGid: number;
  readonly dnsServers: readonly string[];
}

/** Every upstream golden case (cases.json) under every version profile. */
export function goldenConfigs(): CorpusConfig[] {
  return loadCases().flatMap((c) =>
    RULE_PROFILES.map((version) => ({
      name: `golden ${c.name} @${version}`,
      version,
      config: configForCase(DEFAULT_CONFIG, c),
    })),
  );
}

/** Each profile with the args its era's injector passed. */
export function profileConfigs(): CorpusConfig[] {
  return RULE_PROFILES.map((version) => ({
    name: `profile ${version} defaults`,
    version,
    config: parseIstioArgs(PROFILES[version].defaultArgs).value.config,
  }));
}

/** Seeded random flag combinations, REDIRECT and TPROXY, with and without IPv6 and DNS capture. */
export function randomConfigs(seed: number, count: number): CorpusConfig[] {
  const rng = seededRandom(seed);
  const out: CorpusConfig[] = [];
  for (let i = 0; out.length < count && i < count * 4; i++) {
    const argv = [
      '-p',
      '15001',
      '-z',
      '15006',
      '-u',
      '1337',
      '-g',
      pick(rng, ['1337', '1337', '1000']),
      '-m',
      pick(rng, ['REDIRECT', 'TPROXY']),
    ];
    argv.push('-b', pick(rng, ['*', '*', '', '9080', '9080,8080', '22,3306,9080']));
    argv.push('-d', pick(rng, ['15090,15021,15020', '', '8080', '15020']));
    argv.push('-i', pick(rng, ['*', '*', '', '10.96.0.0/16', '10.96.0.0/12,203.0.113.0/24']));
    argv.push('-x', pick(rng, ['', '', '10.96.0.10/32', '203.0.113.0/24']));
    const excludePorts = pick(rng, ['', '', '3306', '3306,443']);
    if (excludePorts !== '') argv.push('-o', excludePorts);
    if (rng() < 0.2) argv.push('-q', '9080');
    const dns = rng() < 0.4;
    if (dns) argv.push('--redirect-dns');
    if (dns && rng() < 0.3) argv.push('--capture-all-dns');
    const ipv6 = rng() < 0.35;
    const env: Record<string, string> =
      rng() < 0.15 ? { ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE: '1000' } : {};
    const dnsServers = dns ? (ipv6 ? ['10.96.0.10', 'fd00:96::10'] : ['10.96.0.10']) : [];
    const parsed = parseIstioArgv(argv, { env, enableIPv6: ipv6, dnsServers });
    if (hasErrors(parsed.diagnostics)) continue;
    const version = pick(rng, RULE_PROFILES);
    out.push({
      name: `random#${out.length} @${version} ${argv.join(' ')}${ipv6 ? ' (ipv6)' : ''}`,
      version,
      config: parsed.value.config,
    });
  }
  return out;
}

/** Generates, renders and parses a config's rules; a string is the reason it was skipped. */
export function buildConfig(c: CorpusConfig): BuiltConfig | string {
  const rules = generateRules(c.config, c.version);
  if (hasErrors(rules.diagnostics))
    return `generator: ${rules.diagnostics.map((d) => d.message).join('; ')}`;
  const v4 = renderRestore(rules, 4);
  const v6 = rules.enableIPv6 ? renderRestore(rules, 6) : '';
  const p4 = parseIptables(v4, { family: 4 });
  const p6 = parseIptables(v6, { family: 6 });
  const parseError = [...p4.diagnostics, ...p6.diagnostics].find((d) => d.severity === 'error');
  // Group names (`--gid-owner java`) need /etc/group: iptables resolves them at load time.
  if (parseError) return `parser: ${parseError.message}`;
  const tproxyPorts = [
    ...new Set([...`${v4}\n${v6}`.matchAll(/--on-port ([0-9]+)/g)].map((m) => Number(m[1]))),
  ];
  const firstNumber = (list: string, fallback: number) => {
    const n = Number(list.split(',')[0]);
    return Number.isInteger(n) ? n : fallback;
  };
  return {
    name: c.name,
    v4,
    v6,
    setup: rules.setup,
    tproxyPorts,
    rulesets: { v4: p4.value, ...(rules.enableIPv6 ? { v6: p6.value } : {}) },
    ipv6: rules.enableIPv6,
    proxyUid: firstNumber(c.config.proxyUid, 1337),
    proxyGid: firstNumber(c.config.proxyGid || c.config.proxyUid, 1337),
    dnsServers: [...c.config.dnsServersV4, ...c.config.dnsServersV6],
  };
}

type Template = Omit<Probe, 'sport' | 'family'> & {
  readonly label: string;
  readonly sport?: number;
};

const ADDR = {
  4: {
    service: '10.96.0.20',
    pod: '10.44.0.9',
    other: '203.0.113.7',
    localhost: '127.0.0.1',
    own: '10.44.0.5',
    passthrough: '127.0.0.6',
    dns: '10.96.0.10',
    peer: '10.44.0.7',
    far: '198.51.100.7',
  },
  6: {
    service: 'fd00:96::20',
    pod: 'fd00:44::9',
    other: '2001:db8::7',
    localhost: '::1',
    own: 'fd00:44::5',
    passthrough: '::6',
    dns: 'fd00:96::10',
    peer: 'fd00:44::7',
    far: '2001:db8:1::7',
  },
} as const;

function templates(b: BuiltConfig, family: 4 | 6, rng: () => number): Template[] {
  const a = ADDR[family];
  const app = { uid: 1000, gid: 1000 };
  const proxy = { uid: b.proxyUid, gid: b.proxyGid };
  const out = (label: string, t: Omit<Template, 'label' | 'direction'>): Template => ({
    label,
    direction: 'outbound',
    ...t,
  });
  const inbound = (
    label: string,
    dport: number,
    src?: string,
    proto: 'tcp' | 'udp' = 'tcp',
  ): Template => ({
    label,
    direction: 'inbound',
    proto,
    dst: a.own,
    dport,
    uid: 0,
    gid: 0,
    ...(src === undefined ? {} : { src, freebind: true }),
  });
  const servers = b.dnsServers.filter((s) => s.includes(':') === (family === 6));
  // The mark istio-iptables routes through table 133 (`ip rule add fwmark <mark> lookup 133`).
  const marks = b.setup.map((c) => /\bfwmark ([0-9]+) /.exec(c)?.[1]);
  const fwmark = marks.find((m) => m !== undefined);
  return [
    out('app→service', { proto: 'tcp', dst: a.service, dport: 9080, ...app }),
    out('app→pod', { proto: 'tcp', dst: a.pod, dport: pick(rng, [8080, 9080]), ...app }),
    out('app→other', { proto: 'tcp', dst: a.other, dport: 443, ...app }),
    out('app→excluded-port', { proto: 'tcp', dst: a.service, dport: 3306, ...app }),
    out('app→localhost', { proto: 'tcp', dst: a.localhost, dport: 8080, ...app }),
    out('app→own-pod-ip', { proto: 'tcp', dst: a.own, dport: 9080, ...app }),
    out('root→service', { proto: 'tcp', dst: a.service, dport: 80, uid: 0, gid: 0 }),
    out('envoy→upstream', { proto: 'tcp', dst: a.pod, dport: 9080, ...proxy }),
    out('envoy→service', { proto: 'tcp', dst: a.service, dport: 9080, ...proxy }),
    out('envoy→own-pod-ip', { proto: 'tcp', dst: a.own, dport: 9080, ...proxy }),
    out('envoy→localhost', { proto: 'tcp', dst: a.localhost, dport: 15000, ...proxy }),
    out('passthrough→pod-ip', {
      proto: 'tcp',
      src: a.passthrough,
      dst: a.own,
      dport: 9080,
      ...proxy,
    }),
    out('gid-only-proxy→upstream', {
      proto: 'tcp',
      dst: a.pod,
      dport: 9080,
      uid: 1000,
      gid: b.proxyGid,
    }),
    out('gid-only-proxy→own-pod-ip', {
      proto: 'tcp',
      dst: a.own,
      dport: 9080,
      uid: 1000,
      gid: b.proxyGid,
    }),
    out('uid-only-proxy→own-pod-ip', {
      proto: 'tcp',
      dst: a.own,
      dport: 8080,
      uid: b.proxyUid,
      gid: 1000,
    }),
    out('app→dns udp', { proto: 'udp', dst: a.dns, dport: 53, ...app }),
    out('app→dns tcp', { proto: 'tcp', dst: a.dns, dport: 53, ...app }),
    out('envoy→dns udp', { proto: 'udp', dst: a.dns, dport: 53, ...proxy }),
    out('app→udp', { proto: 'udp', dst: a.pod, dport: 8125, ...app }),
    out('dns-proxy→app', {
      proto: 'udp',
      src: a.localhost,
      sport: 15053,
      dst: a.localhost,
      dport: 45678,
      ...proxy,
    }),
    // Source/route mismatches: a loopback source towards a remote address (IPv4: routing refuses
    // it with EINVAL before OUTPUT; IPv6 `::1` is sent, `::6` is an ordinary address), and a
    // pod-address source towards loopback (allowed, through lo).
    out('passthrough→dns udp', { proto: 'udp', src: a.passthrough, dst: a.dns, dport: 53, ...app }),
    out('passthrough→service', {
      proto: 'tcp',
      src: a.passthrough,
      dst: a.service,
      dport: 9080,
      ...proxy,
    }),
    out('localhost-bound→pod udp', {
      proto: 'udp',
      src: a.localhost,
      dst: a.pod,
      dport: 8125,
      ...app,
    }),
    out('localhost-bound→other', {
      proto: 'tcp',
      src: a.localhost,
      dst: a.other,
      dport: 443,
      ...app,
    }),
    out('own-ip→localhost', { proto: 'tcp', src: a.own, dst: a.localhost, dport: 8080, ...app }),
    ...(fwmark !== undefined
      ? [
          // The TPROXY fwmark table (`local default dev lo`) routes the marked socket through lo.
          out('marked passthrough→dns', {
            proto: 'udp',
            src: a.passthrough,
            dst: a.dns,
            dport: 53,
            mark: Number(fwmark),
            ...proxy,
          }),
        ]
      : []),
    ...servers.map((s) =>
      out('app→pod nameserver', {
        proto: pick(rng, ['udp', 'tcp'] as const),
        dst: s,
        dport: 53,
        ...app,
      }),
    ),
    inbound('in→app 9080', 9080),
    inbound('in→app 8080', 8080),
    inbound('in→ssh 22', 22),
    inbound('in→tunnel 15008', 15008),
    inbound('in→stats 15090', 15090),
    inbound('in→health 15021', 15021),
    inbound('in→agent 15020', 15020),
    inbound('in→inbound-port 15006', 15006),
    inbound('in→3306 from peer pod', 3306, a.peer),
    inbound('in→9080 via gateway', 9080, a.far),
    inbound('in→udp 53', 53, undefined, 'udp'),
  ];
}

export type LabeledProbe = Probe & { readonly label: string };

/** A seeded sample of `count` packets for a built config (both families when IPv6 is on). */
export function samplePackets(
  b: BuiltConfig,
  seed: number,
  count: number,
  firstSport: number,
): LabeledProbe[] {
  const rng = seededRandom(seed);
  const pool = [
    ...templates(b, 4, rng).map((t) => ({ t, family: 4 as const })),
    ...(b.ipv6 ? templates(b, 6, rng).map((t) => ({ t, family: 6 as const })) : []),
  ];
  const chosen: LabeledProbe[] = [];
  for (let i = 0; i < count && pool.length > 0; i++) {
    const [entry] = pool.splice(Math.floor(rng() * pool.length), 1);
    if (!entry) break;
    chosen.push({ ...entry.t, family: entry.family, sport: entry.t.sport ?? firstSport + i });
  }
  return chosen;
}
