/** Replays one parsed command against the tables, like iptables-restore does at that line. */
import type { SourceRange } from '../shared/source-range.ts';
import type { Rule, RuleOrigin } from './model.ts';
import type { Report } from './command-types.ts';
import type { ParsedCommand } from './parse-command.ts';
import { ruleSpecText } from './fragments.ts';
import { chainNameProblem, type RulesetState } from './ruleset-state.ts';
import type { ChainState, TableState } from './table-state.ts';

/** Far beyond any real dump (kube-proxy at scale is ~100k rules); keeps memory bounded. */
export const MAX_RULES = 1_000_000;

export interface ApplyContext {
  readonly state: RulesetState;
  readonly table: TableState;
  readonly report: Report;
  readonly lineRange: SourceRange;
  /** Inside a `*table … COMMIT` block of restore input (vs `iptables -S`/shell lines). */
  readonly restoreMode: boolean;
  /** Where the line's command came from (generated rules): set on every rule it adds. */
  readonly origin?: RuleOrigin | undefined;
}

/** The command's rules, carrying the line's origin when there is one. */
function rulesOf(ctx: ApplyContext, cmd: ParsedCommand): readonly Rule[] {
  const origin = ctx.origin;
  return origin === undefined ? cmd.rules : cmd.rules.map((r) => ({ ...r, origin }));
}

function findChain(ctx: ApplyContext, cmd: ParsedCommand): ChainState | undefined {
  const name = cmd.chain;
  ctx.state.touch(ctx.table);
  if (name === undefined) {
    ctx.report(
      'syntax',
      'error',
      `-${cmd.op ?? '?'} requires a chain name`,
      cmd.opRange ?? ctx.lineRange,
    );
    return undefined;
  }
  const chain = ctx.table.chains.get(name);
  if (!chain) {
    ctx.report(
      'unknown-chain',
      'error',
      `Chain '${name}' does not exist in table ${ctx.table.name}`,
      cmd.chainRange ?? ctx.lineRange,
    );
  }
  return chain;
}

function checkHookInterfaces(
  ctx: ApplyContext,
  chain: ChainState,
  rules: readonly Rule[],
): boolean {
  const first = rules[0];
  if (!first || !chain.builtin) return true;
  if (first.outInterface && (chain.name === 'INPUT' || chain.name === 'PREROUTING')) {
    ctx.report('syntax', 'error', `Can't use -o with ${chain.name}`, ctx.lineRange);
    return false;
  }
  if (first.inInterface && (chain.name === 'OUTPUT' || chain.name === 'POSTROUTING')) {
    ctx.report('syntax', 'error', `Can't use -i with ${chain.name}`, ctx.lineRange);
    return false;
  }
  return true;
}

function addRules(
  ctx: ApplyContext,
  chain: ChainState,
  cmd: ParsedCommand,
  at: number | undefined,
): void {
  const rules = rulesOf(ctx, cmd);
  const texts = cmd.texts ?? rules.map(() => undefined);
  if (ctx.state.ruleCount + rules.length > ctx.state.maxRules) {
    if (!ctx.state.overflowed)
      ctx.report(
        'too-many-rules',
        'error',
        `more than ${ctx.state.maxRules} rules: the rest is ignored`,
        ctx.lineRange,
      );
    ctx.state.overflowed = true;
    return;
  }
  ctx.state.ruleCount += rules.length;
  if (at === undefined) {
    for (let i = 0; i < rules.length; i++) {
      chain.rules.push(rules[i] as Rule);
      chain.texts.push(texts[i]);
    }
    return;
  }
  // Each address combination is inserted at the same position, so the last one ends up first.
  chain.rules.splice(at, 0, ...[...rules].reverse());
  chain.texts.splice(at, 0, ...[...texts].reverse());
}

