import type { MessageCatalogue } from '@core';

/**
 * The Chinese text of every core message (the English is the core's MESSAGES_EN). Typed as a
 * full catalogue, so a missing id is a compile error; catalogue.test.ts checks the parameters.
 * Typography: a space between Chinese and Latin letters or digits, full-width punctuation.
 */
export const CORE_MESSAGES_ZH: MessageCatalogue = {
  'capture.redirect-loop':
    'Envoy 自己的连接又被拦截：重定向循环。Envoy 以 uid {uid} 运行，但 {flag} 是 {value}，所以 owner 规则 {rule} 没有放行它发往上游的连接，这些连接又回到了它自己在端口 {port} 上的监听器。',
  'capture.redirect-loop.no-rule':
    'Envoy 自己的连接又被拦截：重定向循环。Envoy 以 uid {uid} 运行，而 {flag} 是 {value}：没有规则放行它发往上游的连接，这些连接又回到它自己在端口 {port} 上的监听器。',
  'capture.app-escapes':
    '应用流量逃过了拦截：uid {uid} 发往 {address}:{port} 的连接被 {rule}（{flag}）直接放行，没有经过 Envoy。',
  'capture.app-escapes.no-rule':
    '应用流量逃过了拦截：uid {uid} 发往 {address}:{port} 的连接没有经过 Envoy 就离开了 Pod。',
  'capture.inbound-bypass':
    '发往端口 {port} 的入站流量绕过了 Sidecar：{rule}（{flag}）把它直接交给应用，不经过 Envoy（没有 mTLS，也没有策略）。',
  'capture.inbound-bypass.no-rule':
    '发往端口 {port} 的入站流量绕过了 Sidecar：{flag} 是 {value}，没有规则把它重定向到 Envoy（没有 mTLS，也没有策略）。',
  'capture.no-listener':
    '入站连接被 {rule} 重定向到端口 {port}（{flag}），但 Envoy 的入站监听器在端口 {listener}：没有进程接受这些连接，调用方收到 503。',
  'fix.proxy-uid':
    '修复：把 {flag} 设为 {uid}，即 Envoy 运行时的 uid（istio-proxy 的 runAsUser）。',
  'fix.review-flag': '修复：如果不是有意为之，从 {flag} 中去掉这个值。',
  'fix.inbound-ports': "修复：把 {port} 加入 {include}（或用 '*'），并从 {exclude} 中去掉。",
  'fix.listener-port': '修复：把 {flag} 设为 {listener}，即 Envoy 入站监听器的端口。',
  'route.loopback-source':
    '路由在 OUTPUT 钩子之前拒绝了这个包（{errno}）：源地址 {address} 是回环地址，而路由要从 {oif} 出去。套接字调用失败，netfilter 根本看不到这个包。',
  'route.loopback-source.reroute':
    '{table} 表在 OUTPUT 中改变了这个包，重新路由时被拒绝（{errno}）：源地址 {address} 是回环地址，而新路由要从 {oif} 出去。内核就地丢弃它（UDP 发送失败，TCP 的 SYN 丢失）。',
  'route.no-route':
    '没有到 {address} 的路由（{errno}）：套接字调用在 OUTPUT 钩子之前就失败了，netfilter 根本看不到这个包。',
  'route.loopback-source-leaves-node':
    '回环源地址 {address} 从 {oif} 发出：内核会发送这个包，但接收方会丢弃它（RFC 4291 §2.5.3）。',
  'ambient.app-connect':
    '{pod} 的应用调用 {service}：connect() {src} -> {dst}，即这个 Service 的 ClusterIP。Pod 里没有 Sidecar：由它自己的 ambient 规则决定去向。',
  'ambient.ztunnel-dns':
    'ztunnel（{node}）在 {pod} 网络命名空间内的 DNS 代理（端口 15053）上回答应用对 {name} 的 DNS 查询，返回它从 istiod 得知的 Service ClusterIP {address}：查询不会离开 Pod。',
  'ambient.ztunnel-outbound':
    'ztunnel（{node}）在 {pod} 网络命名空间内的出站套接字（端口 15001）上接受这个连接；原始目的地址 {target} 属于 Service {service}。',
  'ambient.ztunnel-pick':
    '{service} 没有 waypoint：ztunnel 在四层上把连接分散到全部 {count} 个端点（{endpoints}），不区分版本；这一个连接去了 {chosen}。',
  'ambient.ztunnel-pick-waypoint':
    '{service} 使用 waypoint {waypoint}（istio.io/use-waypoint）：ztunnel 把连接发给 waypoint，CONNECT 的目标是 Service 的地址。',
  'ambient.ztunnel-connect':
    'ztunnel 从 {pod} 网络命名空间内一个带 0x539 标记的套接字 connect() {src} -> {dst}。',
  'ambient.ztunnel-hbone':
    'HBONE：ztunnel 以 {pod} 的身份向 {upstream} 建立双向 TLS，并发送 HTTP/2 CONNECT {target}；0x539 标记让这个连接不会被 15001 重定向。',
  'ambient.ztunnel-inbound':
    'ztunnel（{node}）在 {pod} 网络命名空间内的 {address} 上接受 HBONE 连接（15008 端口从不被重定向），以 {pod} 的身份终结双向 TLS，检查 CONNECT 目标 {target} 就是这个 Pod，并执行四层授权。',
  'ambient.ztunnel-deliver':
    'ztunnel 从一个带 0x539 标记、源地址为 {source} 的透明套接字连接 {pod} 的应用 {target}：应用看到的是调用方的地址。',
  'ambient.ztunnel-return-app':
    '应用发往 {address} 的回复带上了 0x111 标记（从连接标记恢复），策略路由 fwmark 0x111 → 表 100（local default dev lo）把它交给 {pod} 里 ztunnel 的透明套接字，而不是从 eth0 发出。',
  'ambient.ztunnel-return-tunnel': '{pod} 里的 ztunnel 把响应经 HBONE 隧道送回。',
  'ambient.ztunnel-return-caller':
    'ztunnel 把响应写回应用的连接，也就是它在 {pod} 内端口 {port} 上接受的那个连接。',
  'ambient.app-serves':
    '{pod} 的应用在端口 {port} 上处理 {method} {path}（200）；连接的来源是 {source}。',
  'ambient.wire': '{from} → {to}：{src} -> {dst}',
  'ambient.client-wire':
    '客户端 → 负载均衡 → 节点：kube-proxy 把连接转发给网关 Pod {pod}，{src} -> {dst}（节点规则，不做模拟）。',
  'ambient.envoy-connect': '{pod} 的 Envoy connect() {src} -> {dst}。',
  'ambient.gateway-listener':
    '{pod} 的 Envoy 在 {address} 上接受连接（监听器 {listener}）；网关 Pod 不被拦截。',
  'ambient.gateway-hbone':
    '网关的 Envoy 知道 {pod} 处于 ambient 模式（它的端点隧道是 HBONE）：向 {upstream} 建立双向 TLS，并发送 HTTP/2 CONNECT {target}。',
  'ambient.waypoint-accept':
    'Waypoint {waypoint}（{pod}，一个不被 ambient 拦截的 Envoy）在 {address} 上终结 HBONE；CONNECT 目标 {target} 是 Service {service}，所以它的七层路由在这里生效。',
  'ambient.envoy-route': '{pod} 按 Host {host} 路由：路由 {route} → 集群 {cluster}。',
  'ambient.envoy-cluster': '{pod} 使用集群 {cluster}（{type}）。',
  'ambient.envoy-endpoint': '{pod}：{cluster} 的端点 {endpoints} → {chosen}。',
  'ambient.waypoint-connect':
    'Waypoint {waypoint} 向 {upstream} 上的 {chosen} 建立 HBONE，并发送 HTTP/2 CONNECT {target}。',
  'ambient.probe':
    '{node} 上的 kubelet 探测 {pod} 的端口 {port}：节点 nat 表的 ISTIO_POSTRT 规则把连接 SNAT 成 {address}，{pod} 的规则放行这个源地址，探测不经过 ztunnel 直接到达应用。',
  'ambient.ignored-route':
    '{kind} {name} 为 {service} 配置了路由，但 {service} 没有 waypoint：ambient 模式下只有 waypoint（istio.io/use-waypoint）执行七层路由，所以这条路由被忽略，ztunnel 把连接分散到全部 {count} 个端点（{endpoints}）。',
  'ambient.app-connect-plain':
    '{pod} 不在 ambient 模式下（没有 Pod 内规则）：它的应用 connect() {src} -> {dst}，发往 {service} 的 ClusterIP，连接原样离开 Pod。',
  'ambient.kube-proxy':
    '{from} → 节点：{src} -> {dst}；节点上的 kube-proxy 把 ClusterIP DNAT 成 {target}（节点规则，不做模拟）。',
  'ambient.ztunnel-plaintext':
    '{pod} 不在 ambient 模式下：ztunnel 用普通 TCP 连接它（{target}），没有 HBONE，也没有双向 TLS；源地址仍是调用方 Pod 的地址。',
  'ambient.ztunnel-inbound-plaintext':
    'ztunnel（{node}）在 {pod} 网络命名空间内接受被重定向到 {address} 的明文连接（入站明文套接字 15006）；原始目的地址是 {target}，STRICT 的 PeerAuthentication 会在这里拒绝它。',
  'ambient.app-serves-plain':
    '{pod} 的应用不经过 ztunnel 在端口 {port} 上处理 {method} {path}（200）；连接的来源是 {source}。',
  'ambient.not-delivered': '{pod} 的 netfilter 没有把连接交到应去的地方（{final}）：连接无法建立。',
  'ambient.wrong-port':
    '{pod} 的规则把发往端口 {port} 的连接交给了端口 {delivered}，那里没有预期的接收者。',
  'ambient.route-not-found': '{proxy} 没有匹配 {method} {target} 的路由：Envoy 返回 404。',
  'ambient.missing-cluster':
    '{source} 把请求发往集群 {cluster}，但 {proxy} 没有这个集群（没有 DestinationRule 定义这个子集）：Envoy 返回 503。',
  'ambient.no-healthy-upstream': '{cluster} 没有端点：没有健康的上游，返回 503。',
  'ambient.regex-route': '{source} 的路由 {route} 使用了正则匹配，这里不做计算，按不匹配处理。',
  'ambient.unknown-service': 'Pod {pod} 调用的 Service {service} 在场景中没有定义。',
  'ambient.unknown-request':
    '从 Pod {pod} 到 Service {service} 的请求引用了场景中没有定义的 Pod 或 Service。',
  'ambient.unknown-waypoint':
    '为 Service {service} 要求了 waypoint，但场景中没有定义这个 Service。',
  'ambient.step-limit': '请求树在 {hops} 次调用或 {depth} 层之后被截断。',
  'ambient.no-endpoint': 'Service {service} 没有端点：ztunnel 无处可连。',
};
