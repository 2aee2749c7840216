/**
 * Strings of the iptables / nftables backend switch and the nftables views, spread into the
 * app dictionary (`i18n/messages.ts`); `BACKEND_ZH` is typed against the English keys.
 */
export const BACKEND_EN = {
  'backend.label': 'Backend',
  'backend.title':
    'Which program writes the rules: istio-iptables, or --native-nftables (Istio 1.27+)',
  'backend.iptables': 'iptables',
  'backend.nftables': 'nftables',
  'backend.sidecarOnly': 'The nftables backend is a sidecar (istio-init) switch here',
  'rules.tab.nft.save': 'nft list ruleset',
  'rules.tab.nft.restore': 'nft -f input',
  'rules.tab.nft.dry-run': 'dry-run',
  'rules.tab.nft.list': 'per table',
  'graph.hook': 'hook {hook}, priority {priority} ({type})',
  'editor.nftSummary': 'nftables · {tables} tables · {chains} chains · {rules} rules',
  'diff.otherBackend': 'the other backend ({backend}, side by side)',
  'diff.otherBackendArgsOnly': 'the other backend: only for istio-init args',
  'diff.otherBackendProfile': 'the other backend: needs an Istio 1.27+ profile',
  'diff.otherBackendSidecar': 'the other backend: sidecar data plane only',
  'backendCompare.legendLinked':
    'Same origin (flags): hover or focus a rule to light up its counterpart',
  'backendCompare.legendOrphan': 'No counterpart on the other side',
  'backendCompare.orphan': 'no counterpart in {backend}',
  'backendCompare.counterpart': 'counterpart: {text}',
  'backendCompare.noFlag': 'no flag',
  'backendCompare.unavailable': 'The other backend wrote no rules for these args.',
  'backendCompare.title': '{backend}: {view}',
} as const;

export const BACKEND_ZH: { readonly [K in keyof typeof BACKEND_EN]: string } = {
  'backend.label': '后端',
  'backend.title': '由哪个程序写入规则：istio-iptables，或 --native-nftables（Istio 1.27 及以上）',
  'backend.iptables': 'iptables',
  'backend.nftables': 'nftables',
  'backend.sidecarOnly': '此处的 nftables 后端只适用于 Sidecar（istio-init）',
  'rules.tab.nft.save': 'nft list ruleset',
  'rules.tab.nft.restore': 'nft -f 输入',
  'rules.tab.nft.dry-run': 'dry-run',
  'rules.tab.nft.list': '按表',
  'graph.hook': '钩子 {hook}，优先级 {priority}（{type}）',
  'editor.nftSummary': 'nftables · {tables} 张表 · {chains} 条链 · {rules} 条规则',
  'diff.otherBackend': '另一个后端（{backend}，并排对照）',
  'diff.otherBackendArgsOnly': '另一个后端：仅适用于 istio-init 参数',
  'diff.otherBackendProfile': '另一个后端：需要 Istio 1.27 及以上的版本配置',
  'diff.otherBackendSidecar': '另一个后端：仅适用于 Sidecar 数据平面',
  'backendCompare.legendLinked': '来源相同（标志）：悬停或聚焦一条规则，即可高亮另一侧对应的规则',
  'backendCompare.legendOrphan': '另一侧没有对应的规则',
  'backendCompare.orphan': '{backend} 中没有对应的规则',
  'backendCompare.counterpart': '对应规则：{text}',
  'backendCompare.noFlag': '无标志',
  'backendCompare.unavailable': '另一个后端没有为这些参数写入规则。',
  'backendCompare.title': '{backend}：{view}',
};
