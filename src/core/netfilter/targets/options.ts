import type { RuleOption } from '../../iptables/model.ts';
import { optionName, optionValue } from '../matchers/common.ts';

/** The options of an extension target by name (without dashes); the last one wins like iptables. */
export function optionMap(options: readonly RuleOption[]): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const o of options) map.set(optionName(o), optionValue(o));
  return map;
}

/** First port of `P`, `P-Q` or `P:Q`. */
export function parseFirstPort(text: string): number | undefined {
  const m = /^([0-9]{1,5})(?:[-:]([0-9]{1,5}))?$/.exec(text.trim());
  if (!m) return undefined;
  const port = Number(m[1]);
  return port >= 1 && port <= 65535 ? port : undefined;
}

export { optionName, optionValue, parseU32, parseValueMask } from '../matchers/common.ts';
