/**
 * Strings of the data-plane switch, the ambient / CNI-plugin editors and the sidecar-vs-ambient
 * comparison, spread into the app dictionary (`i18n/messages.ts`); `DATAPLANE_ZH` is typed
 * against the English keys.
 */
export const DATAPLANE_EN = {
  'dataplane.label': 'Data plane',
  'dataplane.title': 'Who writes the pod’s rules',
  'dataplane.sidecar': 'Sidecar (istio-init)',
  'dataplane.ambient': 'Ambient (ztunnel)',
  'dataplane.cni': 'Sidecar via CNI plugin',
  'dataplane.titleAmbient': 'Ambient: node agent settings and pod annotations',
  'dataplane.titleCni': 'CNI plugin: pod annotations and istio-proxy settings',
  'dataplane.labelAmbient':
    'Ambient settings: one key: value per line, node agent env (AMBIENT_DNS_CAPTURE, HOST_PROBE_SNAT_IP) and pod annotations',
  'dataplane.labelCni':
    'CNI plugin settings: one key: value per line, pod annotations, istio-proxy env and runAsUser / runAsGroup',
  'dataplane.noProblemsAmbient':
    'No problems: the istio-cni node agent would accept these settings.',
  'dataplane.noProblemsCni': 'No problems: the istio-cni plugin would accept these annotations.',
  'dataplane.diffNoProfile':
    'The istio-cni rules have no Istio version profile to compare with; compare with the previous output instead.',
  'dataplane.ipv6Title':
    'The pod has an IPv6 address, so istio-cni also writes ip6tables rules (ambient: AMBIENT_IPV6)',
  'dataplane.scope': 'Rules of',
  'dataplane.scopePod': 'the pod (in-pod)',
  'dataplane.scopeNode': 'the node (host probe)',
  'dataplane.setup': 'The node agent also adds (netlink):',
  'dataplane.setupCni': 'The plugin also adds (netlink):',
  'dataplane.cniArgv': 'The plugin runs istio-iptables with:',
  'dataplane.cniFacts': 'Where this differs from istio-init:',
  'dataplane.fact.inboundOrder':
    'Inbound exclusions come in the plugin’s order, -d {cni} (istio-init: -d {istioInit}): the same ports, their RETURN rules in another order.',
  'dataplane.fact.outboundDefault':
    'Outbound port exclusions default to -o {ports}: istio-init excludes no outbound port unless the pod is annotated.',
  'dataplane.fact.dnsAll':
    'DNS capture adds --capture-all-dns: queries to every DNS server are redirected, not only to the pod’s nameservers.',
  'dataplane.fact.uid':
    'The proxy uid {uid} and gid {gid} come from istio-proxy’s securityContext, not the injector’s 1337.',
  'dataplane.versionNote': 'The Istio version picks istio-init’s profile; ambient rules have none.',
  'dataplane.waypoints': 'Waypoint for',
  'dataplane.waypointsTitle':
    'Services labelled istio.io/use-waypoint: only a waypoint applies their L7 routing',
  'dataplane.pathNote':
    'Ambient: every pod is enrolled with the node agent’s default settings; ztunnel carries L4 and mTLS (HBONE, port 15008), waypoints do L7.',
  'dataplane.partZtunnel': 'ztunnel (node)',
  'dataplane.partWaypoint': 'waypoint Envoy',
  'compare.title': 'The same request: sidecar vs ambient',
  'compare.aspect': 'Aspect',
  'compare.sidecar': 'Sidecar (istio-init defaults)',
  'compare.ambient': 'Ambient (this path)',
  'compare.calls': 'Calls',
  'compare.passes': 'Proxy passes',
  'compare.mtls': 'Where mTLS ends',
  'compare.ports': 'Proxy ports',
  'compare.l7': 'Where L7 routing happens',
  'presets.ambient': 'Ambient (istio-cni node agent)',
  'presets.cni': 'Sidecar via the istio-cni plugin',
  'presets.ambientDefault': 'Ambient pod, defaults',
  'presets.ambientDns': 'Ambient pod, DNS captured (AMBIENT_DNS_CAPTURE)',
  'presets.ambientIngress': 'Ingress gateway pod (bypass-inbound-capture)',
  'presets.ambientVirtual': 'KubeVirt pod (reroute-virtual-interfaces)',
  'presets.cniDefault': 'Injected pod, CNI plugin defaults',
  'presets.cniTproxy': 'CNI plugin, TPROXY interception',
  'presets.cniExclusions': 'CNI plugin, port and CIDR exclusions',
  'presets.cniDns': 'CNI plugin, DNS capture (ISTIO_META_DNS_CAPTURE)',
} as const;

