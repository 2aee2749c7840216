import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IstioConfig } from '../../../src/core/generator/config.ts';

/**
 * The shared reference pack, beside the clone: `../shared/reference/istio-iptables` from the repo
 * root (CI checks out shared/ next to the project).
 */
export const REFERENCE_DIR = fileURLToPath(new URL('../../../../shared/reference/istio-iptables/', import.meta.url));
export const SEEDS_DIR = fileURLToPath(new URL('../../../../shared/seeds/', import.meta.url));

export function hasReference(): boolean {
  return existsSync(`${REFERENCE_DIR}cases.json`);
}

/** One entry of cases.json (only the fields the tests read). */
export interface GoldenCase {
  readonly name: string;
  readonly golden: string;
  readonly goldenStatus: 'mainline-newest' | 'mainline-older' | 'mainline-intermediate' | 'pr-branch-only';
  readonly config: Readonly<Record<string, unknown>>;
  readonly flags: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

export function loadCases(): readonly GoldenCase[] {
  const data = JSON.parse(readFileSync(`${REFERENCE_DIR}cases.json`, 'utf8')) as { cases: GoldenCase[] };
  return data.cases;
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
