import type { IstioConfig } from './config.ts';
import type { ConfigField, EnvOptionSpec, FlagSpec, FlagType } from './flag-spec.ts';
import { buildConfig, defaultRawValues } from './input/build-config.ts';

export type { ConfigField, EnvOptionSpec, FlagSpec, FlagStatus, FlagType } from './flag-spec.ts';

const NONE = 'none (not rule-affecting)';

/**
 * Every flag `istio-iptables` accepts, newest root.go order (the order env vars are applied in),
 * plus removed/older flags and pilot-agent's logging flags, which are accepted and noted.
 * upstream: tools/istio-iptables/pkg/cmd/root.go @2e4f3099 — bindCmdlineFlags.
 *
 * @example
 * ISTIO_FLAGS.filter((f) => f.status === 'current').map((f) => `--${f.long}`);
 */
export const ISTIO_FLAGS: readonly FlagSpec[] = [
  {
    long: 'envoy-port',
    short: 'p',
    env: [],
    type: 'port',
    default: '15001',
    field: 'envoyPort',
    status: 'current',
    description:
      'Envoy outbound listener port: redirected outbound TCP goes here. No env binding in the newest release.',
    zh: 'Envoy 出站监听端口：被重定向的出站 TCP 流量都发往此端口（最新版本不再读取环境变量）。',
    affects: 'ISTIO_REDIRECT: -j REDIRECT --to-ports <p>',
  },
  {
    long: 'inbound-capture-port',
    short: 'z',
    env: ['INBOUND_CAPTURE_PORT'],
    type: 'port',
    default: '15006',
    field: 'inboundCapturePort',
    status: 'current',
    description: 'Port that all captured inbound TCP is redirected to (Envoy inbound listener).',
    zh: '入站 TCP 流量被重定向到的端口（Envoy 入站监听器）。',
    affects: 'ISTIO_IN_REDIRECT --to-ports; TPROXY --on-port',
  },
  {
    long: 'inbound-tunnel-port',
    short: 'e',
    env: ['INBOUND_TUNNEL_PORT'],
    type: 'port',
    default: '15008',
    field: 'inboundTunnelPort',
    status: 'current',
    description: 'HBONE tunnel port: never captured inbound, excluded from the loopback redirect.',
    zh: 'HBONE 隧道端口：入站不拦截，并从回环重定向中排除。',
    affects: 'first RETURN of ISTIO_INBOUND; ! --dport in ISTIO_OUTPUT loopback rules',
  },
  {
    long: 'proxy-uid',
    short: 'u',
    env: ['PROXY_UID'],
    type: 'id-list',
    default: '',
    field: 'proxyUid',
    status: 'current',
    defaultNote: 'uid of user $ENVOY_USER (istio-proxy), else 1337; we always use 1337',
    description: 'UIDs whose traffic is not redirected (the proxy itself), comma separated.',
    zh: '不做重定向的用户 UID（即代理自身），逗号分隔。',
    affects: 'ISTIO_OUTPUT --uid-owner triples; DNS conntrack zones; TPROXY marks',
  },
  {
    long: 'proxy-gid',
    short: 'g',
    env: ['PROXY_GID'],
    type: 'id-list',
    default: '',
    field: 'proxyGid',
    status: 'current',
    defaultNote: 'the final proxy uid',
    description:
      'GIDs whose traffic is not redirected, comma separated (defaults to the proxy uid).',
    zh: '不做重定向的用户组 GID，逗号分隔（默认与 -u 相同）。',
    affects: 'ISTIO_OUTPUT --gid-owner triples; DNS conntrack zones',
  },
  {
    long: 'istio-inbound-interception-mode',
    short: 'm',
    env: ['ISTIO_INBOUND_INTERCEPTION_MODE'],
    type: 'mode',
    default: '',
    field: 'istioInboundInterceptionMode',
    status: 'current',
    description:
      'Inbound capture mode: exactly "TPROXY" uses the mangle table; anything else behaves as REDIRECT.',
    zh: '入站拦截模式：只有精确的 "TPROXY" 使用 mangle 表，其它任何值都按 REDIRECT 处理。',
    affects: 'nat REDIRECT vs mangle TPROXY/ISTIO_DIVERT chains',
  },
  {
    long: 'istio-inbound-ports',
    short: 'b',
    env: ['ISTIO_INBOUND_PORTS'],
    type: 'port-list',
    default: '',
    field: 'istioInboundPorts',
    status: 'current',
    description:
      'Inbound ports to capture, comma separated; "*" captures all, empty disables inbound capture.',
    zh: '需要拦截的入站端口，逗号分隔；"*" 表示全部端口，为空则不拦截入站流量。',
    affects: 'PREROUTING -j ISTIO_INBOUND and the ISTIO_INBOUND rules',
  },
  {
    long: 'istio-local-exclude-ports',
    short: 'd',
    env: ['ISTIO_LOCAL_EXCLUDE_PORTS'],
    type: 'port-list',
    default: '',
    field: 'istioLocalExcludePorts',
    status: 'current',
    description: 'Inbound ports excluded from capture; only used when -b is "*".',
    zh: '排除在入站拦截之外的端口；仅当 -b 为 "*" 时生效。',
    affects: 'per-port RETURN in ISTIO_INBOUND',
  },
  {
    long: 'istio-exclude-interfaces',
    short: 'c',
    env: ['ISTIO_EXCLUDE_INTERFACES'],
    type: 'name-list',
    default: '',
    field: 'istioExcludeInterfaces',
    status: 'current',
    description: 'Network interfaces whose traffic is never captured, in either direction.',
    zh: '不拦截其进出流量的网卡列表。',
    affects: 'PREROUTING -i X -j RETURN, OUTPUT -o X -j RETURN',
  },
  {
    long: 'istio-service-cidr',
    short: 'i',
    env: ['ISTIO_SERVICE_CIDR'],
    type: 'cidr-list',
    default: '',
    field: 'istioServiceCidr',
    status: 'current',
    description:
      'Outbound destination CIDRs to redirect to Envoy; "*" redirects all, empty redirects none by destination.',
    zh: '需要重定向到 Envoy 的出站目的 CIDR；"*" 表示全部，为空则不按目的地址重定向。',
    affects: 'ISTIO_OUTPUT -d CIDR -j ISTIO_REDIRECT / final -j ISTIO_REDIRECT',
  },
  {
    long: 'istio-service-exclude-cidr',
    short: 'x',
    env: ['ISTIO_SERVICE_EXCLUDE_CIDR'],
    type: 'cidr-list',
    default: '',
    field: 'istioServiceExcludeCidr',
    status: 'current',
    description: 'Outbound destination CIDRs never redirected; "*" is an error.',
    zh: '出站时不重定向的目的 CIDR；不允许使用 "*"。',
    affects: 'ISTIO_OUTPUT -d CIDR -j RETURN before the includes',
  },
  {
    long: 'istio-outbound-ports',
    short: 'q',
    env: ['ISTIO_OUTBOUND_PORTS'],
    type: 'port-list',
    default: '',
    field: 'istioOutboundPorts',
    status: 'current',
    description: 'Outbound ports always redirected to Envoy, whatever the destination.',
    zh: '无论目的地址如何都重定向到 Envoy 的出站端口。',
    affects: 'ISTIO_OUTPUT -p tcp --dport P -j ISTIO_REDIRECT',
  },
  {
    long: 'istio-local-outbound-ports-exclude',
    short: 'o',
    env: ['ISTIO_LOCAL_OUTBOUND_PORTS_EXCLUDE'],
    type: 'port-list',
    default: '',
    field: 'istioLocalOutboundPortsExclude',
    status: 'current',
    description: 'Outbound ports never redirected (TCP and UDP).',
    zh: '出站时不重定向的端口（TCP 与 UDP）。',
    affects: 'top of ISTIO_OUTPUT: tcp/udp --dport P -j RETURN',
  },
  {
    long: 'kube-virt-interfaces',
    short: 'k',
    env: ['KUBE_VIRT_INTERFACES'],
    type: 'name-list',
    default: '',
    field: 'kubeVirtInterfaces',
    status: 'current',
    description:
      'Virtual interfaces (e.g. KubeVirt VMs) whose inbound traffic is treated as outbound.',
    zh: '虚拟网卡（如 KubeVirt 虚机）列表，其入站流量按出站处理。',
    affects: 'nat PREROUTING -i X -j ISTIO_REDIRECT (inserted first)',
  },
  {
    long: 'istio-inbound-tproxy-mark',
    short: 't',
    env: ['ISTIO_INBOUND_TPROXY_MARK'],
    type: 'mark',
    default: '1337',
    field: 'istioInboundTproxyMark',
    status: 'current',
    description: 'Packet mark used by TPROXY mode and its policy routing.',
    zh: 'TPROXY 模式及其策略路由使用的数据包标记。',
    affects: 'mangle ISTIO_DIVERT/ISTIO_TPROXY marks, CONNMARK, ip rule fwmark',
  },
  {
    long: 'istio-inbound-tproxy-route-table',
    short: 'r',
    env: ['ISTIO_INBOUND_TPROXY_ROUTE_TABLE'],
    type: 'number',
    default: '133',
    field: 'istioInboundTproxyRouteTable',
    status: 'current',
    description: 'Routing table for TPROXY mode (ip rule/route, not iptables).',
    zh: 'TPROXY 模式使用的路由表（ip rule/route，而非 iptables）。',
    affects: 'ip rule fwmark <mark> lookup <table>; local route on lo',
  },
  {
    long: 'dry-run',
    short: 'n',
    env: ['DRY_RUN'],
    type: 'bool',
    default: false,
    field: 'dryRun',
    status: 'current',
    description: 'Do not run iptables; only record what would run.',
    zh: '不实际执行 iptables，只记录将要执行的命令。',
    affects: NONE,
  },
  {
    long: 'iptables-probe-port',
    env: ['IPTABLES_PROBE_PORT'],
    type: 'uint16',
    default: '15002',
    field: 'iptablesProbePort',
    status: 'current',
    description: 'Listen port of the --run-validation probe.',
    zh: '--run-validation 校验探针的监听端口。',
    affects: NONE,
  },
  {
    long: 'probe-timeout',
    env: ['PROBE_TIMEOUT'],
    type: 'duration',
    default: '5s',
    field: 'probeTimeout',
    status: 'current',
    description: 'Timeout of the --run-validation probe (Go duration).',
    zh: '--run-validation 校验探针的超时时间（Go duration 格式）。',
    affects: NONE,
  },
  {
    long: 'skip-rule-apply',
    env: ['SKIP_RULE_APPLY'],
    type: 'bool',
    default: false,
    field: 'skipRuleApply',
    status: 'current',
    description: 'Do not program any rule (used with --run-validation).',
    zh: '不写入任何规则（配合 --run-validation 使用）。',
    affects: 'all (nothing is applied)',
  },
  {
    long: 'run-validation',
    env: ['RUN_VALIDATION'],
    type: 'bool',
    default: false,
    field: 'runValidation',
    status: 'current',
    description: 'After programming, check that redirection works; exit 126 on failure.',
    zh: '写入规则后校验重定向是否生效，失败时以 126 退出。',
    affects: NONE,
  },
  {
    long: 'redirect-dns',
    env: ['REDIRECT_DNS', 'ISTIO_META_DNS_CAPTURE'],
    type: 'bool',
    default: false,
    field: 'redirectDns',
    status: 'current',
    description: 'Capture DNS (port 53) to the istio-agent DNS proxy on 15053.',
    zh: '将 DNS（53 端口）流量拦截到 istio-agent 的 DNS 代理（15053）。',
    affects: 'ISTIO_OUTPUT_DNS in nat and raw; 53 exclusions in loopback rules',
  },
  {
    long: 'drop-invalid',
    env: ['DROP_INVALID', 'INVALID_DROP'],
    type: 'bool',
    default: false,
    field: 'dropInvalid',
    status: 'current',
    description: 'Drop packets conntrack considers INVALID.',
    zh: '丢弃 conntrack 判定为 INVALID 的数据包。',
    affects: 'mangle PREROUTING --ctstate INVALID -j ISTIO_DROP',
  },
  {
    long: 'dual-stack',
    env: ['DUAL_STACK', 'ISTIO_DUAL_STACK'],
    type: 'bool',
    default: false,
    field: 'dualStack',
    status: 'current',
    description: 'Enable IPv6 rules if any pod address is IPv6 (only changes IPv6 auto-detection).',
    zh: '只要 Pod 有任一 IPv6 地址就启用 IPv6 规则（仅影响 IPv6 自动检测）。',
    affects: 'whether ip6tables rules are generated',
  },
  {
    long: 'capture-all-dns',
    env: ['CAPTURE_ALL_DNS'],
    type: 'bool',
    default: false,
    field: 'captureAllDns',
    status: 'current',
    description:
      'With --redirect-dns: capture port 53 to any server, not only the resolv.conf ones.',
    zh: '配合 --redirect-dns：拦截发往任意地址的 53 端口流量，而不只是 resolv.conf 中的服务器。',
    affects: 'ISTIO_OUTPUT_DNS rules without -d',
  },
  {
    long: 'network-namespace',
    env: ['NETWORK_NAMESPACE'],
    type: 'string',
    default: '',
    field: 'networkNamespace',
    status: 'current',
    description: 'Network namespace to program the rules in.',
    zh: '写入规则的网络命名空间。',
    affects: NONE,
  },
  {
    long: 'cni-mode',
    env: ['CNI_MODE'],
    type: 'bool',
    default: false,
    field: 'cniMode',
    status: 'current',
    description: 'Running from the CNI plugin (pod-scoped xtables lock).',
    zh: '作为 CNI 插件运行（使用 Pod 级 xtables 锁）。',
    affects: NONE,
  },
  {
    long: 'reconcile',
    env: ['RECONCILE'],
    type: 'bool',
    default: false,
    field: 'reconcile',
    status: 'current',
    description: 'Replace drifted Istio rules instead of failing.',
    zh: '发现已有 Istio 规则不一致时清理并重新写入，而不是报错。',
    affects: NONE,
  },
  {
    long: 'cleanup-only',
    env: ['CLEANUP_ONLY'],
    type: 'bool',
    default: false,
    field: 'cleanupOnly',
    status: 'current',
    description: 'Only delete Istio chains and rules.',
    zh: '只删除 Istio 的链和规则。',
    affects: 'all (rules are removed, not added)',
  },
  {
    long: 'force-apply',
    env: ['FORCE_APPLY'],
    type: 'bool',
    default: false,
    field: 'forceApply',
    status: 'current',
    description: 'Apply even if the rules seem to be in place already.',
    zh: '即使规则看起来已存在也强制写入。',
    affects: NONE,
  },
  {
    long: 'native-nftables',
    env: ['NATIVE_NFTABLES'],
    type: 'bool',
    default: false,
    field: 'nativeNftables',
    status: 'current',
    description: 'Use native nftables rules instead of iptables.',
    zh: '使用原生 nftables 规则代替 iptables。',
    affects: 'all (nftables backend)',
  },
  {
    long: 'force-iptables-binary',
    env: ['FORCE_IPTABLES_BINARY'],
    type: 'iptables-binary',
    default: '',
    field: 'forceIptablesBinary',
    status: 'current',
    description:
      'Break-glass choice of iptables binary (flag name inferred from the config field).',
    zh: '强制指定 iptables 可执行文件（应急选项；参数名由配置字段推断）。',
    affects: NONE,
  },
  {
    long: 'force-legacy-iptables',
    env: ['FORCE_LEGACY_IPTABLES'],
    type: 'bool',
    default: false,
    status: 'variant',
    description: 'Sibling version of the newest code: force iptables-legacy.',
    zh: '最新代码的另一版本：强制使用 iptables-legacy。',
    affects: NONE,
  },
  {
    long: 'iptables-trace-logging',
    env: [],
    type: 'bool',
    default: false,
    field: 'iptablesTraceLogging',
    status: 'removed',
    description: 'Removed: inserted NFLOG trace rules (older profiles only).',
    zh: '已移除：为规则插入 NFLOG 跟踪日志（仅旧版本）。',
    affects: 'NFLOG rules in older profiles',
  },
  {
    long: 'restore-format',
    short: 'f',
    env: [],
    type: 'bool',
    default: true,
    status: 'older',
    description: 'Older releases: print rules in iptables-restore format. Ignored.',
    zh: '旧版本：以 iptables-restore 格式输出规则。此处忽略。',
    affects: NONE,
  },
  {
    long: 'iptables-version',
    env: [],
    type: 'string',
    default: '',
    status: 'older',
    description: 'Older releases: iptables version to use (auto-detected if unset). Ignored.',
    zh: '旧版本：指定 iptables 版本（不设置则自动检测）。此处忽略。',
    affects: NONE,
  },
  {
    long: 'help',
    short: 'h',
    env: [],
    type: 'bool',
    default: false,
    status: 'pilot-agent',
    description: 'Print usage; nothing is programmed.',
    zh: '打印用法，不写入任何规则。',
    affects: NONE,
  },
  ...[
    'log_as_json:bool',
    'log_caller:string',
    'log_output_level:string',
    'log_rotate:string',
    'log_rotate_max_age:int',
    'log_rotate_max_backups:int',
    'log_rotate_max_size:int',
    'log_stacktrace_level:string',
    'log_target:string-array',
    'vklog:int',
  ].map(logFlag),
];

