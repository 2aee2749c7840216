/**
 * A rule as the kernel holds it after iptables-nft stored it: canonical addresses and
 * protocol name, every known match/target option in iptables-save's form and order, and the
 * nf_tables quirk that all port-only `tcp`/`udp` matches of a rule become one match (placed
 * where the first was, later options winning).
 */
import { formatSaveAddress, parseAddressList, type Family } from './address.ts';
import { findMatch, findTarget } from './extensions/registry.ts';
import type { CanonicalResult, ExtensionContext, ExtensionSpec } from './extensions/types.ts';
import type { Match, Negatable, Rule, RuleOption, Target } from './model.ts';
import { canonicalProtocol, protocolNumber } from './protocol.ts';

/** A match with the spec that canonicalized it (absent when rendered as written). */
export interface CanonicalMatch extends Match {
  readonly spec?: ExtensionSpec;
}

export type CanonicalTarget = Target & { readonly spec?: ExtensionSpec };

export interface CanonicalRule extends Omit<Rule, 'matches' | 'target'> {
  readonly matches: readonly CanonicalMatch[];
  readonly target?: CanonicalTarget;
}

function canonicalAddress(
  a: Negatable<string> | undefined,
  family: Family,
): Negatable<string> | undefined {
  if (!a) return a;
  const list = parseAddressList(a.value, family);
  const first = list?.[0];
  if (!first || list.length !== 1) return a;
  return first.mask === 0n ? undefined : { negated: a.negated, value: formatSaveAddress(first) };
}

const MERGED = new Set(['tcp', 'udp']);

function isNativePortMatch(m: Match): boolean {
  return (
    MERGED.has(m.module) &&
    m.known &&
    m.options.length > 0 &&
    !m.options.some((o) => o.name === 'tcp-option')
  );
}

/** The nf_tables payload-match merge for tcp/udp; see the file comment. */
function mergePortMatches(matches: readonly Match[]): readonly Match[] {
  let natives = 0;
  for (const m of matches) if (isNativePortMatch(m)) natives++;
  if (natives < 2) return matches;
  const out: Match[] = [];
  const groups = new Map<string, { index: number; options: RuleOption[] }>();
  for (const m of matches) {
    if (!isNativePortMatch(m)) {
      out.push(m);
      continue;
    }
    const key = (o: RuleOption) => (o.name === 'syn' ? 'tcp-flags' : o.name);
    let group = groups.get(m.module);
    if (!group) {
      group = { index: out.length, options: [] };
      groups.set(m.module, group);
      out.push(m);
    }
    for (const o of m.options) {
      const existing = group.options.findIndex((e) => key(e) === key(o));
      if (existing >= 0) group.options.splice(existing, 1);
      group.options.push(o);
    }
  }
  for (const [module, group] of groups) {
    const first = out[group.index];
    if (first) out[group.index] = { ...first, module, options: group.options, implicit: false };
  }
  return out;
}

/** The canonical form of one match in a context; `undefined` when nf_tables drops it. */
export function canonicalMatchOf(
  m: Match,
  ctx: ExtensionContext,
): { result: CanonicalResult; value: CanonicalMatch | undefined } {
  const spec = m.known ? findMatch(m.module, ctx.family) : undefined;
  if (!spec) return { result: { ok: true, options: m.options }, value: m };
  const result = spec.canonicalize(m.options, ctx);
  if (!result.ok) return { result, value: m };
  // A port match whose only options were negated full ranges is dropped by nf_tables.
  if (
    MERGED.has(spec.name) &&
    result.options.length === 0 &&
    m.options.length > 0 &&
    m.options.every((o) => o.negated)
  ) {
    return { result, value: undefined };
  }
  return {
    result,
    value: { module: spec.name, options: result.options, implicit: m.implicit, known: true, spec },
  };
}

/** The canonical form of a target in a context (unknown or failing ones stay as written). */
export function canonicalTargetOf(
  t: Target,
  ctx: ExtensionContext,
): { result: CanonicalResult; value: CanonicalTarget } {
  const spec = t.kind === 'extension' && t.known ? findTarget(t.name, ctx.family) : undefined;
  if (!spec || t.kind !== 'extension') return { result: { ok: true, options: [] }, value: t };
  const result = spec.canonicalize(t.options, ctx);
  return {
    result,
    value: result.ok
      ? { kind: 'extension', name: t.name, options: result.options, known: true, spec }
      : t,
  };
}

/** The context a rule's extensions are read in. */
export function ruleContext(rule: Rule, family: Family, numeric = true): ExtensionContext {
  return { family, protocol: protocolNumber(rule.protocol?.value), numeric };
}

/** The rule's matches after the nf_tables tcp/udp merge. */
export function mergedMatches(rule: Rule): readonly Match[] {
  return mergePortMatches(rule.matches);
}

/** Canonical protocol, addresses and interfaces of a rule (no extensions). */
export function canonicalBase(
  rule: Rule,
  family: Family,
): Omit<CanonicalRule, 'matches' | 'target'> {
  const protocolText = rule.protocol ? canonicalProtocol(rule.protocol.value) : undefined;
  const protocol =
    protocolText === undefined || !rule.protocol
      ? undefined
      : { negated: rule.protocol.negated, value: protocolText };
  const source = canonicalAddress(rule.source, family);
  const destination = canonicalAddress(rule.destination, family);
  const inInterface =
    rule.inInterface && rule.inInterface.value !== '+' ? rule.inInterface : undefined;
  const outInterface =
    rule.outInterface && rule.outInterface.value !== '+' ? rule.outInterface : undefined;
  return {
    ...(protocol ? { protocol } : {}),
    ...(source ? { source } : {}),
    ...(destination ? { destination } : {}),
    ...(inInterface ? { inInterface } : {}),
    ...(outInterface ? { outInterface } : {}),
    ...(rule.fragment && family === 4 ? { fragment: rule.fragment } : {}),
    ...(rule.unparsed ? { unparsed: rule.unparsed } : {}),
  };
}

/**
 * The kernel's view of a rule (what iptables-save prints back).
 *
 * @example
 * canonicalizeRule({ matches: [], target: { kind: 'extension', name: 'MARK', known: true,
 *   options: [{ name: 'set-mark', negated: false, args: ['1337'] }] } }, 4).target
 * // → MARK with options [{ name: 'set-xmark', args: ['0x539/0xffffffff'] }]
 */
export function canonicalizeRule(rule: Rule, family: Family, numeric = true): CanonicalRule {
  const ctx = ruleContext(rule, family, numeric);
  const matches: CanonicalMatch[] = [];
  for (const m of mergePortMatches(rule.matches)) {
    const c = canonicalMatchOf(m, ctx).value;
    if (c) matches.push(c);
  }
  const target = rule.target ? canonicalTargetOf(rule.target, ctx).value : undefined;
  return { ...canonicalBase(rule, family), matches, ...(target ? { target } : {}) };
}
