import { lexNft } from './lex.ts';
import type { NftBaseChainSpec, NftFamily } from './model.ts';
import { ruleWords } from './parse.ts';
import { parseNftRuleWords } from './rule-parse.ts';
import { renderNftRuleBody } from './rule-render.ts';
import { renderNftSetBlock } from './render-set.ts';
import type { NftState, NftStateChain } from './state.ts';

/**
 * The priority as nft 1.0.6 prints it: a standard name where that name is valid for the family
 * and hook (`dstnat` only in prerouting, `srcnat` only in postrouting), else the number.
 */
function priorityName(family: NftFamily, base: NftBaseChainSpec): string {
  const p = base.priority;
  if (family === 'ip' || family === 'ip6' || family === 'inet') {
    if (p === -300) return 'raw';
    if (p === -150) return 'mangle';
    if (p === -100 && base.hook === 'prerouting') return 'dstnat';
    if (p === 0) return 'filter';
    if (p === 50) return 'security';
    if (p === 100 && base.hook === 'postrouting') return 'srcnat';
  }
  return String(p);
}

/** One rule's body as `nft list ruleset` prints it. */
export function renderNftListRule(rule: string): string {
  return renderNftRuleBody(parseNftRuleWords(ruleWords(lexNft(rule))).body);
}

function renderChain(family: NftFamily, chain: NftStateChain): string[] {
  const lines = [`\tchain ${chain.name} {`];
  const base = chain.base;
  if (base !== undefined) {
    const device = base.device === undefined ? '' : ` device "${base.device}"`;
    lines.push(
      `\t\ttype ${base.type} hook ${base.hook}${device} priority ${priorityName(family, base)}; policy ${base.policy ?? 'accept'};`,
    );
  }
  for (const r of chain.rules) lines.push(`\t\t${renderNftListRule(r.rule)}`);
  lines.push('\t}');
  return lines;
}

/**
 * The ruleset as `nft list ruleset` (nftables 1.0.6) prints it: tables and chains in creation
 * order (named sets and maps first), tab-indented blocks, `policy accept;` spelled out, standard priority names, rules in
 * canonical form (see `renderNftRuleBody`).
 *
 * @example
 * renderNftList(applyNftCommands(parseNft(script).value).value); // 'table inet istio-proxy-nat {\n\tchain …'
 */
export function renderNftList(state: NftState): string {
  const out: string[] = [];
  for (const t of state.tables) {
    out.push(`table ${t.family} ${t.name} {`);
    const blocks = [
      ...t.sets.map(renderNftSetBlock),
      ...t.chains.map((chain) => renderChain(t.family, chain)),
    ];
    blocks.forEach((block, i) => {
      if (i > 0) out.push('');
      out.push(...block);
    });
    out.push('}');
  }
  return out.map((l) => `${l}\n`).join('');
}
