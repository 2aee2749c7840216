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
};
