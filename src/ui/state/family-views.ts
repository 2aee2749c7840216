import { listOptionsFor, loadGeneratedRules, renderIptablesList, renderIptablesSave } from '@core';
import type { Diagnostic, GeneratedRules, IpFamily, ParsedArgs, Rulesets } from '@core';
import type { FamilyViews, ShownDiagnostic } from '../store/derived.ts';

/**
 * One family's views of generated rules (istio-init's, the CNI plugin's or the ambient node
 * agent's): loaded with `loadGeneratedRules`, so every rule carries its `origin`.
 *
 * @example
 * buildFamilyViews(generateRules(DEFAULT_CONFIG), 4).views.save.startsWith('*nat'); // true
 */
export function buildFamilyViews(
  rules: GeneratedRules,
  family: IpFamily,
): {
  views: FamilyViews;
  diagnostics: readonly Diagnostic[];
} {
  const { restore, ruleset, diagnostics } = loadGeneratedRules(rules, family);
  const lists = ruleset.tables.map((t) => ({
    table: t.name,
    text: renderIptablesList(ruleset, t.name, listOptionsFor(rules.version)),
  }));
  return {
    views: { family, ruleset, restore, save: renderIptablesSave(ruleset), lists },
    diagnostics,
  };
}

/** The rulesets of each family, as the simulator takes them. */
export function toRulesets(families: readonly FamilyViews[]): Rulesets {
  const v4 = families.find((f) => f.family === 4)?.ruleset;
  const v6 = families.find((f) => f.family === 6)?.ruleset;
  return { ...(v4 ? { v4 } : {}), ...(v6 ? { v6 } : {}) };
}

/** Generator diagnostics name a flag (`subject`), not a place: put them on that flag's token. */
export function locateGeneratorDiagnostic(d: Diagnostic, args: ParsedArgs): ShownDiagnostic {
  const occurrence =
    d.subject === undefined ? undefined : args.flags.findLast((f) => f.flag === d.subject);
  if (occurrence === undefined) return { diagnostic: d, origin: 'generator', located: false };
  return { diagnostic: { ...d, range: occurrence.range }, origin: 'generator', located: true };
}