function applyRuleCommand(ctx: ApplyContext, cmd: ParsedCommand): void {
  const chain = findChain(ctx, cmd);
  if (!chain) return;
  ctx.state.touch(ctx.table);
  if (cmd.op === 'C') return;
  if (cmd.op === 'D' && cmd.position !== undefined) {
    if (cmd.position > chain.rules.length) {
      ctx.report(
        'bad-position',
        'error',
        `Index of deletion too big: ${cmd.position}`,
        cmd.positionRange ?? ctx.lineRange,
      );
      return;
    }
    chain.rules.splice(cmd.position - 1, 1);
    chain.texts.splice(cmd.position - 1, 1);
    ctx.state.ruleCount -= 1;
    return;
  }
  if (!checkHookInterfaces(ctx, chain, cmd.rules)) return;
  if (cmd.op === 'A') {
    addRules(ctx, chain, cmd, undefined);
  } else if (cmd.op === 'I') {
    const at = (cmd.position ?? 1) - 1;
    if (at > chain.rules.length) {
      ctx.report(
        'bad-position',
        'error',
        `Index of insertion too big: ${cmd.position ?? 1}`,
        cmd.positionRange ?? ctx.lineRange,
      );
      return;
    }
    addRules(ctx, chain, cmd, at);
  } else if (cmd.op === 'D') {
    deleteBySpec(ctx, chain, cmd);
  } else if (cmd.op === 'R') {
    replaceRule(ctx, chain, cmd);
  }
}

function deleteBySpec(ctx: ApplyContext, chain: ChainState, cmd: ParsedCommand): void {
  const { family } = ctx.state;
  for (let k = 0; k < cmd.rules.length; k++) {
    const rule = cmd.rules[k] as Rule;
    const wanted = ruleSpecText(rule, family, cmd.texts?.[k]);
    const index = chain.rules.findIndex(
      (r, i) => ruleSpecText(r, family, chain.texts[i]) === wanted,
    );
    if (index < 0) {
      ctx.report(
        'bad-position',
        'error',
        'Bad rule (does a matching rule exist in that chain?)',
        ctx.lineRange,
      );
      return;
    }
    chain.rules.splice(index, 1);
    chain.texts.splice(index, 1);
    ctx.state.ruleCount -= 1;
  }
}

function replaceRule(ctx: ApplyContext, chain: ChainState, cmd: ParsedCommand): void {
  if (ctx.restoreMode) {
    ctx.report(
      'syntax',
      'error',
      'iptables-restore v1.8.9 (nf_tables) crashes on -R: use -D and -I',
      cmd.opRange ?? ctx.lineRange,
    );
  }
  const n = cmd.position ?? 0;
  const [rule, extra] = rulesOf(ctx, cmd);
  if (!rule || extra) {
    ctx.report(
      'syntax',
      'error',
      '-R needs exactly one source and one destination address',
      ctx.lineRange,
    );
    return;
  }
  if (n < 1 || n > chain.rules.length) {
    ctx.report(
      'bad-position',
      'error',
      `Index of replacement too big: ${n}`,
      cmd.positionRange ?? ctx.lineRange,
    );
    return;
  }
  chain.rules[n - 1] = rule;
  chain.texts[n - 1] = cmd.texts?.[0];
}

function applyChainCommand(ctx: ApplyContext, cmd: ParsedCommand): void {
  const { table, report } = ctx;
  const name = cmd.chain;
  if (cmd.op === 'N') {
    const problem = name === undefined ? '-N requires a chain name' : chainNameProblem(name);
    if (problem || name === undefined)
      return report('syntax', 'error', problem ?? 'bad chain', cmd.chainRange ?? ctx.lineRange);
    ctx.state.touch(table);
    if (table.chains.has(name))
      return report(
        'duplicate-chain',
        'error',
        `Chain '${name}' already exists`,
        cmd.chainRange ?? ctx.lineRange,
      );
    table.chains.set(name, {
      name,
      builtin: false,
      policy: undefined,
      rules: [],
      texts: [],
      range: ctx.lineRange,
    });
  } else if (cmd.op === 'X') {
    deleteChains(ctx, cmd);
  } else if (cmd.op === 'F' || cmd.op === 'Z') {
    const chains = name === undefined ? [...table.chains.values()] : [findChain(ctx, cmd)];
    for (const c of chains) {
      if (!c) continue;
      // Measured: -Z re-creates built-in chains and their policy comes back as ACCEPT.
      if (cmd.op === 'Z') c.policy = c.builtin ? 'ACCEPT' : undefined;
      else {
        ctx.state.ruleCount -= c.rules.length;
        c.rules = [];
        c.texts = [];
      }
    }
  } else if (cmd.op === 'P') {
    setPolicy(ctx, cmd);
  } else if (cmd.op === 'E') {
    renameChain(ctx, cmd);
  }
}

