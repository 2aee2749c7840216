import type { RuleOrigin } from '../iptables/model.ts';
import { assertNever } from '../shared/assert.ts';
import { diagnostic, type Diagnostic } from '../shared/diagnostics.ts';
import type { Parsed } from '../shared/result.ts';
import { EMPTY_RANGE } from '../shared/source-range.ts';
import type { NftBaseChainSpec, NftCommand, NftFamily } from './model.ts';
import { renderNftCommand } from './script.ts';
import {
  applySetCommand,
  setReferences,
  setTypeMismatch,
  type MutableSet,
  type NftStateSet,
} from './set-state.ts';

/** A rule as loaded: its body text, where it came from, and why the generator wrote it. */
export interface NftStateRule {
  readonly rule: string;
  readonly origin?: RuleOrigin;
}

export interface NftStateChain {
  readonly name: string;
  readonly base?: NftBaseChainSpec;
  readonly rules: readonly NftStateRule[];
}

export interface NftStateTable {
  readonly family: NftFamily;
  readonly name: string;
  /** In creation order, as `nft list ruleset` prints them. */
  readonly chains: readonly NftStateChain[];
  /** Named sets and maps, in creation order (listed before the chains). */
  readonly sets: readonly NftStateSet[];
}

/** The kernel's ruleset after a transaction: tables in creation order. */
export interface NftState {
  readonly tables: readonly NftStateTable[];
}

interface MutableChain {
  name: string;
  base?: NftBaseChainSpec;
  rules: NftStateRule[];
}
interface MutableTable {
  family: NftFamily;
  name: string;
  chains: MutableChain[];
  sets: MutableSet[];
  /** Chains by name, kept in step with `chains` (a ruleset may hold thousands). */
  byName: Map<string, MutableChain>;
}

function mutableTable(
  family: NftFamily,
  name: string,
  chains: MutableChain[],
  sets: MutableSet[],
): MutableTable {
  return { family, name, chains, sets, byName: new Map(chains.map((ch) => [ch.name, ch])) };
}

type Cmd<K extends NftCommand['kind']> = Extract<NftCommand, { kind: K }>;

function ruleOf(c: Cmd<'add-rule' | 'insert-rule'>): NftStateRule {
  return c.origin === undefined ? { rule: c.rule } : { rule: c.rule, origin: c.origin };
}

function placeRule(chain: MutableChain, c: Cmd<'add-rule' | 'insert-rule'>): string | undefined {
  const rule = ruleOf(c);
  if (c.index === undefined) {
    if (c.kind === 'add-rule') chain.rules.push(rule);
    else chain.rules.unshift(rule);
    return undefined;
  }
  // nft: `add … index N` places after the rule at N, `insert … index N` before it (0-based).
  if (c.index < 0 || c.index >= chain.rules.length) {
    return `Could not process rule: No such file or directory (index ${c.index} in chain ${c.chain} with ${chain.rules.length} rules)`;
  }
  chain.rules.splice(c.kind === 'add-rule' ? c.index + 1 : c.index, 0, rule);
  return undefined;
}

function jumpTargets(rule: string): string[] {
  const words = rule.split(/\s+/);
  return words.flatMap((w, i) => {
    const next = words[i + 1];
    // Inside a verdict map the target may end in the list's `,` or `}`.
    return (w === 'jump' || w === 'goto') && next !== undefined ? [next.replace(/[,}]+$/, '')] : [];
  });
}

function findChain(table: MutableTable, name: string): MutableChain | string {
  const chain = table.byName.get(name);
  return chain ?? `Could not process rule: No such file or directory (chain ${name})`;
}

function applyToTable(
  table: MutableTable,
  tables: MutableTable[],
  c: Exclude<NftCommand, { kind: 'flush-ruleset' }>,
): string | undefined {
  switch (c.kind) {
    case 'add-table':
      return undefined;
    case 'flush-table':
      for (const chain of table.chains) chain.rules = [];
      return undefined;
    case 'delete-table':
      tables.splice(tables.indexOf(table), 1);
      return undefined;
    case 'add-chain':
      if (!table.byName.has(c.chain.name)) {
        const chain = { ...c.chain, rules: [] };
        table.chains.push(chain);
        table.byName.set(chain.name, chain);
      }
      return undefined;
    case 'flush-chain':
    case 'delete-chain': {
      const chain = findChain(table, c.chain);
      if (typeof chain === 'string') return chain;
      if (c.kind === 'flush-chain') chain.rules = [];
      else {
        table.chains.splice(table.chains.indexOf(chain), 1);
        table.byName.delete(chain.name);
      }
      return undefined;
    }
    case 'add-rule':
    case 'insert-rule': {
      const chain = findChain(table, c.chain);
      if (typeof chain === 'string') return chain;
      const missing = jumpTargets(c.rule).find((t) => !table.byName.has(t));
      // nft resolves a jump/goto target when the rule is added: the chain must exist by then.
      if (missing !== undefined) {
        return `Could not process rule: No such file or directory (jump target ${missing})`;
      }
      const set = setReferences(c.rule).find((n) => !table.sets.some((s) => s.set.name === n));
      if (set !== undefined)
        return `Could not process rule: No such file or directory (set ${set})`;
      const mismatch = c.rule.includes('@') ? setTypeMismatch(c.rule, table.sets) : undefined;
      if (mismatch !== undefined) return mismatch;
      return placeRule(chain, c);
    }
    case 'add-set':
    case 'flush-set':
    case 'delete-set':
    case 'add-element':
    case 'delete-element':
      return applySetCommand(table.sets, c, (name) =>
        table.chains.some((ch) => ch.rules.some((r) => setReferences(r.rule).includes(name))),
      );
    default:
      return assertNever(c);
  }
}

