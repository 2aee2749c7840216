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
};
