import type { RuleCommand, TableName } from '../../../src/core/index.ts';

/**
 * Test-only bridge between generated rules and the seeds' listings: the columns iptables prints in
 * `-L -v` / `-nvL` (target, prot, in, out, source, destination, extra). It understands exactly the
 * options the seeds' rules use and fails loudly on anything else.
 */
export interface Columns {
  readonly target: string;
  readonly prot: string;
  readonly in: string;
  readonly out: string;
  readonly source: string;
  readonly destination: string;
  readonly extra: string;
}

/** `numeric`: `-nvL`. `names`: `-L -v` with name resolution as in seed 000 (uid 1337 = istio-proxy). */
export type ListingStyle = 'numeric' | 'names';

function address(value: string, negated: boolean, style: ListingStyle): string {
  let text = value.endsWith('/32') ? value.slice(0, -3) : value;
  if (style === 'names')
    text = text === '0.0.0.0/0' ? 'anywhere' : text === '127.0.0.1' ? 'localhost' : text;
  return `${negated ? '!' : ''}${text}`;
}

function iface(value: string, style: ListingStyle): string {
  return style === 'names' && value === '*' ? 'any' : value;
}

function owner(id: string, style: ListingStyle): string {
  return style === 'names' && id === '1337' ? 'istio-proxy' : id;
}

/** Columns of one rule given as iptables words (without `-A CHAIN`). */
export function toColumns(args: readonly string[], style: ListingStyle): Columns {
  const col = { target: '', prot: 'all', in: '*', out: '*' };
  let source = { value: '0.0.0.0/0', negated: false };
  let destination = { value: '0.0.0.0/0', negated: false };
  const extra: string[] = [];
  let negate = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? '';
    const value = args[i + 1] ?? '';
    const consume = (): string => {
      i++;
      return value;
    };
    switch (word) {
      case '!':
        negate = true;
        continue;
      case '-p':
        col.prot = `${negate ? '!' : ''}${consume()}`;
        break;
      case '-s':
        source = { value: consume(), negated: negate };
        break;
      case '-d':
        destination = { value: consume(), negated: negate };
        break;
      case '-i':
        col.in = `${negate ? '!' : ''}${consume()}`;
        break;
      case '-o':
        col.out = `${negate ? '!' : ''}${consume()}`;
        break;
      case '-m':
        consume();
        break;
      case '--dport':
        extra.push(`${col.prot} dpt:${negate ? '!' : ''}${consume()}`);
        break;
      case '--uid-owner':
        extra.push(`${negate ? '! ' : ''}owner UID match ${owner(consume(), style)}`);
        break;
      case '--gid-owner':
        extra.push(`${negate ? '! ' : ''}owner GID match ${owner(consume(), style)}`);
        break;
      case '-j':
        col.target = consume();
        break;
      case '--to-ports':
      case '--to-port':
        extra.push(`redir ports ${consume()}`);
        break;
      default:
        throw new Error(`listing helper: unsupported word '${word}' in ${args.join(' ')}`);
    }
    negate = false;
  }
  return {
    ...col,
    in: iface(col.in, style),
    out: iface(col.out, style),
    source: address(source.value, source.negated, style),
    destination: address(destination.value, destination.negated, style),
    extra: extra.join(' '),
  };
}

/** Replays `-A`/`-I` in order, as iptables-restore does: chain → rules (args) in live order. */
export function replayTable(
  rules: readonly RuleCommand[],
  table: TableName,
): Map<string, (readonly string[])[]> {
  const chains = new Map<string, (readonly string[])[]>();
  for (const rule of rules.filter((r) => r.table === table)) {
    const list = chains.get(rule.chain) ?? [];
    if (rule.op === 'append') list.push(rule.args);
    else list.splice((rule.position ?? 1) - 1, 0, rule.args);
    chains.set(rule.chain, list);
  }
  return chains;
}

/** Our rules of one table as listing columns, for the given chains (missing chains are empty). */
export function listColumns(
  rules: readonly RuleCommand[],
  table: TableName,
  style: ListingStyle,
): Map<string, Columns[]> {
  const out = new Map<string, Columns[]>();
  for (const [chain, list] of replayTable(rules, table))
    out.set(
      chain,
      list.map((args) => toColumns(args, style)),
    );
  return out;
}

/** Parses an `iptables -L -v` / `-nvL` listing (counters ignored); other lines are skipped. */
export function parseListing(text: string): Map<string, Columns[]> {
  const chains = new Map<string, Columns[]>();
  let current: Columns[] | undefined;
  for (const line of text.split('\n')) {
    const header = /^Chain (\S+) \(/.exec(line);
    if (header) {
      current = [];
      chains.set(header[1] ?? '', current);
      continue;
    }
    const fields = line.trim().split(/\s+/);
    if (!current || fields.length < 9 || !/^\d+[KMG]?$/.test(fields[0] ?? '')) continue;
    const [
      ,
      ,
      target = '',
      prot = '',
      ,
      inIf = '',
      outIf = '',
      source = '',
      destination = '',
      ...rest
    ] = fields;
    current.push({
      target,
      prot,
      in: inIf,
      out: outIf,
      source,
      destination,
      extra: rest.join(' '),
    });
  }
  return chains;
}

/** Parses the `-A` lines of an iptables-save dump into columns (implicit `-m tcp` is skipped). */
export function parseSaveListing(text: string): Map<string, Columns[]> {
  const chains = new Map<string, Columns[]>();
  for (const line of text.split('\n')) {
    const declared = /^:(\S+) /.exec(line);
    if (declared) chains.set(declared[1] ?? '', chains.get(declared[1] ?? '') ?? []);
    if (!line.startsWith('-A ')) continue;
    const [, chain = '', ...args] = line.trim().split(/\s+/);
    const list = chains.get(chain) ?? [];
    list.push(toColumns(args, 'numeric'));
    chains.set(chain, list);
  }
  return chains;
}

/** The listing's chains, each with our rules for it in the same order (empty if we have none). */
export function alignChains(
  listing: Map<string, Columns[]>,
  ours: Map<string, Columns[]>,
): {
  readonly theirs: Record<string, Columns[]>;
  readonly mine: Record<string, Columns[]>;
} {
  const names = [...new Set([...listing.keys(), ...ours.keys()])].sort();
  return {
    theirs: Object.fromEntries(names.map((n) => [n, listing.get(n) ?? []])),
    mine: Object.fromEntries(names.map((n) => [n, ours.get(n) ?? []])),
  };
}
