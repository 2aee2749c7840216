/**
 * The iptables command-line options themselves (xshared.c option table), and getopt_long's
 * lookup rules over them plus the options of the loaded extensions: exact names first, then a
 * unique prefix (`--pro` is `--protocol`), base options winning exact ties.
 */
import { resolveOption, type ExtensionSpec, type OptionSpec } from './extensions/types.ts';

/** Short letter of each base option, and whether it takes an argument (2 = optional). */
export interface BaseOption {
  readonly short: string;
  readonly long: readonly string[];
  readonly args: 0 | 1 | 2;
}

export const BASE_OPTIONS: readonly BaseOption[] = [
  { short: 'A', long: ['append'], args: 1 },
  { short: 'D', long: ['delete'], args: 1 },
  { short: 'C', long: ['check'], args: 1 },
  { short: 'I', long: ['insert'], args: 1 },
  { short: 'R', long: ['replace'], args: 1 },
  { short: 'L', long: ['list'], args: 2 },
  { short: 'S', long: ['list-rules'], args: 2 },
  { short: 'F', long: ['flush'], args: 2 },
  { short: 'Z', long: ['zero'], args: 2 },
  { short: 'N', long: ['new-chain'], args: 1 },
  { short: 'X', long: ['delete-chain'], args: 2 },
  { short: 'E', long: ['rename-chain'], args: 1 },
  { short: 'P', long: ['policy'], args: 1 },
  { short: 's', long: ['source', 'src'], args: 1 },
  { short: 'd', long: ['destination', 'dst'], args: 1 },
  { short: 'p', long: ['protocol'], args: 1 },
  { short: 'i', long: ['in-interface'], args: 1 },
  { short: 'j', long: ['jump'], args: 1 },
  { short: 't', long: ['table'], args: 1 },
  { short: 'm', long: ['match'], args: 1 },
  { short: 'n', long: ['numeric'], args: 0 },
  { short: 'o', long: ['out-interface'], args: 1 },
  { short: 'v', long: ['verbose'], args: 0 },
  { short: 'w', long: ['wait'], args: 2 },
  { short: 'W', long: ['wait-interval'], args: 1 },
  { short: 'x', long: ['exact'], args: 0 },
  { short: 'f', long: ['fragments'], args: 0 },
  { short: 'V', long: ['version'], args: 0 },
  { short: 'h', long: ['help'], args: 2 },
  { short: '0', long: ['line-numbers'], args: 0 },
  { short: 'M', long: ['modprobe'], args: 1 },
  { short: 'c', long: ['set-counters'], args: 1 },
  { short: 'g', long: ['goto'], args: 1 },
  { short: '4', long: ['ipv4'], args: 0 },
  { short: '6', long: ['ipv6'], args: 0 },
];

const byShort = new Map(BASE_OPTIONS.map((o) => [o.short, o]));
/** Lookup results for base options, made once (this runs for every option of every rule). */
const byLong = new Map(
  BASE_OPTIONS.flatMap((o) =>
    o.long.map((l) => [l, { kind: 'base', option: o } as const] as const),
  ),
);

export function findShortOption(letter: string): BaseOption | undefined {
  return letter === '0' ? undefined : byShort.get(letter);
}

/** An extension instance loaded on the current command line (`-m`, implicit, or `-j`). */
export interface LoadedExtension {
  readonly spec: ExtensionSpec | undefined;
  readonly name: string;
}

export type LongLookup =
  | { readonly kind: 'base'; readonly option: BaseOption }
  | { readonly kind: 'extension'; readonly index: number; readonly option: OptionSpec }
  | { readonly kind: 'ambiguous' }
  | { readonly kind: 'unknown' };

/** An option of the extension named exactly `written` (or one of its aliases); a loop, no closure. */
function exactOption(spec: ExtensionSpec | undefined, written: string): OptionSpec | undefined {
  if (!spec) return undefined;
  for (const o of spec.options) if (o.name === written || o.aliases?.includes(written)) return o;
  return undefined;
}

/**
 * Finds `--written` the way getopt_long does over iptables' merged option table: base options,
 * then the newest loaded extension's options first.
 */
export function lookupLongOption(written: string, loaded: readonly LoadedExtension[]): LongLookup {
  const base = byLong.get(written);
  if (base) return base;
  for (let i = loaded.length - 1; i >= 0; i--) {
    const found = exactOption(loaded[i]?.spec, written);
    if (found) return { kind: 'extension', index: i, option: found };
  }
  const candidates: LongLookup[] = [];
  for (const o of BASE_OPTIONS) {
    if (o.long.some((n) => n.startsWith(written))) candidates.push({ kind: 'base', option: o });
  }
  for (let i = loaded.length - 1; i >= 0; i--) {
    const spec = loaded[i]?.spec;
    if (!spec) continue;
    const found = resolveOption(spec, written);
    if (found === 'ambiguous') return { kind: 'ambiguous' };
    if (found) candidates.push({ kind: 'extension', index: i, option: found });
  }
  if (candidates.length === 1 && candidates[0]) return candidates[0];
  return candidates.length > 1 ? { kind: 'ambiguous' } : { kind: 'unknown' };
}
