import type { RuleOrigin, TableName } from '../../iptables/model.ts';
import type { IpFamily } from '../../shared/ip.ts';
import type { RuleCommand } from '../rule-command.ts';

/**
 * NFLOG identifiers of the trace-logging era.
 * upstream: tools/istio-iptables/pkg/log/command.go — Command.Identifier values.
 */
export type LogCommand =
  | 'ExcludeInboundPort'
  | 'IncludeInboundPort'
  | 'InboundCapture'
  | 'KubevirtCommand'
  | 'ExcludeInterfaceCommand'
  | 'JumpInbound'
  | 'JumpOutbound';

/** Which lists a rule goes to: both families, or one. */
export type Families = 'both' | IpFamily;

/** The upstream rule builder: two ordered lists, IPv6 adds dropped when IPv6 is off. */
export interface RuleSink {
  readonly v4: readonly RuleCommand[];
  readonly v6: readonly RuleCommand[];
  append(
    to: Families,
    table: TableName,
    chain: string,
    args: readonly string[],
    origin: RuleOrigin,
    log?: LogCommand,
  ): void;
  insert(
    to: Families,
    table: TableName,
    chain: string,
    position: number,
    args: readonly string[],
    origin: RuleOrigin,
    log?: LogCommand,
  ): void;
  /** Both families, with a family-specific address (upstream AppendVersionedRule). */
  appendVersioned(
    table: TableName,
    chain: string,
    addresses: readonly [v4: string, v6: string],
    build: (address: string) => readonly string[],
    origin: RuleOrigin,
  ): void;
}

/** Builds a `RuleOrigin`. */
export function because(reason: string, ...flags: string[]): RuleOrigin {
  return { flags, reason };
}

/**
 * The NFLOG twin of a logged rule: the rule's own matches, then the NFLOG target.
 * upstream: builder/iptables_builder_impl.go (about 1.19–1.24) — appendInternal/insertInternal.
 */
function nflogArgs(
  args: readonly string[],
  log: LogCommand,
  prefix: 'quoted' | 'plain',
): readonly string[] | undefined {
  const jump = args.indexOf('-j');
  if (jump < 0) return undefined;
  return [
    ...args.slice(0, jump),
    '-j',
    'NFLOG',
    '--nflog-prefix',
    prefix === 'quoted' ? `"${log}"` : log,
    '--nflog-group',
    '1337',
    '--nflog-size',
    '20',
  ];
}

function nflogOrigin(origin: RuleOrigin, log: LogCommand): RuleOrigin {
  return {
    flags: ['iptables-trace-logging', ...origin.flags],
    reason: `Trace logging: reports each packet the ${log} rule sees to NFLOG group 1337.`,
  };
}

export function createRuleSink(options: {
  enableIPv6: boolean;
  /** NFLOG twins of logged rules, and how their prefix is written; off when false. */
  traceLogging: false | 'quoted' | 'plain';
}): RuleSink {
  const v4: RuleCommand[] = [];
  const v6: RuleCommand[] = [];
  const push = (family: IpFamily, command: Omit<RuleCommand, 'family'>): void => {
    if (family === 6 && !options.enableIPv6) return;
    (family === 4 ? v4 : v6).push({ family, ...command });
  };
  const familiesOf = (to: Families): readonly IpFamily[] => (to === 'both' ? [4, 6] : [to]);
  const logged = (
    args: readonly string[],
    log: LogCommand | undefined,
  ): readonly string[] | undefined =>
    options.traceLogging !== false && log !== undefined
      ? nflogArgs(args, log, options.traceLogging)
      : undefined;

  return {
    v4,
    v6,
    append(to, table, chain, args, origin, log) {
      const logArgs = logged(args, log);
      for (const family of familiesOf(to)) {
        // upstream: the NFLOG rule is appended just before the rule it traces.
        if (logArgs && log)
          push(family, {
            table,
            chain,
            op: 'append',
            args: logArgs,
            origin: nflogOrigin(origin, log),
          });
        push(family, { table, chain, op: 'append', args, origin });
      }
    },
    insert(to, table, chain, position, args, origin, log) {
      const logArgs = logged(args, log);
      for (const family of familiesOf(to)) {
        push(family, { table, chain, op: 'insert', position, args, origin });
        // upstream: inserted after the rule at the same position, so it ends up in front of it.
        if (logArgs && log) {
          push(family, {
            table,
            chain,
            op: 'insert',
            position,
            args: logArgs,
            origin: nflogOrigin(origin, log),
          });
        }
      }
    },
    appendVersioned(table, chain, addresses, build, origin) {
      push(4, { table, chain, op: 'append', args: build(addresses[0]), origin });
      push(6, { table, chain, op: 'append', args: build(addresses[1]), origin });
    },
  };
}
