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
  'dataplane.scope': 'Rules of',
  'dataplane.scopePod': 'the pod (in-pod)',
  'dataplane.scopeNode': 'the node (host probe)',
  'dataplane.setup': 'The node agent also adds (netlink):',
  'dataplane.versionNote': 'The Istio version picks istio-init’s profile; ambient rules have none.',
  'dataplane.pathUnavailable':
    'The Bookinfo path of the ambient data plane (ztunnel and waypoint hops) is not available in this build yet. The rules, chain graph and workbench show the ambient in-pod rules; switch the data plane to sidecar to play the sidecar path.',
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
  'dataplane.scope': '显示',
  'dataplane.scopePod': 'Pod 内（in-pod）的规则',
  'dataplane.scopeNode': '节点上（host probe）的规则',
  'dataplane.setup': '节点代理还会（经 netlink）添加：',
  'dataplane.versionNote': 'Istio 版本决定 istio-init 的 profile；ambient 规则与它无关。',
  'dataplane.pathUnavailable':
    '本版本还不能展示 ambient 数据平面的 Bookinfo 路径（ztunnel 与 waypoint 跳）。规则、链图和工作台显示的是 ambient 的 Pod 内规则；把数据平面切回 Sidecar 即可播放 Sidecar 的路径。',
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
