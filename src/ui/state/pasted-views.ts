import { parseIptables, renderIptablesList, renderIptablesSave } from '@core';
import type { Parsed, Ruleset } from '@core';
import type { FamilyViews, Generated, ListView, ShownDiagnostic } from '../store/derived.ts';
import type { PastedResult } from './pasted-async.ts';

/**
 * The views of a pasted iptables-save / iptables-restore dump (bring your own rules): the
 * parser's canonical save and `-nvL` per table; the family is guessed from the text. Parser
 * diagnostics point into the editor text, so they become editor markers.
 *
 * @example
 * buildPastedViews('*nat\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n').views.families[0]?.family; // 4
 */
export function buildPastedViews(text: string): Generated {
  const { parsed, save } = parsePasted(text);
  return buildPastedViewsFrom(text, parsed, save);
}

/** The parse and canonical save of a pasted dump: the pasted-rules worker's whole job. */
export function parsePasted(text: string): PastedResult {
  const parsed = parseIptables(text);
  return { parsed, save: renderIptablesSave(parsed.value) };
}

/** The same from a parse (and save text) done elsewhere: the worker, for big pastes. */
export function buildPastedViewsFrom(
  text: string,
  parsed: Parsed<Ruleset>,
  save: string,
): Generated {
  const ruleset = parsed.value;
  let lists: ListView[] | undefined;
  const diagnostics: ShownDiagnostic[] = parsed.diagnostics.map((d) => ({
    diagnostic: d,
    origin: 'input',
    located: true,
  }));
  const family: FamilyViews = {
    family: ruleset.family,
    ruleset,
    restore: text,
    save,
    // -nvL of a kube-proxy dump takes seconds: rendered when the tab first asks for it.
    get lists() {
      lists ??= ruleset.tables.map((t) => ({
        table: t.name,
        text: renderIptablesList(ruleset, t.name),
      }));
      return lists;
    },
  };
  return {
    views: {
      version: undefined,
      families: [family],
      dryRun: undefined,
      rulesets: ruleset.family === 4 ? { v4: ruleset } : { v6: ruleset },
    },
    diagnostics,
    ok: ruleset.tables.length > 0 && !diagnostics.some((d) => d.diagnostic.severity === 'error'),
  };
}