function applyOne(tables: MutableTable[], c: NftCommand): string | undefined {
  if (c.kind === 'flush-ruleset') {
    tables.length = 0;
    return undefined;
  }
  let table = tables.find((t) => t.family === c.family && t.name === c.table);
  if (table === undefined && c.kind === 'add-table') {
    table = mutableTable(c.family, c.table, [], []);
    tables.push(table);
  }
  if (table === undefined) {
    return `Could not process rule: No such file or directory (table ${c.family} ${c.table})`;
  }
  return applyToTable(table, tables, c);
}

/**
 * Applies a transaction to a ruleset as `nft -f` does: all or nothing. On the first failing
 * command the start state is returned unchanged, with a diagnostic located at that command.
 *
 * @example
 * const { value } = applyNftCommands(tx);
 * value.tables.map((t) => t.name); // ['istio-proxy-nat', 'istio-proxy-mangle']
 */
export function applyNftCommands(
  commands: readonly NftCommand[],
  start: NftState = { tables: [] },
): Parsed<NftState> {
  const tables: MutableTable[] = start.tables.map((t) =>
    mutableTable(
      t.family,
      t.name,
      t.chains.map((ch) => ({ ...ch, rules: [...ch.rules] })),
      t.sets.map((st) => ({ set: st.set, elements: [...st.elements] })),
    ),
  );
  for (const c of commands) {
    const error = applyOne(tables, c);
    if (error !== undefined) {
      const d: Diagnostic = diagnostic(
        'kernel-rejects',
        'error',
        `${error}: ${renderNftCommand(c)}`,
        c.range ?? EMPTY_RANGE,
      );
      return { value: start, diagnostics: [d] };
    }
  }
  const value = tables.map(({ byName: _index, ...table }) => table);
  return { value: { tables: value }, diagnostics: [] };
}

const byName = <T extends { readonly name: string }>(a: T, b: T): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/**
 * The state as knftables' fake dumps it (`Fake.Dump`, used by Istio's builder goldens): tables
 * sorted by family then name; per table `add table`, `add chain` per chain sorted by name,
 * `add set`/`add map` per set sorted by name, every chain's rules as `add rule` lines in chain
 * order, then each set's elements.
 *
 * @example
 * renderNftDump(applyNftCommands(tx).value); // 'add table inet inet-table\nadd chain …\n'
 */
export function renderNftDump(state: NftState): string {
  const lines: string[] = [];
  const tables = [...state.tables].sort((a, b) =>
    a.family === b.family ? byName(a, b) : a.family < b.family ? -1 : 1,
  );
  for (const t of tables) {
    const chains = [...t.chains].sort(byName);
    const where = { family: t.family, table: t.name } as const;
    lines.push(renderNftCommand({ kind: 'add-table', ...where }));
    for (const chain of chains) {
      const { rules: _rules, ...decl } = chain;
      lines.push(renderNftCommand({ kind: 'add-chain', ...where, chain: decl }));
    }
    const sets = [...t.sets].sort((a, b) => byName(a.set, b.set));
    for (const s of sets) lines.push(renderNftCommand({ kind: 'add-set', ...where, set: s.set }));
    for (const chain of chains) {
      for (const r of chain.rules) {
        lines.push(
          renderNftCommand({ kind: 'add-rule', ...where, chain: chain.name, rule: r.rule }),
        );
      }
    }
    for (const s of sets) {
      if (s.elements.length === 0) continue;
      const elements = { kind: 'add-element', ...where, set: s.set.name, elements: s.elements };
      lines.push(renderNftCommand(elements as NftCommand));
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}

/**
 * Loads nftables text into an empty ruleset as `nft -f` would: parse, then apply atomically.
 * Any syntax error means nothing is applied (nft refuses the whole file).
 *
 * @example
 * renderNftList(loadNft(script).value); // what `nft list ruleset` prints after `nft -f script`
 */
export function loadNft(commands: Parsed<readonly NftCommand[]>): Parsed<NftState> {
  if (commands.diagnostics.some((d) => d.severity === 'error')) {
    return { value: { tables: [] }, diagnostics: commands.diagnostics };
  }
  const applied = applyNftCommands(commands.value);
  return { value: applied.value, diagnostics: [...commands.diagnostics, ...applied.diagnostics] };
}
