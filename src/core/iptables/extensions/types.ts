import type { RuleOption } from '../model.ts';
import type { Family } from '../address.ts';

/** One `--option` of an extension, as getopt_long knows it. */
export interface OptionSpec {
  /** Canonical long name, without dashes. */
  readonly name: string;
  readonly aliases?: readonly string[];
  /** Number of arguments it consumes. */
  readonly args: 0 | 1 | 2;
  /** Whether `!` may precede it (iptables refuses `!` otherwise). */
  readonly negatable?: boolean;
}

export interface ExtensionContext {
  readonly family: Family;
  /** The rule's `-p` protocol number, if any (0 = all). */
  readonly protocol: number | undefined;
  /** `iptables -L -n` (numbers) or `-L` (names where iptables would look them up). */
  readonly numeric: boolean;
  /** Without `-n`: the image's user and group names (getpwuid/getgrgid). */
  readonly names?: {
    readonly users?: Readonly<Record<string, string>>;
    readonly groups?: Readonly<Record<string, string>>;
  };
}

/** Where the kernel lets an extension be used (xt_check_match/target: table and hook masks). */
export interface Constraint {
  readonly tables?: readonly string[];
  /** Built-in chains (hooks) that may reach a rule using it. */
  readonly hooks?: readonly string[];
}

export type CanonicalResult =
  | { readonly ok: true; readonly options: readonly RuleOption[] }
  | { readonly ok: false; readonly error: string; readonly optionIndex?: number };

/**
 * What the core knows about one match module or target extension: its options, how the kernel
 * stores and prints them back (`canonicalize`: the options exactly as iptables-save prints them,
 * in its order), and the `iptables -L` text.
 */
export interface ExtensionSpec {
  readonly name: string;
  readonly kind: 'match' | 'target';
  /** Families it exists in; both when absent. */
  readonly families?: readonly Family[];
  readonly options: readonly OptionSpec[];
  /** Options whose argument is free text, printed like xtables_save_string. */
  readonly textOptions?: ReadonlySet<string>;
  canonicalize(options: readonly RuleOption[], ctx: ExtensionContext): CanonicalResult;
  /** `iptables -L` text of canonical options, with its leading space. */
  list(options: readonly RuleOption[], ctx: ExtensionContext): string;
  /** Table and hook restrictions, measured against the kernel; none when absent. */
  constraint?(options: readonly RuleOption[]): Constraint | undefined;
}

export function ok(options: readonly RuleOption[]): CanonicalResult {
  return { ok: true, options };
}

export function fail(error: string, optionIndex?: number): CanonicalResult {
  return optionIndex === undefined ? { ok: false, error } : { ok: false, error, optionIndex };
}

export function opt(name: string, args: readonly string[] = [], negated = false): RuleOption {
  return { name, negated, args };
}

/**
 * getopt_long lookup inside one extension: exact name or alias first, then a unique prefix
 * (`--to-port` is `--to-ports`, `--dport` inside multiport is `--dports`).
 */
export function resolveOption(
  spec: Pick<ExtensionSpec, 'options'>,
  written: string,
): OptionSpec | 'ambiguous' | undefined {
  for (const o of spec.options) if (o.name === written || o.aliases?.includes(written)) return o;
  let found: OptionSpec | undefined;
  for (const o of spec.options) {
    const names = [o.name, ...(o.aliases ?? [])];
    if (!names.some((n) => n.startsWith(written))) continue;
    if (found && found !== o) return 'ambiguous';
    found = o;
  }
  return found;
}

/** An option occurrence, resolved to its spec, with its index in the written list. */
export interface Occurrence {
  readonly spec: OptionSpec;
  readonly option: RuleOption;
  readonly index: number;
}

/** A handful of resolved options; an array beats a Map at this size (hot path at 100k rules). */
export class OptionBag {
  private readonly items: Occurrence[] = [];

  get(name: string): Occurrence | undefined {
    for (const o of this.items) if (o.spec.name === name) return o;
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  values(): readonly Occurrence[] {
    return this.items;
  }

  add(o: Occurrence): void {
    this.items.push(o);
  }
}

/**
 * Resolves written options to their specs and enforces iptables' "can only be used once" and
 * "cannot be inverted" rules.
 */
export function collectOptions(
  spec: ExtensionSpec,
  options: readonly RuleOption[],
): { ok: true; byName: OptionBag } | { ok: false; error: string; optionIndex: number } {
  const byName = new OptionBag();
  for (let index = 0; index < options.length; index++) {
    const option = options[index];
    if (!option) continue;
    const resolved = resolveOption(spec, option.name);
    if (resolved === undefined || resolved === 'ambiguous') {
      return {
        ok: false,
        error: `${spec.name}: unknown option "--${option.name}"`,
        optionIndex: index,
      };
    }
    if (option.negated && !resolved.negatable) {
      return {
        ok: false,
        error: `${spec.name}: option "--${resolved.name}" cannot be inverted.`,
        optionIndex: index,
      };
    }
    if (byName.has(resolved.name)) {
      return {
        ok: false,
        error: `${spec.name}: option "--${resolved.name}" can only be used once.`,
        optionIndex: index,
      };
    }
    byName.add({ spec: resolved, option, index });
  }
  return { ok: true, byName };
}

/** First argument of an option occurrence ('' when absent). */
export function arg(o: Occurrence | undefined, i = 0): string {
  return o?.option.args[i] ?? '';
}
