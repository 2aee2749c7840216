/**
 * The mutable tables a parse replays commands into, with the semantics measured on
 * iptables-restore v1.8.9 (nf_tables): `*table` deletes the table and starts over; a table
 * exists once any header, chain command or rule touches it; `:USER` flushes an existing chain;
 * `-Z` resets built-in policies to ACCEPT; jumps are checked at COMMIT.
 */
import type { SourceRange } from '../shared/source-range.ts';
import type { Family } from './address.ts';
import { BUILTIN_CHAINS, TABLE_NAMES, type Chain, type Policy, type Rule, type Ruleset, type TableName } from './model.ts';
import { attachRuleTexts, type RuleTexts } from './fragments.ts';
import { checkHooks } from './hook-check.ts';
import type { Report } from './parse-command.ts';

export interface ChainState {
  readonly name: string;
  readonly builtin: boolean;
  policy: Policy | undefined;
  rules: Rule[];
  range: SourceRange | undefined;
}

export interface TableState {
  readonly name: TableName;
  exists: boolean;
  readonly chains: Map<string, ChainState>;
  pendingJumps: { readonly chain: string; readonly range: SourceRange }[];
}

/** Chain names iptables accepts: < 29 characters, not an option or a number-ish word. */
export function chainNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'empty chain name';
  if (name.length > 28) return `chain name \`${name}' too long (must be under 29 chars)`;
  if (name.startsWith('-') || name === '!') return `Invalid chain name \`${name}'`;
  if (/\s/.test(name)) return `Invalid chain name \`${name}'`;
  return undefined;
}

export class RulesetState {
  private readonly tables = new Map<TableName, TableState>();
  /** Save texts of the rules the parser built (see fragments.ts). */
  readonly texts: RuleTexts = new Map();
  ruleCount = 0;
  /** Set once the rule cap was hit (reported once). */
  overflowed = false;

  constructor(
    readonly family: Family,
    readonly maxRules: number,
  ) {}

  table(name: TableName): TableState {
    let t = this.tables.get(name);
    if (!t) {
      t = { name, exists: false, chains: new Map(), pendingJumps: [] };
      this.tables.set(name, t);
    }
    return t;
  }

  /** `*table` in restore input: the table is deleted and rebuilt from this block. */
  resetTable(name: TableName): TableState {
    const t = this.table(name);
    this.ruleCount -= [...t.chains.values()].reduce((n, c) => n + c.rules.length, 0);
    t.exists = false;
    t.chains.clear();
    t.pendingJumps = [];
    return t;
  }

  /** Creates the table with its built-in chains (policy ACCEPT) if it does not exist yet. */
  touch(t: TableState): void {
    if (t.exists) return;
    t.exists = true;
    for (const name of BUILTIN_CHAINS[t.name]) {
      t.chains.set(name, { name, builtin: true, policy: 'ACCEPT', rules: [], range: undefined });
    }
  }

  /** Jumps to chains that do not exist fail the whole table, as iptables-restore's COMMIT does. */
  checkJumps(t: TableState, report: Report): void {
    for (const j of t.pendingJumps) {
      const target = t.chains.get(j.chain);
      if (!target) report('unknown-chain', 'error', `Chain '${j.chain}' does not exist`, j.range);
      else if (target.builtin) report('unknown-chain', 'error', `cannot jump to built-in chain '${j.chain}'`, j.range);
    }
    t.pendingJumps = [];
    this.checkLoops(t, report);
    checkHooks(t, this.family, report);
  }

  /**
   * A jump/goto cycle reachable from a built-in chain makes nf_tables refuse the table
   * (RULE_APPEND failed: Too many links); unreachable cycles are accepted. Measured.
   */
  checkLoops(t: TableState, report: Report): void {
    const state = new Map<string, 'active' | 'done'>();
    // Iterative depth-first walk (chains can nest deeper than the JS stack).
    for (const root of t.chains.values()) {
      if (!root.builtin) continue;
      const stack: { chain: ChainState; next: number }[] = [{ chain: root, next: 0 }];
      state.set(root.name, 'active');
      while (stack.length > 0) {
        const frame = stack[stack.length - 1];
        if (!frame) break;
        const rule = frame.chain.rules[frame.next++];
        if (!rule) {
          state.set(frame.chain.name, 'done');
          stack.pop();
          continue;
        }
        const target = rule.target;
        if (!target || (target.kind !== 'jump' && target.kind !== 'goto')) continue;
        const next = t.chains.get(target.chain);
        if (!next || next.builtin) continue;
        const seen = state.get(next.name);
        if (seen === 'active' && rule.range) {
          report('jump-loop', 'error', `jump from ${frame.chain.name} to ${next.name} closes a loop (the kernel refuses it: Too many links)`, rule.range);
        } else if (seen === undefined) {
          state.set(next.name, 'active');
          stack.push({ chain: next, next: 0 });
        }
      }
    }
  }

  /** Whether any rule of the table jumps or goes to `chain`. */
  isReferenced(t: TableState, chain: string): boolean {
    for (const c of t.chains.values()) {
      for (const r of c.rules) {
        const target = r.target;
        if (target && (target.kind === 'jump' || target.kind === 'goto') && target.chain === chain) return true;
      }
    }
    return false;
  }

  freeze(): Ruleset {
    const tables = [];
    for (const name of TABLE_NAMES) {
      const t = this.tables.get(name);
      if (!t?.exists) continue;
      const chains: Chain[] = [];
      for (const c of t.chains.values()) {
        chains.push({
          name: c.name,
          builtin: c.builtin,
          ...(c.builtin && c.policy ? { policy: c.policy } : {}),
          rules: c.rules,
          ...(c.range ? { range: c.range } : {}),
        });
      }
      tables.push({ name, chains });
    }
    const ruleset: Ruleset = { family: this.family, tables };
    attachRuleTexts(ruleset, this.texts);
    return ruleset;
  }
}
