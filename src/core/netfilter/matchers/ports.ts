import type { Match, RuleOption } from '../../iptables/model.ts';
import type { PacketFact } from '../condition.ts';
import type { SimPacket } from '../state.ts';
import type { CompiledMatch, Condition, PortRange } from './common.ts';
import {
  cannot,
  compiled,
  negatable,
  optionLabel,
  optionName,
  optionSpec,
  optionValue,
  parsePortRange,
} from './common.ts';

function inRanges(ranges: readonly PortRange[], port: number): boolean {
  return ranges.some((r) => port >= r.from && port <= r.to);
}

function parseRanges(text: string, separator: RegExp): PortRange[] | undefined {
  const ranges: PortRange[] = [];
  for (const part of text.split(separator)) {
    const range = parsePortRange(part);
    if (!range) return undefined;
    ranges.push(range);
  }
  return ranges;
}

function portCondition(
  o: RuleOption,
  module: string,
  which: 'sport' | 'dport' | 'both',
  ranges: readonly PortRange[],
): Condition {
  const test = (p: SimPacket) =>
    which === 'sport'
      ? inRanges(ranges, p.sport)
      : which === 'dport'
        ? inRanges(ranges, p.dport)
        : inRanges(ranges, p.sport) || inRanges(ranges, p.dport);
  const actual = (p: SimPacket): PacketFact =>
    which === 'sport'
      ? { field: 'sport', value: String(p.sport) }
      : which === 'dport'
        ? { field: 'dport', value: String(p.dport) }
        : { field: 'ports', value: `${p.sport}->${p.dport}` };
  return negatable(optionSpec(o, module), test, actual);
}

const TCP_FLAG_BITS: Readonly<Record<string, number>> = {
  FIN: 1,
  SYN: 2,
  RST: 4,
  PSH: 8,
  ACK: 16,
  URG: 32,
  ECE: 64,
  CWR: 128,
  ALL: 255,
  NONE: 0,
};

function parseFlags(text: string): number | undefined {
  let bits = 0;
  for (const name of text.toUpperCase().split(',')) {
    const b = TCP_FLAG_BITS[name];
    if (b === undefined) return undefined;
    bits |= b;
  }
  return bits;
}

/** A first packet is a SYN; any other packet of a connection is taken to carry ACK. */
function packetFlags(p: SimPacket): number {
  return p.syn ? 2 : 16;
}

function flagsCondition(o: RuleOption, module: string, mask: number, comp: number): Condition {
  return negatable(
    optionSpec(o, module),
    (p) => (packetFlags(p) & mask) === comp,
    (p) => ({ field: 'flags', value: p.syn ? 'SYN' : 'ACK' }),
  );
}

/** `-m tcp` / `-m udp` (also the implicit ones after `-p tcp --dport`). */
export function compileTcpUdp(match: Match): CompiledMatch {
  const module = match.module;
  const conditions: Condition[] = [
    {
      spec: { match: module, option: '', negated: false, expected: '' },
      test: (p) => p.proto === module,
      actual: (p) => ({ field: 'protocol', value: p.proto }),
    },
  ];
  for (const o of match.options) {
    const name = optionName(o);
    const which =
      name === 'sport' || name === 'source-port'
        ? 'sport'
        : name === 'dport' || name === 'destination-port'
          ? 'dport'
          : undefined;
    if (which) {
      const range = parsePortRange(optionValue(o));
      if (!range) return cannot(`bad port '${optionValue(o)}' in ${optionLabel(o, module)}`);
      conditions.push(portCondition(o, module, which, [range]));
    } else if (module === 'tcp' && name === 'syn') {
      conditions.push(flagsCondition(o, module, 0x17, 0x02));
    } else if (module === 'tcp' && name === 'tcp-flags' && o.args.length === 2) {
      const mask = parseFlags(o.args[0] ?? '');
      const comp = parseFlags(o.args[1] ?? '');
      if (mask === undefined || comp === undefined)
        return cannot(`bad flags in ${optionLabel(o, module)}`);
      conditions.push(flagsCondition(o, module, mask, comp));
    } else {
      return cannot(`cannot evaluate ${optionLabel(o, module)}`);
    }
  }
  return compiled(conditions);
}

/** `-m multiport --dports/--sports/--ports a,b:c`. */
export function compileMultiport(match: Match): CompiledMatch {
  const conditions: Condition[] = [];
  for (const o of match.options) {
    const name = optionName(o);
    const which =
      name === 'sports' || name === 'source-ports'
        ? 'sport'
        : name === 'dports' || name === 'destination-ports'
          ? 'dport'
          : name === 'ports'
            ? 'both'
            : undefined;
    if (!which) return cannot(`cannot evaluate ${optionLabel(o, 'multiport')}`);
    const ranges = parseRanges(optionValue(o), /,/);
    if (!ranges) return cannot(`bad port list '${optionValue(o)}' in -m multiport`);
    conditions.push(portCondition(o, 'multiport', which, ranges));
  }
  return compiled(conditions);
}
