/**
 * nf_tables' jump depth limit, measured on kernel 6.18 with iptables-restore v1.8.9: a chain may
 * be entered at most 15 jumps or gotos below a built-in chain (NFT_JUMP_STACK_SIZE is 16; the
 * kernel validates a chain entered at level 16 with EMLINK). The kernel checks the whole table each
 * time a rule is appended, in the order of the restore text, so the refused rule is the first one
 * (in text order) whose jump makes some chain reachable 16 levels down, whatever chain it sits in
 * (`OUTPUT → D0 → … → D15` refuses `-A D14 -j D15`, or `-A OUTPUT -j D0` when that line comes
 * last); every rule of the table appended after it is refused too, and nothing is loaded:
 *
 *   line 33: RULE_APPEND failed (Too many links): rule in chain D14
 *
 * Cost: one relaxation of the final graph with levels capped at 16 (each chain's level rises at
 * most 16 times, so O(16 · edges)); only when that finds a too-deep chain, a sort of the edges by
 * text position and the same relaxation edge by edge to find the first refused rule.
 */
import type { SourceRange } from '../shared/source-range.ts';
import type { Report } from './command-types.ts';
import type { HookScratch } from './hook-scratch.ts';
import type { TableState } from './table-state.ts';

/** The deepest level a chain may be entered at (built-in chains are level 0). */
export const MAX_JUMP_LEVEL = 15;
const REFUSED = MAX_JUMP_LEVEL + 1;

interface DepthWalk {
  readonly s: HookScratch;
  readonly level: Int8Array;
  readonly stack: Int32Array;
  /** 1 for edges in the graph so far; undefined means every edge. */
  readonly added: Uint8Array | undefined;
}

/** Raises levels below `from`; true when some chain reaches the refused level. */
function relax(w: DepthWalk, from: number): boolean {
  const { s, level, stack, added } = w;
  let top = 0;
  stack[0] = from;
  while (top >= 0) {
    const chain = stack[top--] ?? 0;
    const next = (level[chain] ?? 0) + 1;
    const end = s.edgeStart[chain + 1] ?? 0;
    for (let e = s.edgeStart[chain] ?? 0; e < end; e++) {
      if (added && added[e] !== 1) continue;
      const to = s.edgeTo[e] ?? 0;
      if ((level[to] ?? -1) >= next) continue;
      level[to] = next;
      if (next >= REFUSED) return true;
      stack[++top] = to;
    }
  }
  return false;
}

function freshWalk(s: HookScratch, added?: Uint8Array): DepthWalk {
  const n = s.chainCount;
  const level = new Int8Array(n).fill(-1);
  for (let c = 0; c < n; c++) if (s.builtin[c] === 1) level[c] = 0;
  // Each chain sits on the stack at most once per level rise: 16 · n bounds it.
  return { s, level, stack: new Int32Array(REFUSED * n + 1), added };
}

function tooDeepAnywhere(s: HookScratch): boolean {
  const w = freshWalk(s);
  for (let c = 0; c < s.chainCount; c++) if (s.builtin[c] === 1 && relax(w, c)) return true;
  return false;
}

/** The edge (in text order) whose rule the kernel refuses first, -1 if none. */
function firstRefusedEdge(s: HookScratch): number {
  const m = s.edgeCount;
  const from = new Int32Array(m);
  for (let c = 0; c < s.chainCount; c++) {
    for (let e = s.edgeStart[c] ?? 0; e < (s.edgeStart[c + 1] ?? 0); e++) from[e] = c;
  }
  const at = (e: number) => s.edgeRule[e]?.range?.start ?? Number.MAX_SAFE_INTEGER;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => at(a) - at(b) || a - b);
  const added = new Uint8Array(m);
  const w = freshWalk(s, added);
  for (const e of order) {
    added[e] = 1;
    const chain = from[e] ?? 0;
    const lv = w.level[chain] ?? -1;
    if (lv < 0 || lv + 1 <= (w.level[s.edgeTo[e] ?? 0] ?? -1)) continue;
    // Relax from the jumping chain: only this new edge can raise anything.
    if (relax(w, chain)) return e;
  }
  return -1;
}

function rulesAfter(t: TableState, offset: number): number {
  let n = 0;
  for (const chain of t.chains.values()) {
    for (const rule of chain.rules) if ((rule.range?.start ?? -1) > offset) n++;
  }
  return n;
}

/** Reports the rule nf_tables refuses for nesting chains too deep (at most one per table). */
export function checkJumpDepth(s: HookScratch, t: TableState, report: Report): void {
  if (s.edgeCount === 0 || !tooDeepAnywhere(s)) return;
  const e = firstRefusedEdge(s);
  const rule = e >= 0 ? s.edgeRule[e] : undefined;
  const range: SourceRange | undefined = rule?.range;
  if (e < 0 || !range) return;
  let source = 0;
  while ((s.edgeStart[source + 1] ?? 0) <= e) source++;
  const later = rulesAfter(t, range.start);
  const tail =
    later > 0 ? `; the ${later} rule(s) of table ${t.name} after it are refused too` : '';
  report(
    'jump-too-deep',
    'error',
    `RULE_APPEND failed (Too many links): rule in chain ${s.chain(source).name} — its jump to ${s.chain(s.edgeTo[e] ?? 0).name} nests chains more than ${MAX_JUMP_LEVEL} levels below a built-in chain, which nf_tables refuses${tail}`,
    range,
  );
}
