/**
 * What the istio-cni node agent knows when it writes one ambient pod's rules: its own settings
 * (environment of the `istio-cni-node` DaemonSet) and the pod's overrides (annotations).
 * upstream: cni/pkg/iptables/iptables.go — AmbientConfig + PodLevelOverrides.
 */
export interface AmbientConfig {
  /** `AMBIENT_IPV6`: the IPv6 restore text follows the IPv4 text. */
  readonly enableIPv6: boolean;
  /** `AMBIENT_DNS_CAPTURE`: node-wide DNS capture. */
  readonly redirectDns: boolean;
  /** Annotation `ambient.istio.io/dns-capture`: replaces `redirectDns` for this pod when set. */
  readonly podDns: 'on' | 'off' | undefined;
  /** Annotation `ambient.istio.io/bypass-inbound-capture: "true"`. */
  readonly ingressMode: boolean;
  /** Annotation `istio.io/reroute-virtual-interfaces`. */
  readonly virtualInterfaces: readonly string[];
  /** `HOST_PROBE_SNAT_IP`. */
  readonly probeSnatV4: string;
  /** `HOST_PROBE_SNAT_IPV6`. */
  readonly probeSnatV6: string;
  /** The kubelet's uid; the nftables host rule matches it (`meta skuid`). */
  readonly kubeletUid: string;
}

/** upstream: cni/pkg/nodeagent/options.go — production defaults of the node agent. */
export const DEFAULT_AMBIENT_CONFIG: AmbientConfig = {
  enableIPv6: false,
  redirectDns: false,
  podDns: undefined,
  ingressMode: false,
  virtualInterfaces: [],
  probeSnatV4: '169.254.7.127',
  probeSnatV6: 'fd16:9254:7127:1337:ffff:ffff:ffff:ffff',
  kubeletUid: '0',
};

/**
 * Ports and marks shared by the rules, ztunnel and the policy route.
 * upstream: cni/pkg/config/config.go; ztunnel src/config.rs (DEFAULT_INPOD_MARK).
 */
export const AMBIENT = {
  outboundPort: 15001,
  inboundPlaintextPort: 15006,
  hboneInboundPort: 15008,
  dnsPort: 15053,
  /** SO_MARK on every socket ztunnel opens in a pod's netns (1337 = 0x539). */
  inpodMark: 0x539,
  /** Conn/packet mark that selects the table-100 policy route. */
  tproxyMark: 0x111,
  markMask: 0xfff,
  restoreMask: 0xffffffff,
  routeTable: 100,
  rulePriority: 32764,
  dnsConntrackZone: 1,
  probeSetV4: 'istio-inpod-probes-v4',
  probeSetV6: 'istio-inpod-probes-v6',
} as const;

/** Whether the pod's DNS is captured: the pod annotation wins over the node setting. */
export function isDnsCaptured(config: AmbientConfig): boolean {
  return config.podDns === undefined ? config.redirectDns : config.podDns === 'on';
}

/**
 * The `ip route` / `ip rule` the node agent adds through netlink in the pod (both backends): a
 * local default route via lo in table 100, selected by the 0x111/0xfff mark.
 * upstream: cni/pkg/iptables/iptables_linux.go — AddLoopbackRoutes, AddInpodMarkIPRule.
 *
 * @example
 * ambientPolicyRoutes(false)[1]; // 'ip rule add fwmark 0x111/0xfff pref 32764 lookup 100'
 */
export function ambientPolicyRoutes(enableIPv6: boolean): string[] {
  const mark = `0x${AMBIENT.tproxyMark.toString(16)}/0x${AMBIENT.markMask.toString(16)}`;
  const families = enableIPv6 ? (['', ' -6'] as const) : ([''] as const);
  return families.flatMap((f) => [
    `ip${f} route add local ${f === '' ? '0.0.0.0/0' : '::/0'} dev lo table ${AMBIENT.routeTable}`,
    `ip${f} rule add fwmark ${mark} pref ${AMBIENT.rulePriority} lookup ${AMBIENT.routeTable}`,
  ]);
}
