import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IstioConfig } from '../../../src/core/generator/config.ts';

/**
 * Istio's reference pack, vendored in the repo: `test/fixtures/istio/istio-iptables` (upstream paths,
 * commits and blob ids in its SOURCES.tsv; licence in test/fixtures/istio/NOTICE).
 */
export const REFERENCE_DIR = fileURLToPath(
  new URL('../../fixtures/istio/istio-iptables/', import.meta.url),
);

/** One entry of cases.json (only the fields the tests read). */
export interface GoldenCase {
  readonly name: string;
  readonly golden: string;
  /** `head`: upstream HEAD (golden/); history cases: `pr-branch` or `removed-upstream`. */
  readonly goldenStatus: 'head' | 'pr-branch' | 'removed-upstream';
  readonly config: Readonly<Record<string, unknown>>;
  readonly flags: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

interface CasesFile {
  readonly cases: GoldenCase[];
  readonly historyCases: GoldenCase[];
}

function readCases(): CasesFile {
  return JSON.parse(readFileSync(`${REFERENCE_DIR}cases.json`, 'utf8')) as CasesFile;
}

/** The test cases of upstream HEAD's run_test.go (27, all `head`). */
export function loadCases(): readonly GoldenCase[] {
  return readCases().cases;
}

/** Cases whose goldens live in golden-history/ (PR branches, removed upstream). */
export function loadHistoryCases(): readonly GoldenCase[] {
  return readCases().historyCases;
}

export function readGolden(path: string): string {
  return readFileSync(`${REFERENCE_DIR}${path}`, 'utf8');
}

/** Upstream Config field → our IstioConfig field (cases.json speaks upstream's names). */
const FIELD_MAP: Readonly<Record<string, keyof IstioConfig>> = {
  ProxyPort: 'envoyPort',
  InboundCapturePort: 'inboundCapturePort',
  InboundTunnelPort: 'inboundTunnelPort',
  ProxyUID: 'proxyUid',
  ProxyGID: 'proxyGid',
  InboundTProxyMark: 'istioInboundTproxyMark',
  InboundTProxyRouteTable: 'istioInboundTproxyRouteTable',
  OwnerGroupsInclude: 'ownerGroupsInclude',
  OwnerGroupsExclude: 'ownerGroupsExclude',
  HostIPv4LoopbackCidr: 'hostIPv4LoopbackCidr',
  InboundInterceptionMode: 'istioInboundInterceptionMode',
  InboundPortsInclude: 'istioInboundPorts',
  InboundPortsExclude: 'istioLocalExcludePorts',
  OutboundPortsInclude: 'istioOutboundPorts',
  OutboundPortsExclude: 'istioLocalOutboundPortsExclude',
  OutboundIPRangesInclude: 'istioServiceCidr',
  OutboundIPRangesExclude: 'istioServiceExcludeCidr',
  RerouteVirtualInterfaces: 'kubeVirtInterfaces',
  ExcludeInterfaces: 'istioExcludeInterfaces',
  DryRun: 'dryRun',
  RedirectDNS: 'redirectDns',
  CaptureAllDNS: 'captureAllDns',
  DropInvalid: 'dropInvalid',
  EnableIPv6: 'enableIPv6',
  DNSServersV4: 'dnsServersV4',
  DNSServersV6: 'dnsServersV6',
  TraceLogging: 'iptablesTraceLogging',
};

/** The upstream test's config for a case: defaultTestConfig plus the case's overrides. */
export function configForCase(base: IstioConfig, c: GoldenCase): IstioConfig {
  const config: Record<string, unknown> = {
    ...base,
    envoyPort: '15001',
    inboundCapturePort: '15006',
    inboundTunnelPort: '15008',
    proxyUid: '1337',
    proxyGid: '1337',
    istioInboundTproxyMark: '1337',
    istioInboundTproxyRouteTable: '133',
    ownerGroupsInclude: '*',
    hostIPv4LoopbackCidr: '127.0.0.1/32',
  };
  for (const [key, value] of Object.entries(c.config)) {
    const field = FIELD_MAP[key];
    if (field !== undefined) config[field] = value;
  }
  return config as unknown as IstioConfig;
}

/** The golden check of CONTRACTS.md §1: the flags plus our --ipv6 and --dns-servers options. */
export function cliArgsForCase(c: GoldenCase): string[] {
  const args = ['istio-iptables', '--output', 'dry-run', ...c.flags];
  if (c.config['EnableIPv6'] === true) args.push('--ipv6');
  const servers = [
    ...((c.config['DNSServersV4'] as string[] | undefined) ?? []),
    ...((c.config['DNSServersV6'] as string[] | undefined) ?? []),
  ];
  if (servers.length > 0) args.push('--dns-servers', servers.join(','));
  return args;
}