function logFlag(spec: string): FlagSpec {
  const [long = '', type = 'string'] = spec.split(':');
  return {
    long,
    env: [],
    type: type as FlagType,
    default: type === 'bool' ? false : '',
    status: 'pilot-agent',
    description: 'pilot-agent logging option; does not affect the rules.',
    zh: 'pilot-agent 日志选项，不影响规则。',
    affects: NONE,
  };
}

/**
 * Options read only from the environment (upstream: tools/common/config/config.go).
 *
 * @example
 * ENV_OPTIONS.find((o) => o.env === 'ISTIO_OUTBOUND_OWNER_GROUPS')?.default; // '*'
 */
export const ENV_OPTIONS: readonly EnvOptionSpec[] = [
  {
    env: 'ISTIO_OUTBOUND_OWNER_GROUPS',
    type: 'name-list',
    default: '*',
    field: 'ownerGroupsInclude',
    description:
      'Groups (names or GIDs) whose outbound traffic is captured; "*" = all (at most 64).',
    zh: '出站流量会被拦截的用户组（名称或 GID）；"*" 表示全部（最多 64 个）。',
    affects: 'ISTIO_OUTPUT -m owner ! --gid-owner … -j RETURN',
  },
  {
    env: 'ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE',
    type: 'name-list',
    default: '',
    field: 'ownerGroupsExclude',
    description:
      'Groups whose outbound traffic is not captured; only when the include list is "*".',
    zh: '出站流量不被拦截的用户组；仅当包含列表为 "*" 时生效。',
    affects: 'ISTIO_OUTPUT -m owner --gid-owner X -j RETURN',
  },
  {
    env: 'ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR',
    type: 'string',
    default: '127.0.0.1/32',
    field: 'hostIPv4LoopbackCidr',
    description: 'IPv4 loopback CIDR used in the loopback rules (IPv6 always uses ::1/128).',
    zh: '回环规则中使用的 IPv4 回环 CIDR（IPv6 固定为 ::1/128）。',
    affects: '! -d / -d <loopback> in ISTIO_OUTPUT and TPROXY rules',
  },
  {
    env: 'ENVOY_USER',
    type: 'string',
    default: 'istio-proxy',
    description:
      'User looked up to default the proxy uid; users cannot be looked up here, so 1337 is used.',
    zh: '用于推导代理 UID 的用户名；此处无法查询用户，固定使用 1337。',
    affects: 'default of --proxy-uid',
  },
  {
    env: 'DRY_RUN_FILE_PATH',
    type: 'string',
    default: '',
    description: 'With --dry-run: file the recorded commands are written to.',
    zh: '配合 --dry-run：记录的命令写入此文件。',
    affects: NONE,
  },
];

