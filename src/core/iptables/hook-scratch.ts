/**
 * The working memory of hook-check.ts: one table's chains numbered 0..n-1 in the table's order,
 * their jump/goto edges stored contiguously per chain (`edgeStart[c]..edgeStart[c + 1]`), the
 * rules with a constrained extension, and the per-chain arrays of the loop walk and the hook
 * propagation. Typed arrays grow by doubling and are kept between COMMITs, so checking a table
 * allocates nothing per rule; references to rules and chains are dropped after each check so a
 * parsed Ruleset is not kept alive by the buffers.
 */
import type { Rule } from './model.ts';
import type { ChainState } from './table-state.ts';

function capacityFor(n: number): number {
  let c = 16;
  while (c < n) c *= 2;
  return c;
}

export class HookScratch {
  chainCount = 0;
  /** 1 for a built-in chain. */
  builtin = new Uint8Array(16);
  /** Loop walk: 0 unseen, 1 on the current path, 2 done. */
  state = new Uint8Array(16);
  stackChain = new Int32Array(16);
  stackNext = new Int32Array(16);
  /** Hook bit mask reaching each chain, valid once `hooksReady`. */
  hooks = new Uint8Array(16);
  hooksReady = false;
  queue = new Int32Array(16);
  queued = new Uint8Array(16);
  /** n + 1 entries: chain c's edges are edgeStart[c] .. edgeStart[c + 1] - 1. */
  edgeStart = new Int32Array(17);
  edgeTo = new Int32Array(16);
  readonly edgeRule: (Rule | undefined)[] = [];
  edgeCount = 0;
  candidateChain = new Int32Array(16);
  readonly candidateRule: (Rule | undefined)[] = [];
  candidateCount = 0;
  private readonly chains: (ChainState | undefined)[] = [];
  private readonly ids = new Map<string, number>();

  /** Numbers the chains of a table and clears the per-chain arrays. */
  reset(chains: ReadonlyMap<string, ChainState>): void {
    const n = chains.size;
    if (this.builtin.length < n) {
      const cap = capacityFor(n);
      this.builtin = new Uint8Array(cap);
      this.state = new Uint8Array(cap);
      this.stackChain = new Int32Array(cap);
      this.stackNext = new Int32Array(cap);
      this.hooks = new Uint8Array(cap);
      this.queue = new Int32Array(cap);
      this.queued = new Uint8Array(cap);
      this.edgeStart = new Int32Array(cap + 1);
    }
    this.state.fill(0, 0, n);
    this.hooks.fill(0, 0, n);
    this.queued.fill(0, 0, n);
    this.hooksReady = false;
    this.edgeCount = 0;
    this.candidateCount = 0;
    let id = 0;
    for (const [name, chain] of chains) {
      this.chains[id] = chain;
      this.builtin[id] = chain.builtin ? 1 : 0;
      this.ids.set(name, id);
      id++;
    }
    this.chainCount = id;
  }

  /** The number of the chain called `name`, -1 when the table has none. */
  idOf(name: string): number {
    return this.ids.get(name) ?? -1;
  }

  chain(id: number): ChainState {
    const chain = this.chains[id];
    if (!chain) throw new Error(`hook-check: no chain ${id}`);
    return chain;
  }

  /** An edge from the chain being scanned (edges must be added chain by chain, in order). */
  addEdge(to: number, rule: Rule): void {
    const i = this.edgeCount++;
    if (i >= this.edgeTo.length) this.edgeTo = grow(this.edgeTo, i + 1);
    this.edgeTo[i] = to;
    this.edgeRule[i] = rule;
  }

  addCandidate(chain: number, rule: Rule): void {
    const i = this.candidateCount++;
    if (i >= this.candidateChain.length) this.candidateChain = grow(this.candidateChain, i + 1);
    this.candidateChain[i] = chain;
    this.candidateRule[i] = rule;
  }

  /** Drops the references to the table's chains and rules (the typed arrays stay). */
  release(): void {
    this.chains.fill(undefined, 0, this.chainCount);
    this.edgeRule.fill(undefined, 0, this.edgeCount);
    this.candidateRule.fill(undefined, 0, this.candidateCount);
    this.ids.clear();
  }
}

function grow(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(capacityFor(n));
  next.set(a);
  return next;
}
