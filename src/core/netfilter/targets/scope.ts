import type { TableName } from '../../iptables/model.ts';
import type { Hook } from '../hooks.ts';
import type { TargetScope } from './types.ts';

/**
 * Where the kernel accepts each target (xt_target `.table` / `.hooks`, checked when the rules are
 * loaded; verified in a namespace: iptables-nft fails with "Invalid argument" elsewhere).
 */
export const TARGET_SCOPES: Readonly<Record<string, TargetScope>> = {
  REDIRECT: { tables: ['nat'] satisfies TableName[], hooks: ['PREROUTING', 'OUTPUT'] satisfies Hook[] },
  DNAT: { tables: ['nat'], hooks: ['PREROUTING', 'OUTPUT'] },
  SNAT: { tables: ['nat'], hooks: ['POSTROUTING', 'INPUT'] },
  MASQUERADE: { tables: ['nat'], hooks: ['POSTROUTING'] },
  TPROXY: { tables: ['mangle'], hooks: ['PREROUTING'] },
  REJECT: { tables: ['filter'], hooks: ['INPUT', 'FORWARD', 'OUTPUT'] },
  CT: { tables: ['raw'] },
  NOTRACK: { tables: ['raw'] },
};