export const DATAPLANE_ZH: { readonly [K in keyof typeof DATAPLANE_EN]: string } = {
  'dataplane.label': '数据平面',
  'dataplane.title': '谁写入 Pod 的规则',
  'dataplane.sidecar': 'Sidecar（istio-init）',
  'dataplane.ambient': 'Ambient（ztunnel）',
  'dataplane.cni': 'Sidecar，经 CNI 插件',
  'dataplane.titleAmbient': 'Ambient：节点代理设置与 Pod 注解',
  'dataplane.titleCni': 'CNI 插件：Pod 注解与 istio-proxy 设置',
  'dataplane.labelAmbient':
    'Ambient 设置：每行一个 key: value，节点代理的环境变量（AMBIENT_DNS_CAPTURE、HOST_PROBE_SNAT_IP）和 Pod 注解',
  'dataplane.labelCni':
    'CNI 插件设置：每行一个 key: value，Pod 注解、istio-proxy 环境变量和 runAsUser / runAsGroup',
  'dataplane.noProblemsAmbient': '没有问题：istio-cni 节点代理会接受这些设置。',
  'dataplane.noProblemsCni': '没有问题：istio-cni 插件会接受这些注解。',
  'dataplane.diffNoProfile':
    'istio-cni 的规则没有可供对比的 Istio 版本 profile；请改为与上一次的输出对比。',
  'dataplane.ipv6Title':
    'Pod 有 IPv6 地址，istio-cni 也会写入 ip6tables 规则（ambient：AMBIENT_IPV6）',
  'dataplane.scope': '显示',
  'dataplane.scopePod': 'Pod 内（in-pod）的规则',
  'dataplane.scopeNode': '节点上（host probe）的规则',
  'dataplane.setup': '节点代理还会（经 netlink）添加：',
  'dataplane.setupCni': 'CNI 插件还会（经 netlink）添加：',
  'dataplane.cniArgv': 'CNI 插件以这些参数运行 istio-iptables：',
  'dataplane.cniFacts': '与 istio-init 的不同之处：',
  'dataplane.fact.inboundOrder':
    '入站排除端口按插件的顺序写出，即 -d {cni}（istio-init 为 -d {istioInit}）：端口相同，RETURN 规则的顺序不同。',
  'dataplane.fact.outboundDefault':
    '出站排除端口默认为 -o {ports}；istio-init 除非 Pod 有注解，否则不排除任何出站端口。',
  'dataplane.fact.dnsAll':
    'DNS 捕获会加上 --capture-all-dns：发往任何 DNS 服务器的查询都会被重定向，而不只是 Pod 的 nameserver。',
  'dataplane.fact.uid':
    '代理的 uid {uid} 和 gid {gid} 取自 istio-proxy 的 securityContext，而不是注入器的 1337。',
  'dataplane.versionNote': 'Istio 版本决定 istio-init 的 profile；ambient 规则与它无关。',
  'dataplane.waypoints': '使用 waypoint 的服务',
  'dataplane.waypointsTitle':
    '带 istio.io/use-waypoint 标签的服务：只有 waypoint 会执行它们的七层路由',
  'dataplane.pathNote':
    'Ambient：每个 Pod 都按节点代理的默认设置纳管；ztunnel 负责四层与双向 TLS（HBONE，15008 端口），waypoint 负责七层。',
  'dataplane.partZtunnel': 'ztunnel（节点）',
  'dataplane.partWaypoint': 'waypoint Envoy',
  'compare.title': '同一个请求：Sidecar 与 ambient 对比',
  'compare.aspect': '方面',
  'compare.sidecar': 'Sidecar（istio-init 默认参数）',
  'compare.ambient': 'Ambient（当前路径）',
  'compare.calls': '调用次数',
  'compare.passes': '经过代理的次数',
  'compare.mtls': '双向 TLS 在哪里终结',
  'compare.ports': '代理端口',
  'compare.l7': '七层路由在哪里发生',
  'presets.ambient': 'Ambient（istio-cni 节点代理）',
  'presets.cni': 'Sidecar，经 istio-cni 插件',
  'presets.ambientDefault': 'Ambient Pod，默认设置',
  'presets.ambientDns': 'Ambient Pod，捕获 DNS（AMBIENT_DNS_CAPTURE）',
  'presets.ambientIngress': 'Ingress 网关 Pod（bypass-inbound-capture）',
  'presets.ambientVirtual': 'KubeVirt Pod（reroute-virtual-interfaces）',
  'presets.cniDefault': '注入的 Pod，CNI 插件默认设置',
  'presets.cniTproxy': 'CNI 插件，TPROXY 拦截',
  'presets.cniExclusions': 'CNI 插件，排除端口与 CIDR',
  'presets.cniDns': 'CNI 插件，捕获 DNS（ISTIO_META_DNS_CAPTURE）',
};
