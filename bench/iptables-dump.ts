/**
 * A kube-proxy-shaped iptables-save dump (iptables mode, nf_tables backend) already in the
 * kernel's canonical form — chains sorted, `-m tcp` spelled out, probabilities with 11 digits —
 * so `renderIptablesSave(parseIptables(text))` must give the text back byte for byte.
 * Deterministic for a given size.
 */

export interface IptablesDump {
  readonly text: string;
  readonly rules: number;
}

/** A kube-proxy-like chain name (`KUBE-SVC-` + 16 base32 characters), deterministic in `n`. */
export function chainId(prefix: string, n: number): string {
  let h = Math.imul(n + 0x9e3779b9, 2654435761) >>> 0;
  let id = '';
  for (let i = 0; i < 16; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    id += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.charAt(h % 32);
  }
  return `${prefix}-${id}`;
}

function probability(endpointsLeft: number): string {
  // kube-proxy writes 1/n with 11 decimals, which is what iptables-save prints back for these.
  const stored = Math.round(0x80000000 / endpointsLeft);
  const scaled = (BigInt(stored) * 10n ** 11n + (1n << 30n)) / (1n << 31n);
  return `0.${scaled.toString().padStart(11, '0')}`;
}

interface Service {
  readonly svc: string;
  readonly ip: string;
  readonly port: number;
  readonly name: string;
  readonly endpoints: readonly { readonly sep: string; readonly ip: string }[];
}

function makeServices(targetRules: number): Service[] {
  const services: Service[] = [];
  let rules = 8;
  for (let s = 0; rules < targetRules; s++) {
    const count = 1 + (s % 3);
    const endpoints = Array.from({ length: count }, (_, e) => ({
      sep: chainId('KUBE-SEP', s * 8 + e),
      ip: `10.244.${(s >> 6) & 255}.${((s & 63) << 2) + e + 1}`,
    }));
    services.push({
      svc: chainId('KUBE-SVC', s),
      ip: `10.96.${(s >> 8) & 255}.${s & 255}`,
      port: 80 + (s % 5) * 1000,
      name: `ns${s % 40}/svc-${s}:http`,
      endpoints,
    });
    rules += 1 + 1 + count + 2 * count;
  }
  return services;
}

/** Builds a canonical dump of at least `targetRules` rules. */
export function buildCanonicalKubeProxyDump(targetRules: number): IptablesDump {
  const services = makeServices(targetRules);
  const rules: { chain: string; spec: string }[] = [];
  const add = (chain: string, spec: string) => rules.push({ chain, spec });
  add('PREROUTING', '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
  add('OUTPUT', '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
  add('POSTROUTING', '-m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING');
  add('KUBE-MARK-MASQ', '-j MARK --set-xmark 0x4000/0x4000');
  add('KUBE-POSTROUTING', '-m mark ! --mark 0x4000/0x4000 -j RETURN');
  add('KUBE-POSTROUTING', '-j MARK --set-xmark 0x4000/0x0');
  add(
    'KUBE-POSTROUTING',
    '-m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  );
  for (const s of services) {
    add(
      'KUBE-SERVICES',
      `-d ${s.ip}/32 -p tcp -m comment --comment "${s.name} cluster IP" -m tcp --dport ${s.port} -j ${s.svc}`,
    );
    add(
      s.svc,
      `! -s 10.244.0.0/16 -d ${s.ip}/32 -p tcp -m comment --comment "${s.name} cluster IP" -m tcp --dport ${s.port} -j KUBE-MARK-MASQ`,
    );
    s.endpoints.forEach((e, i) => {
      const left = s.endpoints.length - i;
      const stat = left > 1 ? ` -m statistic --mode random --probability ${probability(left)}` : '';
      add(s.svc, `-m comment --comment "${s.name} -> ${e.ip}:8080"${stat} -j ${e.sep}`);
      add(e.sep, `-s ${e.ip}/32 -m comment --comment "${s.name}" -j KUBE-MARK-MASQ`);
      add(
        e.sep,
        `-p tcp -m comment --comment "${s.name}" -m tcp -j DNAT --to-destination ${e.ip}:8080`,
      );
    });
  }
  add(
    'KUBE-SERVICES',
    '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
  );
  const builtins = ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'];
  const users = [
    ...new Set(rules.map((r) => r.chain).filter((c) => !builtins.includes(c))),
    'KUBE-NODEPORTS',
  ].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const byChain = new Map<string, string[]>();
  for (const r of rules) {
    const list = byChain.get(r.chain) ?? [];
    list.push(`-A ${r.chain} ${r.spec}`);
    byChain.set(r.chain, list);
  }
  const lines = [
    '*nat',
    ...builtins.map((c) => `:${c} ACCEPT [0:0]`),
    ...users.map((c) => `:${c} - [0:0]`),
  ];
  for (const c of [...builtins, ...users]) lines.push(...(byChain.get(c) ?? []));
  lines.push('COMMIT');
  return { text: `${lines.join('\n')}\n`, rules: rules.length };
}
