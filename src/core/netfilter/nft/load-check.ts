import type { NftState } from '../../nftables/state.ts';
import type { Diagnostic } from '../../shared/diagnostics.ts';
import { diagnostic } from '../../shared/diagnostics.ts';
import { EMPTY_RANGE } from '../../shared/source-range.ts';
import type { NftAction } from './action.ts';
import type { NftCompiledChain } from './compile.ts';
import { compileNft } from './compile.ts';

/** NFT_JUMP_STACK_SIZE: a chain this many jumps below a base chain is refused (EMLINK). */
const MAX_LEVEL = 16;

/** Hooks each statement may run at (nft_nat_validate, nft_masq_validate, nft_redir_validate, nft_tproxy_validate). */
const STATEMENT_HOOKS: Readonly<Record<string, readonly string[]>> = {
  snat: ['postrouting', 'input'],
  masquerade: ['postrouting'],
  dnat: ['prerouting', 'output'],
  redirect: ['prerouting', 'output'],
  tproxy: ['prerouting'],
};

/** Hooks a chain type may attach to (nft_chain_nat, nft_chain_route), for ip/ip6/inet tables. */
const TYPE_HOOKS: Readonly<Record<string, readonly string[]>> = {
  nat: ['prerouting', 'input', 'output', 'postrouting'],
  route: ['output'],
};

function statementOf(a: NftAction): string | undefined {
  if (a.kind === 'nat') return a.target.kind;
  if (a.kind === 'tproxy') return 'tproxy';
  return undefined;
}

/** Chains a rule's verdicts (and verdict maps) jump or go to. */
function targetsOf(a: NftAction): string[] {
  if (a.kind === 'verdict')
    return (a.verdict === 'jump' || a.verdict === 'goto') && a.chain !== undefined ? [a.chain] : [];
  if (a.kind === 'vmap') return a.entries.flatMap((e) => targetsOf(e.verdict));
  return [];
}

interface Visit {
  readonly base: NftCompiledChain;
  readonly chains: ReadonlyMap<string, NftCompiledChain>;
  readonly out: Diagnostic[];
  readonly seen: Set<string>;
}

function refuse(v: Visit, code: Diagnostic['code'], key: string, message: string): void {
  if (v.seen.has(key)) return;
  v.seen.add(key);
  v.out.push(diagnostic(code, 'error', message, EMPTY_RANGE, key));
}

function visit(v: Visit, chain: NftCompiledChain, stack: readonly NftCompiledChain[]): void {
  const hook = v.base.base?.hook ?? '';
  const where = `${chain.key}/${chain.name}`;
  if (stack.length >= MAX_LEVEL) {
    refuse(
      v,
      'jump-too-deep',
      `depth:${where}`,
      `${where}: more than ${MAX_LEVEL - 1} nested jumps below ${v.base.key}/${v.base.name}; nft refuses to load it (EMLINK)`,
    );
    return;
  }
  for (const r of chain.rules) {
    for (const s of r.steps) {
      if (s.kind !== 'action') continue;
      const statement = statementOf(s.action);
      const allowed = statement === undefined ? undefined : STATEMENT_HOOKS[statement];
      if (statement !== undefined && allowed !== undefined) {
        const natOnly = statement !== 'tproxy' && v.base.base?.type !== 'nat';
        if (natOnly || !allowed.includes(hook))
          refuse(
            v,
            'kernel-rejects',
            `${r.ref}:${hook}`,
            `${r.ref}: ${statement} is not allowed in a ${v.base.base?.type ?? ''} chain at hook ${hook}; nft refuses to load it (EOPNOTSUPP)`,
          );
      }
      for (const name of targetsOf(s.action)) {
        const target = v.chains.get(name);
        if (!target) continue;
        if (target.base !== undefined) {
          refuse(
            v,
            'kernel-rejects',
            `base:${r.ref}`,
            `${r.ref}: jump or goto to base chain ${name}; nft refuses to load it (EOPNOTSUPP)`,
          );
          continue;
        }
        if (target === chain || stack.includes(target)) {
          refuse(
            v,
            'jump-loop',
            `loop:${r.ref}`,
            `${r.ref}: jump to ${name} closes a loop reachable from ${v.base.key}/${v.base.name}; nft refuses to load it (ELOOP)`,
          );
          continue;
        }
        visit(v, target, [...stack, chain]);
      }
    }
  }
}

/**
 * What nf_tables refuses at load time although the text parses: a chain type at a hook it does not
 * support, NAT/tproxy statements outside their hooks (also through jumps), a jump to a base
 * chain, a loop or more than 16 levels reachable from a base chain. Like the iptables parser's
 * load-time refusals, the simulator still walks such a program (bounded) and says so.
 *
 * @example
 * checkNftLoad(loadNft(parseNft('table ip t { chain o { type nat hook output priority 0; snat to 1.2.3.4; } }')).value)[0]?.code; // 'kernel-rejects'
 */
export function checkNftLoad(state: NftState): Diagnostic[] {
  const nft = compileNft(state);
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const [, chains] of nft.chains) {
    for (const chain of chains.values()) {
      const base = chain.base;
      if (!base) continue;
      const hooks = TYPE_HOOKS[base.type];
      if (hooks !== undefined && !hooks.includes(base.hook)) {
        const where = `${chain.key}/${chain.name}`;
        refuse(
          { base: chain, chains, out, seen },
          'kernel-rejects',
          `type:${where}`,
          `${where}: a ${base.type} chain cannot attach to hook ${base.hook}; nft refuses to load it (EOPNOTSUPP)`,
        );
        continue;
      }
      visit({ base: chain, chains, out, seen }, chain, []);
    }
  }
  return out;
}
