/**
 * The realistic big dump for the cold CLI bench, built by the kernel so its shape is canonical:
 * a kube-proxy-shaped ruleset (iptables mode) — `-m comment` on ~80% of rules, `-m statistic`
 * random (kube-proxy's 1/n spreading) and nth, 20k+ KUBE-SVC-/KUBE-SEP- chains, counters — is
 * loaded with `iptables-restore -c` into a throwaway network namespace and read back with
 * `iptables-save -c`. The result is cached in bench/.out (keyed by size and generator version).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { kernelStatus, stripSaveComments, withNetns } from '../test/kernel/netns.ts';
import { chainId } from './iptables-dump.ts';

const GENERATOR_VERSION = 2;

/** Deterministic packet/byte counters, as a busy node shows them. */
function counters(n: number): string {
  const packets = (Math.imul(n + 1, 2246822519) >>> 0) % 50_000;
  return `[${packets}:${packets * 74 + (n % 1400)}]`;
}

interface Lines {
  readonly headers: string[];
  readonly rules: string[];
}

function service(s: number, out: Lines): void {
  const ip = `10.96.${(s >> 8) & 255}.${s & 255}`;
  const port = 80 + (s % 5) * 1000;
  const name = `ns${s % 40}/svc-${s}:http`;
  const svc = chainId('KUBE-SVC', s);
  const count = 1 + (s % 3);
  const nth = s % 7 === 3;
  const rule = (text: string) => out.rules.push(`${counters(out.rules.length)} ${text}`);
  out.headers.push(`:${svc} - [0:0]`);
  rule(
    `-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "${name} cluster IP" -m tcp --dport ${port} -j ${svc}`,
  );
  rule(
    `-A ${svc} ! -s 10.244.0.0/16 -d ${ip}/32 -p tcp -m comment --comment "${name} cluster IP" -m tcp --dport ${port} -j KUBE-MARK-MASQ`,
  );
  for (let e = 0; e < count; e++) {
    const sep = chainId('KUBE-SEP', s * 8 + e);
    const epIp = `10.244.${(s >> 6) & 255}.${((s & 63) << 2) + e + 1}`;
    const left = count - e;
    const stat =
      left === 1
        ? ''
        : nth
          ? ` -m statistic --mode nth --every ${left} --packet 0`
          : ` -m statistic --mode random --probability ${(1 / left).toFixed(11)}`;
    out.headers.push(`:${sep} - [0:0]`);
    rule(`-A ${svc} -m comment --comment "${name} -> ${epIp}:8080"${stat} -j ${sep}`);
    // kube-proxy comments this one too; leaving most bare gives the ~80% comment share.
    const masqComment = (s * 8 + e) % 5 === 0 ? ` -m comment --comment "${name}"` : '';
    rule(`-A ${sep} -s ${epIp}/32${masqComment} -j KUBE-MARK-MASQ`);
    rule(
      `-A ${sep} -p tcp -m comment --comment "${name}" -m tcp -j DNAT --to-destination ${epIp}:8080`,
    );
  }
}

/** iptables-restore -c input of about `targetLines` lines (any order; the kernel sorts). */
export function buildKubeProxyRestoreInput(targetLines: number): string {
  const nat: Lines = { headers: [], rules: [] };
  for (let s = 0; nat.headers.length + nat.rules.length < targetLines - 40; s++) service(s, nat);
  const filter = [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':KUBE-FIREWALL - [0:0]',
    ':KUBE-FORWARD - [0:0]',
    '[9:540] -A INPUT -j KUBE-FIREWALL',
    '[3:180] -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
    '[0:0] -A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    '[1:60] -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
    '[5:300] -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
    '[7:420] -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    'COMMIT',
  ];
  const natText = [
    '*nat',
    ':PREROUTING ACCEPT [120:7200]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [33:1980]',
    ':POSTROUTING ACCEPT [33:1980]',
    ':KUBE-SERVICES - [0:0]',
    ':KUBE-NODEPORTS - [0:0]',
    ':KUBE-POSTROUTING - [0:0]',
    ':KUBE-MARK-MASQ - [0:0]',
    ...nat.headers,
    '[120:7200] -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '[33:1980] -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '[33:1980] -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    '[0:0] -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    '[33:1980] -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '[0:0] -A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
    '[0:0] -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ...nat.rules,
    '[0:0] -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    'COMMIT',
  ];
  return `${[...filter, ...natText].join('\n')}\n`;
}

export interface KernelDump {
  readonly path: string;
  readonly text: string;
  readonly lines: number;
  readonly rules: number;
  readonly chains: number;
  /** Share of rules with `-m comment`. */
  readonly commentShare: number;
  readonly cached: boolean;
}

function describe(path: string, text: string, cached: boolean): KernelDump {
  const lines = text.split('\n').filter((l) => l !== '');
  const rules = lines.filter((l) => /^(\[\d+:\d+\] )?-A /.test(l));
  return {
    path,
    text,
    lines: lines.length,
    rules: rules.length,
    chains: lines.filter((l) => l.startsWith(':')).length,
    commentShare: rules.filter((l) => l.includes(' -m comment ')).length / rules.length,
    cached,
  };
}

/**
 * The kernel's `iptables-save -c` of the kube-proxy-shaped ruleset (≈`targetLines` lines), from
 * the cache or built now. A string explains why it could not be built (no kernel tools).
 */
export async function kernelKubeProxyDump(targetLines = 110_000): Promise<KernelDump | string> {
  const dir = new URL('./.out/', import.meta.url);
  const file = new URL(`kube-proxy-${targetLines}-v${GENERATOR_VERSION}.save`, dir);
  if (existsSync(file)) return describe(file.pathname, readFileSync(file, 'utf8'), true);
  const status = kernelStatus();
  if (!status.ok) return status.reason;
  const input = buildKubeProxyRestoreInput(targetLines);
  const saved = await withNetns(
    async (ns) => {
      const restore = await ns.exec(['iptables-restore', '-c'], { input, timeoutMs: 300_000 });
      if (restore.code !== 0) return `iptables-restore -c failed: ${restore.stderr.trim()}`;
      const save = await ns.exec(['iptables-save', '-c'], { timeoutMs: 300_000 });
      if (save.code !== 0) return `iptables-save -c failed: ${save.stderr.trim()}`;
      return stripSaveComments(save.stdout);
    },
    { prefix: 'benchdmp', timeoutMs: 900_000 },
  );
  if (saved.startsWith('iptables-')) return saved;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, saved);
  return describe(file.pathname, saved, false);
}
