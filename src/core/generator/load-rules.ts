import type { Ruleset } from '../iptables/model.ts';
import { parseIptables } from '../iptables/parse.ts';
import type { Diagnostic } from '../shared/diagnostics.ts';
import type { IpFamily } from '../shared/ip.ts';
import type { GeneratedRules } from './generate.ts';
import { renderRestoreLines } from './render-restore.ts';

/**
 * One family's generated rules as istio-iptables hands them to iptables-restore and as the kernel
 * then holds them.
 *
 * @example
 * const loaded: LoadedRules = loadGeneratedRules(generateRules(DEFAULT_CONFIG), 4);
 * loaded.restore.startsWith('* nat'); // true
 */
export interface LoadedRules {
  readonly family: IpFamily;
  /** The iptables-restore input (`renderRestore`). */
  readonly restore: string;
  /**
   * What iptables-restore loads: every rule carries `origin` (the flags and reason of the command
   * that wrote it), at its final position. With errors, the rules the kernel would accept.
   */
  readonly ruleset: Ruleset;
  /**
   * The parser's diagnostics: ranges are places in `restore`, and `subject` names the first flag
   * behind the refused line (when it has one). Any error means iptables-restore refuses the input.
   */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The one way generated rules are loaded (UI, mesh model and CLI): render the restore text, then
 * parse it with each line's origin, so rule ↔ flag links are data on the rules rather than a
 * replay of `-A`/`-I` positions.
 *
 * @example
 * const { ruleset } = loadGeneratedRules(generateRules(DEFAULT_CONFIG, 'latest'), 4);
 * ruleset.tables[0]?.chains.find((c) => c.name === 'ISTIO_OUTPUT')?.rules[3]?.origin?.flags; // ['proxy-uid']
 */
export function loadGeneratedRules(rules: GeneratedRules, family: IpFamily): LoadedRules {
  const { text, lineOrigins } = renderRestoreLines(rules, family);
  const parsed = parseIptables(text, { family, lineOrigins });
  const diagnostics = parsed.diagnostics.map((d): Diagnostic => {
    const flag = lineOrigins[d.range.line - 1]?.flags[0];
    return flag === undefined || d.subject !== undefined ? d : { ...d, subject: flag };
  });
  return { family, restore: text, ruleset: parsed.value, diagnostics };
}
