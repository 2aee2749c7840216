import type { IstioConfig } from '../config.ts';
import type { ConfigField, EnvOptionSpec, FlagSpec } from '../flag-spec.ts';

/** Current values by flag long name or env-only option name, before the config is assembled. */
export type RawValues = Map<string, string | boolean>;

/** Upstream: tools/common/config/config.go — DefaultConfig plus the env-only defaults. */
export function defaultRawValues(
  flags: readonly FlagSpec[],
  envOptions: readonly EnvOptionSpec[],
): RawValues {
  const raw: RawValues = new Map();
  for (const f of flags) raw.set(f.long, f.default);
  for (const e of envOptions) raw.set(e.env, e.default);
  return raw;
}

export interface DetectedValues {
  readonly enableIPv6: boolean;
  readonly dnsServersV4: readonly string[];
  readonly dnsServersV6: readonly string[];
}

/**
 * Assembles the IstioConfig, including FillConfigFromEnvironment's defaulting: an empty proxy uid
 * becomes 1337 (upstream looks up $ENVOY_USER first, which a browser cannot) and an empty proxy
 * gid becomes the final uid.
 */
export function buildConfig(
  raw: RawValues,
  flags: readonly FlagSpec[],
  envOptions: readonly EnvOptionSpec[],
  detected: DetectedValues,
): IstioConfig {
  const byField = new Map<ConfigField, string | boolean>();
  for (const f of flags)
    if (f.field !== undefined) byField.set(f.field, raw.get(f.long) ?? f.default);
  for (const e of envOptions)
    if (e.field !== undefined) byField.set(e.field, raw.get(e.env) ?? e.default);
  const s = (field: ConfigField): string => {
    const v = byField.get(field);
    return typeof v === 'string' ? v : '';
  };
  const b = (field: ConfigField): boolean => byField.get(field) === true;
  // upstream: tools/common/config/config.go — FillConfigFromEnvironment defaults uid, then gid = uid.
  const proxyUid = s('proxyUid') === '' ? DEFAULT_PROXY_UID : s('proxyUid');
  const proxyGid = s('proxyGid') === '' ? proxyUid : s('proxyGid');
  return {
    envoyPort: s('envoyPort'),
    inboundCapturePort: s('inboundCapturePort'),
    inboundTunnelPort: s('inboundTunnelPort'),
    proxyUid,
    proxyGid,
    istioInboundInterceptionMode: s('istioInboundInterceptionMode'),
    istioInboundPorts: s('istioInboundPorts'),
    istioLocalExcludePorts: s('istioLocalExcludePorts'),
    istioExcludeInterfaces: s('istioExcludeInterfaces'),
    istioServiceCidr: s('istioServiceCidr'),
    istioServiceExcludeCidr: s('istioServiceExcludeCidr'),
    istioOutboundPorts: s('istioOutboundPorts'),
    istioLocalOutboundPortsExclude: s('istioLocalOutboundPortsExclude'),
    kubeVirtInterfaces: s('kubeVirtInterfaces'),
    istioInboundTproxyMark: s('istioInboundTproxyMark'),
    istioInboundTproxyRouteTable: s('istioInboundTproxyRouteTable'),
    dryRun: b('dryRun'),
    iptablesProbePort: s('iptablesProbePort'),
    probeTimeout: s('probeTimeout'),
    skipRuleApply: b('skipRuleApply'),
    runValidation: b('runValidation'),
    redirectDns: b('redirectDns'),
    dropInvalid: b('dropInvalid'),
    dualStack: b('dualStack'),
    captureAllDns: b('captureAllDns'),
    networkNamespace: s('networkNamespace'),
    cniMode: b('cniMode'),
    reconcile: b('reconcile'),
    cleanupOnly: b('cleanupOnly'),
    forceApply: b('forceApply'),
    nativeNftables: b('nativeNftables'),
    forceIptablesBinary: s('forceIptablesBinary'),
    iptablesTraceLogging: b('iptablesTraceLogging'),
    ownerGroupsInclude: s('ownerGroupsInclude'),
    ownerGroupsExclude: s('ownerGroupsExclude'),
    hostIPv4LoopbackCidr: s('hostIPv4LoopbackCidr'),
    enableIPv6: detected.enableIPv6,
    dnsServersV4: detected.dnsServersV4,
    dnsServersV6: detected.dnsServersV6,
  };
}

/** upstream: tools/istio-iptables/pkg/constants — DefaultProxyUID. */
export const DEFAULT_PROXY_UID = '1337';
