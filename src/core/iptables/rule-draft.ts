/** A rule spec being assembled from words, and its validation into model rules. */
import type { SourceRange } from '../shared/source-range.ts';
import { formatSaveAddress, parseAddressList, type Family, type MaskedAddress } from './address.ts';
import { isInstalledTarget } from './extensions/installed.ts';
import { implicitMatchFor, VERDICTS } from './extensions/registry.ts';
import type { ExtensionSpec } from './extensions/types.ts';
import type { Counters, Match, Negatable, Rule, RuleOption, Target, Verdict } from './model.ts';
import type { Report } from './parse-command.ts';
import { protocolName } from './protocol.ts';

export interface LoadedInstance {
  readonly spec: ExtensionSpec | undefined;
  readonly name: string;
  readonly kind: 'match' | 'target';
  readonly implicit: boolean;
  readonly options: { readonly option: RuleOption; readonly range: SourceRange }[];
  readonly range: SourceRange | undefined;
}

interface Written {
  readonly negated: boolean;
  readonly text: string;
  readonly range: SourceRange;
}

export interface RuleDraft {
  readonly loaded: LoadedInstance[];
  readonly unparsed: string[];
  readonly family: Family;
  source?: Written;
  destination?: Written;
  inInterface?: Written;
  outInterface?: Written;
  protocol?: { readonly negated: boolean; readonly number: number; readonly range: SourceRange };
  fragment?: { readonly negated: boolean };
  target?: { readonly name: string; readonly goto: boolean; readonly range: SourceRange };
  counters?: Counters;
}

const IFNAMSIZ = 16;
const PROTO_MATCHES = new Set(['tcp', 'udp', 'icmp', 'icmp6']);

function addresses(w: Written | undefined, family: Family, report: Report): (Negatable<string> | undefined)[] {
  if (!w) return [undefined];
  const list = parseAddressList(w.text, family);
  if (!list) {
    report('bad-address', 'error', `host/network \`${w.text}' not found`, w.range);
    return [undefined];
  }
  return list.map((a: MaskedAddress) => (a.mask === 0n ? undefined : { negated: w.negated, value: formatSaveAddress(a) }));
}

function iface(w: Written | undefined, report: Report): Negatable<string> | undefined {
  if (!w) return undefined;
  if (w.text.length >= IFNAMSIZ) {
    report('syntax', 'error', `interface name \`${w.text}' must be shorter than IFNAMSIZ (${IFNAMSIZ - 1})`, w.range);
    return undefined;
  }
  if (w.text === '+' || w.text === '') return undefined;
  return { negated: w.negated, value: w.text };
}

function validate(instance: LoadedInstance, draft: RuleDraft, report: Report): void {
  const spec = instance.spec;
  if (!spec) return;
  const result = spec.canonicalize(
    instance.options.map((o) => o.option),
    { family: draft.family, protocol: draft.protocol?.number, numeric: true },
  );
  if (result.ok) return;
  const where = (result.optionIndex === undefined ? undefined : instance.options[result.optionIndex]?.range) ?? instance.range ?? draft.target?.range;
  if (where) report('syntax', 'error', result.error, where);
}

function buildMatches(draft: RuleDraft, report: Report): Match[] {
  const matches: Match[] = [];
  for (const m of draft.loaded) {
    if (m.kind !== 'match') continue;
    validate(m, draft, report);
    const proto = draft.protocol?.number;
    if (m.spec && PROTO_MATCHES.has(m.spec.name) && (proto === undefined || implicitMatchFor(proto, draft.family) !== m.spec.name)) {
      const needs = m.spec.name === 'icmp6' ? 'ipv6-icmp' : m.spec.name;
      if (m.range) report('syntax', 'error', `${m.spec.name.toUpperCase()} match requires '-p ${needs}'`, m.range);
    }
    matches.push({ module: m.name, options: m.options.map((o) => o.option), implicit: m.implicit, known: m.spec !== undefined });
  }
  return matches;
}

function buildTarget(draft: RuleDraft, report: Report): { target?: Target; jump?: { chain: string; range: SourceRange } } {
  const t = draft.target;
  if (!t) return {};
  if (t.name === '') {
    report('syntax', 'error', 'empty target name', t.range);
    return {};
  }
  if (t.goto) return { target: { kind: 'goto', chain: t.name }, jump: { chain: t.name, range: t.range } };
  if (VERDICTS.has(t.name)) return { target: { kind: 'verdict', verdict: t.name as Verdict } };
  const instance = draft.loaded.find((l) => l.kind === 'target');
  const options = instance?.options.map((o) => o.option) ?? [];
  if (instance?.spec) {
    validate(instance, draft, report);
    return { target: { kind: 'extension', name: t.name, options, known: true } };
  }
  if (options.length > 0 || isInstalledTarget(t.name, draft.family)) {
    if (isInstalledTarget(t.name, draft.family)) {
      report('unknown-target', 'warning', `target "${t.name}" is not modelled: kept and rendered as written`, t.range);
    } else {
      report('unknown-target', 'error', `iptables v1.8.9 has no target "${t.name}" for IPv${draft.family}`, t.range);
    }
    return { target: { kind: 'extension', name: t.name, options, known: false } };
  }
  return { target: { kind: 'jump', chain: t.name }, jump: { chain: t.name, range: t.range } };
}

/**
 * Turns a finished draft into model rules: canonical base fields, matches with options as
 * written (resolved to their long names), one rule per source × destination address.
 */
export function buildRules(
  draft: RuleDraft,
  range: SourceRange,
  report: Report,
): { rules: Rule[]; jump: { chain: string; range: SourceRange } | undefined } {
  const sources = addresses(draft.source, draft.family, report);
  const destinations = addresses(draft.destination, draft.family, report);
  const inInterface = iface(draft.inInterface, report);
  const outInterface = iface(draft.outInterface, report);
  const proto = draft.protocol;
  const protocol = proto && proto.number !== 0 ? { negated: proto.negated, value: protocolName(proto.number) } : undefined;
  const matches = buildMatches(draft, report);
  const { target, jump } = buildTarget(draft, report);
  const rules: Rule[] = [];
  for (const source of sources) {
    for (const destination of destinations) {
      rules.push({
        ...(draft.counters ? { counters: draft.counters } : {}),
        ...(protocol ? { protocol } : {}),
        ...(source ? { source } : {}),
        ...(destination ? { destination } : {}),
        ...(inInterface ? { inInterface } : {}),
        ...(outInterface ? { outInterface } : {}),
        ...(draft.fragment ? { fragment: { negated: draft.fragment.negated, value: true as const } } : {}),
        matches,
        ...(target ? { target } : {}),
        range,
        ...(draft.unparsed.length > 0 ? { unparsed: [...draft.unparsed] } : {}),
      });
    }
  }
  return { rules, jump };
}
