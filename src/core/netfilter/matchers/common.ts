import type { RuleOption } from '../../iptables/model.ts';
import type { ConditionSpec, PacketFact } from '../condition.ts';
import type { EvalContext, SimPacket } from '../state.ts';

/** One condition of a rule: all must hold for the rule to match. */
export interface Condition {
  /** The option as written, e.g. `! -d 127.0.0.1/32` or `-m owner --uid-owner 1337`. */
  readonly spec: ConditionSpec;
  readonly test: (p: SimPacket, ctx: EvalContext) => boolean;
  /** What the packet had, for the "why not" of a trace step, e.g. `{ field: 'oif', value: 'eth0' }`. */
  readonly actual: (p: SimPacket, ctx: EvalContext) => PacketFact;
}

/** A match module compiled to conditions, or the reason it cannot be evaluated. */
export type CompiledMatch =
  | { readonly ok: true; readonly conditions: readonly Condition[] }
  | { readonly ok: false; readonly reason: string };

export function compiled(conditions: readonly Condition[]): CompiledMatch {
  return { ok: true, conditions };
}

export function cannot(reason: string): CompiledMatch {
  return { ok: false, reason };
}

/** Option name without its leading dashes: `--dport` and `dport` are the same option. */
export function optionName(o: RuleOption): string {
  return o.name.replace(/^-+/, '');
}

/** The option's arguments as one string (`53,15008`, `RELATED,ESTABLISHED`). */
export function optionValue(o: RuleOption): string {
  return o.args.join(',');
}

/** The condition an option of `-m module` states. */
export function optionSpec(o: RuleOption, module: string): ConditionSpec {
  return { match: module, option: optionName(o), negated: o.negated, expected: o.args.join(' ') };
}

/** `! --dport 15008`, with the module prefix when given: `-m owner --uid-owner 1337`. */
export function optionLabel(o: RuleOption, module?: string): string {
  const body = `${o.negated ? '! ' : ''}--${optionName(o)}${o.args.length > 0 ? ` ${o.args.join(' ')}` : ''}`;
  return module === undefined ? body : `-m ${module} ${body}`;
}

/** Unsigned 32-bit integer in decimal or `0x` hex, as iptables accepts marks and ids. */
export function parseU32(text: string): number | undefined {
  const t = text.trim();
  if (!/^(0x[0-9a-f]{1,8}|[0-9]{1,10})$/i.test(t)) return undefined;
  const n = Number(t);
  return n <= 0xffffffff ? n : undefined;
}

/** `value[/mask]` with the mask defaulting to all ones. */
export function parseValueMask(text: string): { value: number; mask: number } | undefined {
  const [v, m, extra] = text.split('/');
  if (v === undefined || extra !== undefined) return undefined;
  const value = parseU32(v);
  const mask = m === undefined ? 0xffffffff : parseU32(m);
  return value === undefined || mask === undefined ? undefined : { value, mask };
}

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** `N`, `N:M`, `:M`, `N:` (iptables also accepts `-` in multiport lists, not here). */
export function parsePortRange(text: string): PortRange | undefined {
  const port = (s: string, fallback: number): number | undefined => {
    if (s === '') return fallback;
    if (!/^[0-9]{1,5}$/.test(s)) return undefined;
    const n = Number(s);
    return n <= 65535 ? n : undefined;
  };
  const colon = text.indexOf(':');
  const from = port(colon < 0 ? text : text.slice(0, colon), 0);
  const to = colon < 0 ? from : port(text.slice(colon + 1), 65535);
  if (from === undefined || to === undefined || (colon < 0 && text === '')) return undefined;
  return { from, to };
}

/** Builds a condition that XORs the test with the option's `!`. */
export function negatable(
  spec: ConditionSpec,
  test: (p: SimPacket, ctx: EvalContext) => boolean,
  actual: (p: SimPacket, ctx: EvalContext) => PacketFact,
): Condition {
  return { spec, test: spec.negated ? (p, ctx) => !test(p, ctx) : test, actual };
}
