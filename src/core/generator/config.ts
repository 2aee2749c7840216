/**
 * The resolved configuration of one istio-iptables run: defaults, then environment variables,
 * then flags (later wins). Field names are upstream long flag names in camelCase; list-valued
 * options stay comma-separated strings exactly as given, because Istio splits them lazily and
 * puts items into rules verbatim.
 */
export interface IstioConfig {
  readonly envoyPort: string;
  readonly inboundCapturePort: string;
  readonly inboundTunnelPort: string;
  readonly proxyUid: string;
  readonly proxyGid: string;
  readonly istioInboundInterceptionMode: string;
  readonly istioInboundPorts: string;
  readonly istioLocalExcludePorts: string;
  readonly istioExcludeInterfaces: string;
  readonly istioServiceCidr: string;
  readonly istioServiceExcludeCidr: string;
  readonly istioOutboundPorts: string;
  readonly istioLocalOutboundPortsExclude: string;
  readonly kubeVirtInterfaces: string;
  readonly istioInboundTproxyMark: string;
  readonly istioInboundTproxyRouteTable: string;
  readonly dryRun: boolean;
  readonly iptablesProbePort: string;
  readonly probeTimeout: string;
  readonly skipRuleApply: boolean;
  readonly runValidation: boolean;
  readonly redirectDns: boolean;
  readonly dropInvalid: boolean;
  readonly dualStack: boolean;
  readonly captureAllDns: boolean;
  readonly networkNamespace: string;
  readonly cniMode: boolean;
  readonly reconcile: boolean;
  readonly cleanupOnly: boolean;
  readonly forceApply: boolean;
  readonly nativeNftables: boolean;
  readonly forceIptablesBinary: string;
  /** Removed upstream; kept so older profiles (NFLOG era) can be reproduced. */
  readonly iptablesTraceLogging: boolean;
  /** Env `ISTIO_OUTBOUND_OWNER_GROUPS` (default `*`). */
  readonly ownerGroupsInclude: string;
  /** Env `ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE`. */
  readonly ownerGroupsExclude: string;
  /** Env `ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR` (default `127.0.0.1/32`). */
  readonly hostIPv4LoopbackCidr: string;
  /** Auto-detected upstream from the pod's addresses; ours comes from `--ipv6`. */
  readonly enableIPv6: boolean;
  /** Read upstream from resolv.conf; ours from `--dns-servers`. */
  readonly dnsServersV4: readonly string[];
  readonly dnsServersV6: readonly string[];
}

/** Generator profiles: which Istio release's rule builder to reproduce. */
export type IstioVersion =
  'latest' | '1.30' | '1.27' | '1.26' | '1.25' | '1.24' | '1.20' | '1.11' | '1.0';

/** Newest first. */
export const ISTIO_VERSIONS: readonly IstioVersion[] = [
  'latest',
  '1.30',
  '1.27',
  '1.26',
  '1.25',
  '1.24',
  '1.20',
  '1.11',
  '1.0',
];