function setPolicy(ctx: ApplyContext, cmd: ParsedCommand): void {
  const chain = findChain(ctx, cmd);
  if (!chain) return;
  ctx.state.touch(ctx.table);
  if (!chain.builtin) {
    ctx.report(
      'builtin-chain',
      'error',
      `Can't set policy on user-defined chain '${chain.name}'`,
      cmd.chainRange ?? ctx.lineRange,
    );
    return;
  }
  if (cmd.extra !== 'ACCEPT' && cmd.extra !== 'DROP') {
    ctx.report(
      'syntax',
      'error',
      `Bad policy name \`${cmd.extra ?? ''}'`,
      cmd.extraRange ?? ctx.lineRange,
    );
    return;
  }
  chain.policy = cmd.extra;
}

function deleteChains(ctx: ApplyContext, cmd: ParsedCommand): void {
  const { table, report } = ctx;
  const victims =
    cmd.chain === undefined
      ? [...table.chains.values()].filter((c) => !c.builtin)
      : [findChain(ctx, cmd)];
  for (const c of victims) {
    if (!c) continue;
    const where = cmd.chainRange ?? ctx.lineRange;
    if (c.builtin)
      return report('builtin-chain', 'error', `Can't delete built-in chain '${c.name}'`, where);
    if (c.rules.length > 0 || ctx.state.isReferenced(table, c.name)) {
      return report(
        'chain-in-use',
        'error',
        `CHAIN_DEL failed (Device or resource busy): chain ${c.name}`,
        where,
      );
    }
    table.chains.delete(c.name);
  }
}

function renameChain(ctx: ApplyContext, cmd: ParsedCommand): void {
  const chain = findChain(ctx, cmd);
  const to = cmd.extra;
  if (!chain || to === undefined) return;
  if (ctx.restoreMode) {
    ctx.report(
      'syntax',
      'error',
      `CHAIN_RENAME fails inside iptables-restore v1.8.9 (nf_tables): chain ${to}`,
      cmd.opRange ?? ctx.lineRange,
    );
    return;
  }
  if (chain.builtin)
    return ctx.report(
      'builtin-chain',
      'error',
      `Can't rename built-in chain '${chain.name}'`,
      cmd.chainRange ?? ctx.lineRange,
    );
  if (ctx.table.chains.has(to))
    return ctx.report(
      'duplicate-chain',
      'error',
      `Chain '${to}' already exists`,
      cmd.extraRange ?? ctx.lineRange,
    );
  const renamed = { ...chain, name: to };
  const entries = [...ctx.table.chains.entries()].map(([k, v]): [string, ChainState] =>
    k === chain.name ? [to, renamed] : [k, v],
  );
  ctx.table.chains.clear();
  for (const [k, v] of entries) ctx.table.chains.set(k, v);
  for (const c of ctx.table.chains.values()) {
    // Jumps to the renamed chain print differently now: their recorded texts are dropped.
    c.texts = c.rules.map((r, i) =>
      r.target && 'chain' in r.target && r.target.chain === chain.name ? undefined : c.texts[i],
    );
    c.rules = c.rules.map((r) => {
      const t = r.target;
      return t && (t.kind === 'jump' || t.kind === 'goto') && t.chain === chain.name
        ? { ...r, target: { ...t, chain: to } }
        : r;
    });
  }
}

/** Applies one command line to its table. */
export function applyCommand(ctx: ApplyContext, cmd: ParsedCommand): void {
  switch (cmd.op) {
    case 'A':
    case 'I':
    case 'D':
    case 'R':
    case 'C':
      applyRuleCommand(ctx, cmd);
      return;
    case 'N':
    case 'X':
    case 'F':
    case 'Z':
    case 'P':
    case 'E':
      applyChainCommand(ctx, cmd);
      return;
    case 'L':
    case 'S':
      return;
    case undefined:
      ctx.report('syntax', 'error', 'no command specified (-A, -I, -N, -P, …)', ctx.lineRange);
      return;
  }
}
