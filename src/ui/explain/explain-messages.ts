/**
 * The strings of the explanations (consequences, severities, the Bookinfo summary), spread into
 * the app dictionary; `EXPLAIN_ZH` is typed against the English keys.
 */
export const EXPLAIN_EN = {
  'severity.error': 'error',
  'severity.warning': 'warning',
  'severity.info': 'info',
  'consequences.title': 'What these arguments do to the traffic',
  'consequences.aria': 'Consequences of the arguments, from simulated packets',
  'consequences.packet.envoy-upstream': "Envoy's upstream connection (uid {uid})",
  'consequences.packet.app-outbound': 'app call to a Service (uid {uid})',
  'consequences.packet.inbound-app': 'inbound request to the app',
  'bookinfo.label': 'Bookinfo GET /productpage:',
  'bookinfo.open': 'Show the path',
  'bookinfo.pending': 'computing the request path…',
  'bookinfo.ok': '{status}',
  'bookinfo.failedOne': '{status} — 1 upstream call failed ({statuses})',
  'bookinfo.failedMany': '{status} — {count} upstream calls failed ({statuses})',
  'bench.bypass': 'This packet does not go through Envoy: the sidecar is bypassed.',
  'bench.loop': "This packet comes back to Envoy's own listener: a redirect loop.",
} as const;

export type ExplainMessageKey = keyof typeof EXPLAIN_EN;

export const EXPLAIN_ZH: Readonly<Record<ExplainMessageKey, string>> = {
  'severity.error': '错误',
  'severity.warning': '警告',
  'severity.info': '提示',
  'consequences.title': '这些参数对流量的影响',
  'consequences.aria': '参数的后果（由模拟数据包得出）',
  'consequences.packet.envoy-upstream': 'Envoy 发往上游的连接（uid {uid}）',
  'consequences.packet.app-outbound': '应用调用 Service（uid {uid}）',
  'consequences.packet.inbound-app': '发给应用的入站请求',
  'bookinfo.label': 'Bookinfo GET /productpage：',
  'bookinfo.open': '查看请求路径',
  'bookinfo.pending': '正在计算请求路径…',
  'bookinfo.ok': '{status}',
  'bookinfo.failedOne': '{status} — 1 个上游调用失败（{statuses}）',
  'bookinfo.failedMany': '{status} — {count} 个上游调用失败（{statuses}）',
  'bench.bypass': '这个数据包没有经过 Envoy：绕过了 Sidecar。',
  'bench.loop': '这个数据包又回到了 Envoy 自己的监听器：重定向循环。',
};
