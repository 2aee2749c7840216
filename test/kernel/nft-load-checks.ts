/**
 * nftables programs that parse but that nf_tables may refuse at load time (a chain type at the
 * wrong hook, NAT or tproxy outside their hooks, also through a jump, a jump to a base chain,
 * reachable loops, too deep nesting), and a few it loads. The kernel decides; `checkNftLoad`
 * must predict it.
 */
export interface NftLoadCase {
  readonly name: string;
  readonly script: string;
}

const chain = (type: string, hook: string, body: string, family = 'ip') =>
  `table ${family} t {\n  chain o { type ${type} hook ${hook} priority 0; policy accept;\n    ${body}\n  }\n}\n`;

const deep = (levels: number) => {
  const chains = Array.from(
    { length: levels },
    (_, i) => `  chain c${i} {\n    ${i + 1 < levels ? `jump c${i + 1}` : 'counter'}\n  }`,
  );
  return `table inet t {\n${chains.join('\n')}\n  chain o { type filter hook output priority 0;\n    jump c0\n  }\n}\n`;
};

export const NFT_LOAD_CASES: readonly NftLoadCase[] = [
  { name: 'snat in output', script: chain('nat', 'output', 'snat to 10.0.0.1') },
  { name: 'snat in input', script: chain('nat', 'input', 'snat to 10.0.0.1') },
  { name: 'dnat in postrouting', script: chain('nat', 'postrouting', 'dnat to 10.0.0.1') },
  { name: 'dnat in output', script: chain('nat', 'output', 'dnat to 10.0.0.1') },
  { name: 'redirect in a filter chain', script: chain('filter', 'output', 'redirect to :15001') },
  { name: 'masquerade in prerouting', script: chain('nat', 'prerouting', 'masquerade') },
  { name: 'masquerade in postrouting', script: chain('nat', 'postrouting', 'masquerade') },
  {
    name: 'tproxy in output',
    script: chain('filter', 'output', 'meta l4proto tcp tproxy to :15006'),
  },
  {
    name: 'tproxy in prerouting',
    script: chain('filter', 'prerouting', 'meta l4proto tcp tproxy to :15006'),
  },
  { name: 'route chain at input', script: chain('route', 'input', 'counter') },
  { name: 'nat chain at forward', script: chain('nat', 'forward', 'counter', 'inet') },
  {
    name: 'redirect reached through a jump from postrouting',
    script:
      'table ip t {\n  chain r {\n    redirect to :15001\n  }\n  chain o { type nat hook postrouting priority 100;\n    jump r\n  }\n}\n',
  },
  {
    name: 'jump loop reachable from a base chain',
    script:
      'table inet t {\n  chain a {\n    jump b\n  }\n  chain b {\n    jump a\n  }\n  chain o { type filter hook output priority 0;\n    jump a\n  }\n}\n',
  },
  {
    name: 'jump loop no base chain reaches',
    script: 'table inet t {\n  chain a {\n    jump b\n  }\n  chain b {\n    jump a\n  }\n}\n',
  },
  {
    name: 'verdict map looping',
    script:
      'table inet t {\n  chain a {\n    tcp dport vmap { 80 : jump a }\n  }\n  chain o { type filter hook output priority 0;\n    jump a\n  }\n}\n',
  },
  {
    name: 'jump to a base chain',
    script:
      'table inet t {\n  chain p { type filter hook input priority 0;\n  }\n  chain o { type filter hook output priority 0;\n    jump p\n  }\n}\n',
  },
  {
    name: 'skuid in prerouting (loads: it only breaks)',
    script: chain('filter', 'prerouting', 'meta skuid 0 accept', 'inet'),
  },
  { name: '15 nested jumps', script: deep(15) },
  { name: '16 nested jumps', script: deep(16) },
  { name: '17 nested jumps', script: deep(17) },
];