/**
 * Looks a flag up by long name (without dashes).
 *
 * @example
 * findFlag('redirect-dns')?.env; // ['REDIRECT_DNS', 'ISTIO_META_DNS_CAPTURE']
 */
export function findFlag(long: string): FlagSpec | undefined {
  return BY_LONG.get(long);
}

/**
 * Looks a flag up by its one-letter shorthand.
 *
 * @example
 * findShortFlag('x')?.long; // 'istio-service-exclude-cidr'
 */
export function findShortFlag(short: string): FlagSpec | undefined {
  return BY_SHORT.get(short);
}

/**
 * The flag that sets a config field (env-only fields have none: see ENV_OPTIONS).
 *
 * @example
 * findFlagForField('envoyPort')?.short; // 'p'
 */
export function findFlagForField(field: ConfigField): FlagSpec | undefined {
  return ISTIO_FLAGS.find((f) => f.field === field);
}

const BY_LONG = new Map(ISTIO_FLAGS.map((f) => [f.long, f] as const));
const BY_SHORT = new Map(
  ISTIO_FLAGS.flatMap((f) => (f.short === undefined ? [] : [[f.short, f] as const])),
);

/**
 * The config istio-iptables runs with when given no flags and no environment: Istio's defaults,
 * proxy uid and gid 1337, IPv4 only, no DNS servers.
 *
 * @example
 * DEFAULT_CONFIG.envoyPort; // '15001'
 * DEFAULT_CONFIG.ownerGroupsInclude; // '*'
 */
export const DEFAULT_CONFIG: IstioConfig = buildConfig(
  defaultRawValues(ISTIO_FLAGS, ENV_OPTIONS),
  ISTIO_FLAGS,
  ENV_OPTIONS,
  { enableIPv6: false, dnsServersV4: [], dnsServersV6: [] },
);
