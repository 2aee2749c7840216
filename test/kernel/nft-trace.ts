/**
 * Reading `nft -a monitor trace` and `nft -a list ruleset` output for the packet-trace harness:
 * which iptables rule (table/CHAIN#position) each traced nft rule handle is, and the ordered
 * passes of one probe packet.
 */

/** One line of `nft monitor trace`. */
export interface TraceEvent {
  readonly id: string;
  readonly family: string;
  readonly table: string;
  readonly chain: string;
  readonly type: 'packet' | 'rule' | 'policy';
  /** The rest of the line after the type word. */
  readonly text: string;
  readonly handle?: number;
  readonly verdict?: string;
}

const EVENT = /^trace id (\S+) (ip6?|inet) (\S+) (\S+) (packet|rule|policy)(?::)?\s?(.*)$/;

export function parseTraceLine(line: string): TraceEvent | undefined {
  const m = EVENT.exec(line.trim());
  if (!m) return undefined;
  const text = m[6] ?? '';
  const handle = /# handle (\d+)/.exec(text);
  const verdict = /\(verdict (\w+)/.exec(text);
  return {
    id: m[1] ?? '',
    family: m[2] ?? '',
    table: m[3] ?? '',
    chain: m[4] ?? '',
    type: m[5] as TraceEvent['type'],
    text,
    ...(handle ? { handle: Number(handle[1]) } : {}),
    ...(verdict ? { verdict: verdict[1] ?? '' } : {}),
  };
}

/** `ip nat 17` → `{ chain: 'ISTIO_OUTPUT', position: 2 }`, from `nft -a list ruleset`. */
export type HandleMap = ReadonlyMap<
  string,
  { readonly chain: string; readonly position: number; readonly text: string }
>;

export function handleKey(family: string, table: string, handle: number): string {
  return `${family} ${table} ${handle}`;
}

export function parseHandles(listing: string): HandleMap {
  const map = new Map<string, { chain: string; position: number; text: string }>();
  let table: { family: string; name: string } | undefined;
  let chain: { name: string; count: number } | undefined;
  for (const raw of listing.split('\n')) {
    const line = raw.trim();
    const t = /^table (\S+) (\S+) \{/.exec(line);
    if (t) {
      table = { family: t[1] ?? '', name: t[2] ?? '' };
      chain = undefined;
      continue;
    }
    if (/^(set|map|flowtable) /.test(line)) {
      chain = undefined;
      continue;
    }
    const c = /^chain (\S+) \{/.exec(line);
    if (c) {
      chain = { name: c[1] ?? '', count: 0 };
      continue;
    }
    const h = /# handle (\d+)$/.exec(line);
    if (!h || !table || !chain || line.startsWith('type ')) continue;
    chain.count += 1;
    map.set(handleKey(table.family, table.name, Number(h[1])), {
      chain: chain.name,
      position: chain.count,
      text: line.replace(/\s*# handle \d+$/, ''),
    });
  }
  return map;
}

/** `nat/ISTIO_OUTPUT#2` → the `-A ISTIO_OUTPUT …` line of iptables-save, to read a rule's target. */
export function indexSaveLines(save: string): Map<string, string> {
  const map = new Map<string, string>();
  const counts = new Map<string, number>();
  let table = '';
  for (const line of save.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1).trim();
    const m = /^-A (\S+) /.exec(line);
    if (!m) continue;
    const key = `${table}/${m[1] ?? ''}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    map.set(`${key}#${n}`, line);
  }
  return map;
}

/** One traversal of the stack by the probe packet, starting at the trace_probe chain. */
export interface Pass {
  readonly hook: 'pre' | 'out';
  readonly header: string;
  readonly events: readonly TraceEvent[];
}

/** Splits events into passes: each starts with a `packet:` event of the `trace_probe` table. */
export function splitPasses(events: readonly TraceEvent[]): Pass[] {
  const passes: { hook: 'pre' | 'out'; header: string; events: TraceEvent[] }[] = [];
  for (const e of events) {
    if (e.table === 'trace_probe') {
      if (e.type === 'packet')
        passes.push({ hook: e.chain === 'out' ? 'out' : 'pre', header: e.text, events: [] });
      continue;
    }
    passes[passes.length - 1]?.events.push(e);
  }
  return passes;
}

/** The kernel's answer for one probe, in CONTRACTS.md §3 terms. */
export interface KernelVerdict {
  readonly matched: readonly string[];
  readonly matchedAfterLoopback: readonly string[];
  readonly final: string;
}

function tokenOf(saveLine: string | undefined, verdict: string): string | undefined {
  if (verdict === 'drop')
    return saveLine !== undefined && / -j REJECT\b/.test(saveLine) ? 'REJECT' : 'DROP';
  if (verdict !== 'accept' || saveLine === undefined)
    return verdict === 'accept' ? 'ACCEPT' : undefined;
  const redirect = / -j REDIRECT(?:.* --to-ports ([0-9]+))?/.exec(saveLine);
  if (redirect) return `REDIRECT:${redirect[1] ?? '?'}`;
  const tproxy = / -j TPROXY .*--on-port ([0-9]+)/.exec(saveLine);
  if (tproxy) return `TPROXY:${tproxy[1] ?? ''}`;
  const dnat = / -j DNAT --to-destination (\S+)/.exec(saveLine);
  if (dnat) return `DNAT:${dnat[1] ?? ''}`;
  const snat = / -j SNAT --to-source (\S+)/.exec(saveLine);
  if (snat) return `SNAT:${snat[1] ?? ''}`;
  if (/ -j MASQUERADE\b/.test(saveLine)) return 'MASQUERADE';
  return 'ACCEPT';
}

/** The CONTRACTS §3 token of a native nftables rule that ended its hook, from its listed text. */
function nftTokenOf(text: string, verdict: string): string | undefined {
  if (verdict === 'drop') return /\breject\b/.test(text) ? 'REJECT' : 'DROP';
  if (verdict !== 'accept') return undefined;
  const redirect = /\bredirect to :([0-9]+)/.exec(text);
  if (redirect) return `REDIRECT:${redirect[1] ?? ''}`;
  const tproxy = /\btproxy (?:ip6? )?to \S*:([0-9]+)/.exec(text);
  if (tproxy) return `TPROXY:${tproxy[1] ?? ''}`;
  const nat = /\b(dnat|snat) (?:ip6? )?to (\S+)/.exec(text);
  if (nat) return `${(nat[1] ?? '').toUpperCase()}:${nat[2] ?? ''}`;
  if (/\bmasquerade\b/.test(text)) return 'MASQUERADE';
  return 'ACCEPT';
}

const IPTABLES_TABLES = new Set(['raw', 'mangle', 'nat', 'filter', 'security']);

/**
 * Turns the probe's passes into matched lists and a final verdict: every `rule` event is a rule
 * whose matches held and whose target ran; a rule event with verdict accept/drop ended its hook;
 * `policy drop` drops. With `native`, tables other than iptables-nft's are named
 * `family/table/chain#N` (CONTRACTS §3 for nftables).
 */
export function verdictOf(
  passes: readonly Pass[],
  handles: HandleMap,
  saveLines: ReadonlyMap<string, string>,
  native = false,
): KernelVerdict {
  const lists: string[][] = [];
  const tokens: string[] = [];
  let dropped: string | undefined;
  for (const pass of passes) {
    const matched: string[] = [];
    for (const e of pass.events) {
      if (e.type === 'policy' && e.text.startsWith('drop')) dropped ??= 'DROP';
      if (e.type !== 'rule' || e.handle === undefined) continue;
      const at = handles.get(handleKey(e.family, e.table, e.handle));
      const isNative = native && !(e.family !== 'inet' && IPTABLES_TABLES.has(e.table));
      const prefix = isNative ? `${e.family}/${e.table}` : e.table;
      const ref = at
        ? `${prefix}/${at.chain}#${at.position}`
        : `${prefix}/${e.chain}#?handle${e.handle}`;
      matched.push(ref);
      const token = isNative
        ? nftTokenOf(at?.text ?? '', e.verdict ?? '')
        : tokenOf(saveLines.get(ref), e.verdict ?? '');
      if (token === 'DROP' || token === 'REJECT') dropped ??= token;
      else if (token !== undefined) tokens.push(token);
    }
    lists.push(matched);
  }
  return {
    matched: lists[0] ?? [],
    matchedAfterLoopback: lists[1] ?? [],
    final: dropped ?? (tokens.length > 0 ? tokens.join(' ') : 'ACCEPT'),
  };
}
