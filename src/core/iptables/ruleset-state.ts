/**
 * The mutable tables a parse replays commands into, with the semantics measured on
 * iptables-restore v1.8.9 (nf_tables): `*table` deletes the table and starts over; a table
 * exists once any header, chain command or rule touches it; `:USER` flushes an existing chain;
 * `-Z` resets built-in policies to ACCEPT; jumps are checked at COMMIT.
 */
import type { SourceRange } from '../shared/source-range.ts';
import type { Family } from './address.ts';
import { BUILTIN_CHAINS, TABLE_NAMES, type Chain, type Ruleset, type TableName } from './model.ts';
import { attachRuleTexts, type ChainTexts } from './fragments.ts';
import { checkTable } from './hook-check.ts';
import type { ChainState, TableState } from './table-state.ts';
import type { Report } from './command-types.ts';

function hasBlank(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    // Printable ASCII is never blank; anything else asks the regex (as before).
    if ((c <= 32 || c >= 127) && /\s/.test(name.charAt(i))) return true;
  }
  return false;
}

/** Chain names iptables accepts: < 29 characters, not an option or a number-ish word. */
export function chainNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'empty chain name';
  if (name.length > 28) return `chain name \`${name}' too long (must be under 29 chars)`;
  if (name.startsWith('-') || name === '!') return `Invalid chain name \`${name}'`;
  if (hasBlank(name)) return `Invalid chain name \`${name}'`;
  return undefined;
}

/** A chain of the result: one literal per shape (no spreads: a dump has 30k+ chains). */
function frozenChain(c: ChainState): Chain {
  const { name, builtin, range } = c;
  // An exact-size copy: push() leaves room for 16+ more rules in each of a dump's 30k+ chains.
  const rules = c.rules.slice();
  const policy = builtin ? c.policy : undefined;
  if (policy)
    return range ? { name, builtin, policy, rules, range } : { name, builtin, policy, rules };
  return range ? { name, builtin, rules, range } : { name, builtin, rules };
}

function hasAnyText(texts: readonly (string | undefined)[]): boolean {
  for (let i = 0; i < texts.length; i++) if (texts[i] !== undefined) return true;
  return false;
}

export class RulesetState {
  private readonly tables = new Map<TableName, TableState>();
  ruleCount = 0;
  /** Set once the rule cap was hit (reported once). */
  overflowed = false;

  constructor(
    readonly family: Family,
    readonly maxRules: number,
    /** Where `word` was written on a rule's line (diagnostics only). */
    readonly locateWord: (range: SourceRange, word: string) => SourceRange,
  ) {}

  table(name: TableName): TableState {
    let t = this.tables.get(name);
    if (!t) {
      t = { name, exists: false, chains: new Map() };
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
    return t;
  }

  /** Creates the table with its built-in chains (policy ACCEPT) if it does not exist yet. */
  touch(t: TableState): void {
    if (t.exists) return;
    t.exists = true;
    for (const name of BUILTIN_CHAINS[t.name]) {
      t.chains.set(name, {
        name,
        builtin: true,
        policy: 'ACCEPT',
        rules: [],
        texts: [],
        range: undefined,
      });
    }
  }

  /** COMMIT: the whole-table checks of hook-check.ts. */
  checkJumps(t: TableState, report: Report): void {
    if (t.exists) checkTable(t, this.family, report, this.locateWord);
  }

  /** Whether any rule of the table jumps or goes to `chain`. */
  isReferenced(t: TableState, chain: string): boolean {
    for (const c of t.chains.values()) {
      for (const r of c.rules) {
        const target = r.target;
        if (target && (target.kind === 'jump' || target.kind === 'goto') && target.chain === chain)
          return true;
      }
    }
    return false;
  }

  freeze(): Ruleset {
    const texts: ChainTexts = new Map();
    const tables = [];
    for (const name of TABLE_NAMES) {
      const t = this.tables.get(name);
      if (!t?.exists) continue;
      const chains: Chain[] = [];
      for (const c of t.chains.values()) {
        const frozen = frozenChain(c);
        chains.push(frozen);
        if (hasAnyText(c.texts)) texts.set(frozen, c.texts.slice());
      }
      tables.push({ name, chains });
    }
    const ruleset: Ruleset = { family: this.family, tables };
    attachRuleTexts(ruleset, texts);
    return ruleset;
  }
}
