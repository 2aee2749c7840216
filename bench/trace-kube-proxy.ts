/**
 * A kube-proxy-shaped iptables-save dump (iptables mode): KUBE-SERVICES with one rule per service
 * port, KUBE-SVC-* chains spreading over endpoints with `-m statistic`, KUBE-SEP-* chains doing
 * the DNAT, KUBE-NODEPORTS, KUBE-MARK-MASQ and KUBE-POSTROUTING. Deterministic for a given size.
 */

export interface KubeProxyShape {
  readonly text: string;
  readonly rules: number;
  /** Cluster IPs and ports of the services, for building packets that hit them. */
  readonly services: readonly {
    readonly ip: string;
    readonly port: number;
    readonly nodePort?: number;
  }[];
}

function hash(n: number): string {
  let h = (n + 1) * 2654435761;
  let out = '';
  for (let i = 0; i < 16; i++) {
    h = Math.imul(h ^ (h >>> 13), 1274126177) >>> 0;
    out += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[h % 32];
  }
  return out;
}

/** Builds a dump of at least `targetRules` rules (3 endpoints per service, every 4th a NodePort). */
export function buildKubeProxyDump(targetRules: number): KubeProxyShape {
  const services: { ip: string; port: number; nodePort?: number }[] = [];
  const svcLines: string[] = [];
  const chainLines: string[] = [];
  const chains: string[] = [];
  const nodePortLines: string[] = [];
  let rules = 8;
  for (let s = 0; rules < targetRules; s++) {
    const ip = `10.96.${(s >> 8) & 255}.${s & 255}`;
    const port = 80 + (s % 7) * 1000;
    const name = `ns${s % 50}/svc${s}:http`;
    const svc = `KUBE-SVC-${hash(s)}`;
    const nodePort = s % 4 === 0 && s / 4 < 2767 ? 30000 + s / 4 : undefined;
    services.push(nodePort === undefined ? { ip, port } : { ip, port, nodePort });
    chains.push(svc);
    svcLines.push(
      `-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "${name} cluster IP" -m tcp --dport ${port} -j ${svc}`,
    );
    chainLines.push(
      `-A ${svc} ! -s 10.244.0.0/16 -d ${ip}/32 -p tcp -m comment --comment "${name} cluster IP" -m tcp --dport ${port} -j KUBE-MARK-MASQ`,
    );
    rules += 2;
    if (nodePort !== undefined) {
      const ext = `KUBE-EXT-${hash(s + 1_000_000)}`;
      chains.push(ext);
      nodePortLines.push(
        `-A KUBE-NODEPORTS -p tcp -m comment --comment "${name}" -m tcp --dport ${nodePort} -j ${ext}`,
      );
      chainLines.push(
        `-A ${ext} -m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ`,
        `-A ${ext} -j ${svc}`,
      );
      rules += 3;
    }
    for (let e = 0; e < 3; e++) {
      const sep = `KUBE-SEP-${hash(s * 3 + e + 2_000_000)}`;
      const pod = `10.244.${((s * 3 + e) >> 8) & 255}.${(s * 3 + e) & 255}`;
      chains.push(sep);
      const probability =
        e === 0
          ? ' -m statistic --mode random --probability 0.33333333349'
          : e === 1
            ? ' -m statistic --mode random --probability 0.50000000000'
            : '';
      chainLines.push(
        `-A ${svc} -m comment --comment "${name} -> ${pod}:8080"${probability} -j ${sep}`,
      );
      chainLines.push(`-A ${sep} -s ${pod}/32 -m comment --comment "${name}" -j KUBE-MARK-MASQ`);
      chainLines.push(
        `-A ${sep} -p tcp -m comment --comment "${name}" -m tcp -j DNAT --to-destination ${pod}:8080`,
      );
      rules += 3;
    }
  }
  const text = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':KUBE-MARK-MASQ - [0:0]',
    ':KUBE-NODEPORTS - [0:0]',
    ':KUBE-POSTROUTING - [0:0]',
    ':KUBE-SERVICES - [0:0]',
    ...chains.map((c) => `:${c} - [0:0]`),
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ...nodePortLines,
    ...svcLines,
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    ...chainLines,
    'COMMIT',
    '',
  ].join('\n');
  return { text, rules: text.split('\n').filter((l) => l.startsWith('-A ')).length, services };
}
