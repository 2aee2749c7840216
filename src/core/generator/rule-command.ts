import type { RuleOrigin, TableName } from '../iptables/model.ts';
import type { IpFamily } from '../shared/ip.ts';

/**
 * One rule as istio-iptables hands it to iptables-restore: `-A CHAIN args…` or `-I CHAIN N args…`
 * in `table`, for one family. `args` are the words exactly as Istio writes them (no `-m tcp`, no
 * CIDR canonicalisation); `origin` says which flags caused the rule and why.
 *
 * @example
 * const rule = generateRules(DEFAULT_CONFIG).v4[0];
 * formatRuleCommand(rule); // '-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN'
 * rule.origin.flags; // ['inbound-tunnel-port']
 */
export interface RuleCommand {
  readonly family: IpFamily;
  readonly table: TableName;
  readonly chain: string;
  readonly op: 'append' | 'insert';
  /** 1-based, for `insert` only. */
  readonly position?: number;
  readonly args: readonly string[];
  readonly origin: RuleOrigin;
}
