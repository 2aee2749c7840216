import { assertNever } from '../shared/assert.ts';
import type { NftChainDecl, NftCommand } from './model.ts';

/** ` { type nat hook output priority -100 ; }` as knftables writes a base chain (objects.go). */
function chainSpec(chain: NftChainDecl): string {
  const base = chain.base;
  if (base === undefined) return '';
  const device = base.device === undefined ? '' : ` device "${base.device}"`;
  const policy = base.policy === undefined ? '' : ` policy ${base.policy} ;`;
  return ` { type ${base.type} hook ${base.hook}${device} priority ${base.priority} ;${policy} }`;
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
