/**
 * Parse + render speed of a large nftables ruleset (many chains, rules, named sets and verdict
 * maps), compared with `nft -c -f` (check mode: parse and evaluate, nothing committed) of the same
 * file in a throwaway network namespace, in the same run. Run alone with
 * `npx tsx bench/nftables.ts`, or through the bench runner (`benchNftables`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { applyNftCommands, parseNft, renderNftList } from '../src/core/index.ts';
import { kernelStatus, withNetns } from '../test/kernel/netns.ts';

export interface NftBenchResult {
  readonly chains: number;
  readonly rules: number;
  readonly sets: number;
  readonly elements: number;
  readonly bytes: number;
  /** Best of `runs`: parse, apply (the atomic transaction) and render. */
  readonly parseMs: number;
  readonly applyMs: number;
  readonly renderMs: number;
  readonly totalMs: number;
  /** parse(render(x)) renders to itself, with no diagnostics. */
  readonly fixedPoint: boolean;
  /** `nft -c -f` of the same file (best of `runs`), when the kernel tools are usable. */
  readonly nftCheckMs?: number;
  readonly ratioToNftCheck?: number;
  readonly note?: string;
}

const ip = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** A firewall-shaped `nft -f` script: sets and verdict maps, then chains of mixed rules. */
export function buildNftRuleset(chains = 1000, rulesPerChain = 20, sets = 200, perSet = 40) {
  const out: string[] = ['add table inet bench', 'add table ip bench4'];
  let elements = 0;
  for (let s = 0; s < sets; s++) {
    const kind = s % 3;
    const type = kind === 0 ? 'ipv4_addr' : kind === 1 ? 'inet_service' : 'ipv4_addr';
    const flags = kind === 2 ? ' flags interval ;' : '';
    out.push(`add set inet bench s${s} { type ${type} ;${flags} comment "set ${s}" ; }`);
    const els = Array.from({ length: perSet }, (_, e) =>
      kind === 0
        ? ip(s * perSet + e + 1)
        : kind === 1
          ? String(1000 + ((s * perSet + e) % 60000))
          : `${ip((s * perSet + e) * 256)}/24`,
    );
    elements += els.length;
    out.push(`add element inet bench s${s} { ${els.join(', ')} }`);
  }
  out.push('add map inet bench ports { type inet_service : verdict ; }');
  for (let c = 0; c < chains; c++) out.push(`add chain inet bench c${c}`);
  out.push('add chain inet bench input { type filter hook input priority 0 ; policy accept ; }');
  const vmap = Array.from({ length: Math.min(chains, 500) }, (_, c) => `${2000 + c} : jump c${c}`);
  out.push(`add element inet bench ports { ${vmap.join(', ')} }`);
  out.push('add rule inet bench input tcp dport vmap @ports');
  for (let c = 0; c < chains; c++) {
    for (let r = 0; r < rulesPerChain; r++) {
      const n = c * rulesPerChain + r;
      // Sets cycle ipv4_addr, inet_service, ipv4_addr interval: pick one of the matching type.
      const group = n % Math.floor(sets / 3);
      const set = `s${3 * group + (n % 2 === 0 ? 0 : 2)}`;
      const rule = [
        `ip saddr ${ip(n)} tcp dport ${1 + (n % 65000)} counter accept`,
        `iifname "eth${n % 4}" ip daddr @${set} counter drop`,
        `tcp dport @s${3 * group + 1} ct state established,related counter accept`,
        `meta mark & 0x000000ff == 0x${(n % 255).toString(16)} counter return`,
        `ip6 daddr fd00::${(n % 65535).toString(16)} udp dport { 53, 853, ${1000 + (n % 9000)} } counter accept`,
        `oifname "lo" meta l4proto tcp ip daddr != 127.0.0.1/32 counter jump c${(c + 1) % chains}`,
      ][n % 6];
      out.push(`add rule inet bench c${c} ${rule ?? ''}`);
    }
  }
  const text = `${out.join('\n')}\n`;
  return { text, chains: chains + 1, rules: chains * rulesPerChain + 1, sets: sets + 1, elements };
}

function best(times: readonly number[]): number {
  return Math.round(Math.min(...times) * 10) / 10;
}

async function timeNftCheck(text: string, runs: number): Promise<number[] | string> {
  const status = kernelStatus();
  if (!status.ok) return status.reason;
  const dir = mkdtempSync(join(tmpdir(), 'ie-nftbench-'));
  const file = join(dir, 'ruleset.nft');
  writeFileSync(file, text);
  try {
    return await withNetns(
      async (ns) => {
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          const r = await ns.exec(['nft', '-c', '-f', file], { timeoutMs: 300_000 });
          times.push(performance.now() - t);
          if (r.code !== 0) return `nft -c -f failed: ${r.stderr.trim().slice(0, 300)}`;
        }
        return times;
      },
      { prefix: 'nftbench', timeoutMs: 900_000 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds the ruleset, times parse/apply/render (best of `runs`) and `nft -c -f`. */
export async function benchNftables(options: { runs?: number } = {}): Promise<NftBenchResult> {
  const runs = options.runs ?? 3;
  const built = buildNftRuleset();
  const parse: number[] = [];
  const apply: number[] = [];
  const render: number[] = [];
  let listing = '';
  let clean = true;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const parsed = parseNft(built.text);
    parse.push(performance.now() - t);
    t = performance.now();
    const applied = applyNftCommands(parsed.value);
    apply.push(performance.now() - t);
    t = performance.now();
    listing = renderNftList(applied.value);
    render.push(performance.now() - t);
    clean &&= parsed.diagnostics.length === 0 && applied.diagnostics.length === 0;
  }
  const again = parseNft(listing);
  const fixedPoint =
    clean &&
    again.diagnostics.length === 0 &&
    renderNftList(applyNftCommands(again.value).value) === listing;
  const totalMs = best(parse) + best(apply) + best(render);
  const check = await timeNftCheck(built.text, runs);
  const base = {
    chains: built.chains,
    rules: built.rules,
    sets: built.sets,
    elements: built.elements,
    bytes: built.text.length,
    parseMs: best(parse),
    applyMs: best(apply),
    renderMs: best(render),
    totalMs: Math.round(totalMs * 10) / 10,
    fixedPoint,
  };
  if (typeof check === 'string') return { ...base, note: check };
  const nftCheckMs = best(check);
  return { ...base, nftCheckMs, ratioToNftCheck: Math.round((totalMs / nftCheckMs) * 100) / 100 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchNftables(), null, 2));
}
