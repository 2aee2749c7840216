import { assertNever } from '../shared/assert.ts';
import type { NftChainDecl, NftCommand, NftSetDecl, NftSetElement } from './model.ts';

/** ` { type nat hook output priority -100 ; }` as knftables writes a base chain (objects.go). */
function chainSpec(chain: NftChainDecl): string {
  const base = chain.base;
  if (base === undefined) return '';
  const device = base.device === undefined ? '' : ` device "${base.device}"`;
  const policy = base.policy === undefined ? '' : ` policy ${base.policy} ;`;
  return ` { type ${base.type} hook ${base.hook}${device} priority ${base.priority} ;${policy} }`;
}

/** ` { type ipv4_addr ; flags interval ; comment "…" ; }` as knftables writes a set (objects.go). */
function setSpec(set: NftSetDecl): string {
  const type = set.data === undefined ? set.type : `${set.type} : ${set.data}`;
  const parts = [`${set.typeof === true ? 'typeof' : 'type'} ${type}`];
  if (set.flags !== undefined && set.flags.length > 0) parts.push(`flags ${set.flags.join(',')}`);
  if (set.timeout !== undefined) parts.push(`timeout ${set.timeout}`);
  if (set.gcInterval !== undefined) parts.push(`gc-interval ${set.gcInterval}`);
  if (set.size !== undefined) parts.push(`size ${set.size}`);
  if (set.policy !== undefined) parts.push(`policy ${set.policy}`);
  if (set.counter === true) parts.push('counter');
  if (set.autoMerge === true) parts.push('auto-merge');
  if (set.comment !== undefined) parts.push(`comment "${set.comment}"`);
  return ` { ${parts.map((p) => `${p} ;`).join(' ')} }`;
}

/**
 * Elements as an `nft -f` script writes them (knftables): key, map value, comment.
 *
 * @example
 * renderNftElements([{ key: '10.0.0.1', comment: 'pod' }]); // '{ 10.0.0.1 comment "pod" }'
 */
export function renderNftElements(elements: readonly NftSetElement[]): string {
  const one = (e: NftSetElement): string =>
    `${e.key}${e.value === undefined ? '' : ` : ${e.value}`}${e.comment === undefined ? '' : ` comment "${e.comment}"`}`;
  return `{ ${elements.map(one).join(', ')} }`;
}

/** One command as one line of an `nft -f` script, exactly as knftables writes it. */
export function renderNftCommand(command: NftCommand): string {
  if (command.kind === 'flush-ruleset') return 'flush ruleset';
  const where = `${command.family} ${command.table}`;
  switch (command.kind) {
    case 'add-table':
      return `add table ${where}`;
    case 'flush-table':
      return `flush table ${where}`;
    case 'delete-table':
      return `delete table ${where}`;
    case 'add-chain':
      return `add chain ${where} ${command.chain.name}${chainSpec(command.chain)}`;
    case 'flush-chain':
      return `flush chain ${where} ${command.chain}`;
    case 'delete-chain':
      return `delete chain ${where} ${command.chain}`;
    case 'add-set': {
      const init =
        command.elements === undefined || command.elements.length === 0
          ? ''
          : `\nadd element ${where} ${command.set.name} ${renderNftElements(command.elements)}`;
      return `add ${command.set.kind} ${where} ${command.set.name}${setSpec(command.set)}${init}`;
    }
    case 'flush-set':
    case 'delete-set':
      return `${command.kind === 'flush-set' ? 'flush' : 'delete'} ${command.map === true ? 'map' : 'set'} ${where} ${command.set}`;
    case 'add-element':
    case 'delete-element':
      return `${command.kind === 'add-element' ? 'add' : 'delete'} element ${where} ${command.set} ${renderNftElements(command.elements)}`;
    case 'add-rule':
    case 'insert-rule': {
      const verb = command.kind === 'add-rule' ? 'add' : 'insert';
      const index = command.index === undefined ? '' : ` index ${command.index}`;
      return `${verb} rule ${where} ${command.chain}${index} ${command.rule}`;
    }
    default:
      return assertNever(command);
  }
}

/**
 * The transaction as the text piped to `nft -f -`: one command per line, each ending in a
 * newline (knftables `Transaction.String`) — exactly Istio's nftables goldens.
 *
 * @example
 * renderNftScript([{ kind: 'add-table', family: 'inet', table: 'istio-proxy-nat' }]);
 * // 'add table inet istio-proxy-nat\n'
 */
export function renderNftScript(commands: readonly NftCommand[]): string {
  return commands.map((c) => `${renderNftCommand(c)}\n`).join('');
}
