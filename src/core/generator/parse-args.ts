import { assertNever } from '../shared/assert.ts';
import type { Diagnostic } from '../shared/diagnostics.ts';
import { capDiagnostics } from '../shared/diagnostics.ts';
import type { Parsed } from '../shared/result.ts';
import type { SourceRange } from '../shared/source-range.ts';
import type { IstioConfig } from './config.ts';
import type { AnnotationSetting } from './input/annotations.ts';
import { DEFAULT_CONFIG } from './flags.ts';
import { checkInputGuards, detectForm, MAX_INPUT_CHARS, tooLarge } from './input/detect.ts';
import { parseFlagTokens } from './input/flag-parser.ts';
import { resolveConfig } from './input/resolve.ts';
import { splitShellWords } from './input/shell-words.ts';
import type { ArgToken } from './input/tokens.ts';
import { dropCommandWords, Locator, plainToken } from './input/tokens.ts';
import { validateConfig } from './input/validate.ts';
import { extractYamlArgs } from './input/yaml-args.ts';

/**
 * What istio-iptables would learn from its surroundings rather than its arguments.
 *
 * @example
 * const options: ParseArgsOptions = { env: { ISTIO_META_DNS_CAPTURE: 'true' }, dnsServers: ['10.96.0.10'] };
 */
export interface ParseArgsOptions {
  /** Environment variables istio-iptables would see (defaults for most flags). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The pod has an IPv6 address (Istio auto-detects this). */
  readonly enableIPv6?: boolean;
  /** The pod's nameservers (Istio reads resolv.conf); split by family into the config. */
  readonly dnsServers?: readonly string[];
  /**
   * Flag values the sidecar injector writes from pod annotations: applied after the written flags
   * (they win), with an `annotation` provenance (diagnostics name the annotation).
   */
  readonly annotations?: readonly AnnotationSetting[];
}

/**
 * One flag as written, in order.
 *
 * @example
 * parseIstioArgs('-p 15001').value.flags[0]; // { flag: 'envoy-port', written: '-p', value: '15001', range, valueRange }
 */
export interface FlagOccurrence {
  /** Long name without dashes (`envoy-port`). */
  readonly flag: string;
  /** As written: `-p` or `--envoy-port`. */
  readonly written: string;
  /** The value (booleans parsed; a bare boolean flag is `true`). */
  readonly value: string | boolean;
  /** The flag itself. */
  readonly range: SourceRange;
  /** The value, when one was written. */
  readonly valueRange?: SourceRange;
}

/**
 * Which input form was recognised.
 *
 * @example
 * parseIstioArgs('args: ["-p", "1"]').value.source; // 'args-list'
 */
export type ArgsSource = 'command-line' | 'args-list' | 'yaml' | 'empty';

/**
 * The parse result: the resolved config plus every flag occurrence for editor features.
 *
 * @example
 * const parsed: ParsedArgs = parseIstioArgs("-b '*'").value;
 * parsed.config.istioInboundPorts; // '*'
 */
export interface ParsedArgs {
  readonly config: IstioConfig;
  readonly source: ArgsSource;
  readonly flags: readonly FlagOccurrence[];
  /** Where the arguments live in the text (for YAML: the args block). */
  readonly argsRange?: SourceRange;
}

/** More diagnostics than this are cut (a garbage paste would otherwise bury the editor). */

/**
 * Parses istio-iptables arguments from editor text: a shell command line, an `args:` list, or
 * Kubernetes YAML holding an `istio-init` container (auto-detected). Never throws; every problem
 * is a located diagnostic.
 *
 * @example
 * const { value, diagnostics } = parseIstioArgs(`istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*'`);
 * value.config.istioServiceCidr; // '*'
 * diagnostics.length; // 0
 */
export function parseIstioArgs(text: string, options: ParseArgsOptions = {}): Parsed<ParsedArgs> {
  let locator: Locator | undefined;
  const loc = (): Locator => (locator ??= new Locator(text));
  const guard = checkInputGuards(text, loc);
  if (guard !== undefined) return refuse(guard, options);
  const form = detectForm(text);
  switch (form) {
    case 'empty':
      return finishParse([], loc(), 'empty', undefined, [], options);
    case 'shell': {
      const words = splitShellWords(text, loc());
      const tokens = words.tokens;
      const range =
        tokens.length === 0
          ? undefined
          : ([tokens[0]?.start ?? 0, tokens[tokens.length - 1]?.end ?? 0] as const);
      return finishParse(tokens, loc(), 'command-line', range, words.diagnostics, options);
    }
    case 'yaml': {
      const yaml = extractYamlArgs(text, loc());
      return finishParse(
        yaml.tokens,
        loc(),
        yaml.source,
        yaml.argsRange,
        yaml.diagnostics,
        options,
      );
    }
    default:
      return assertNever(form, 'input form');
  }
}

/**
 * Parses an argv array (what the CLI received). Diagnostic ranges are offsets into
 * `argv.join(' ')`; each diagnostic about a flag has the flag's long name as `subject`.
 *
 * @example
 * const { value } = parseIstioArgv(['-p', '15001', '--redirect-dns'], { dnsServers: ['10.96.0.10'] });
 * value.config.dnsServersV4; // ['10.96.0.10']
 */
export function parseIstioArgv(
  argv: readonly string[],
  options: ParseArgsOptions = {},
): Parsed<ParsedArgs> {
  let total = 0;
  for (const a of argv) total += a.length + 1;
  if (total > MAX_INPUT_CHARS + 1) return refuse(tooLarge(total - 1), options);
  const joined = argv.join(' ');
  const loc = new Locator(joined);
  const guard = checkInputGuards(joined, () => loc);
  if (guard !== undefined) return refuse(guard, options);
  const tokens: ArgToken[] = [];
  let offset = 0;
  argv.forEach((value, index) => {
    tokens.push(plainToken(value, offset, index === 0));
    offset += value.length + 1;
  });
  const range = argv.length === 0 ? undefined : ([0, joined.length] as const);
  return finishParse(tokens, loc, argv.length === 0 ? 'empty' : 'command-line', range, [], options);
}

function finishParse(
  rawTokens: readonly ArgToken[],
  loc: Locator,
  source: ArgsSource,
  argsRange: readonly [number, number] | undefined,
  inputDiagnostics: readonly Diagnostic[],
  options: ParseArgsOptions,
): Parsed<ParsedArgs> {
  const tokens = dropCommandWords(rawTokens);
  const flags = parseFlagTokens(tokens, loc);
  const resolution = resolveConfig(flags.settings, options);
  const all = [
    ...inputDiagnostics,
    ...flags.diagnostics,
    ...resolution.diagnostics,
    ...validateConfig(resolution, loc),
  ];
  const value: ParsedArgs =
    argsRange === undefined
      ? { config: resolution.config, source, flags: flags.occurrences }
      : {
          config: resolution.config,
          source,
          flags: flags.occurrences,
          argsRange: loc.range(argsRange[0], argsRange[1]),
        };
  return { value, diagnostics: capDiagnostics(sortDiagnostics(all)) };
}

function refuse(problem: Diagnostic, options: ParseArgsOptions): Parsed<ParsedArgs> {
  const config =
    options.env === undefined && options.enableIPv6 === undefined
      ? DEFAULT_CONFIG
      : resolveConfig(new Map(), options).config;
  return { value: { config, source: 'empty', flags: [] }, diagnostics: [problem] };
}

/** Stable, by position: what an editor's problem list and the CLI print. */
function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return list
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.range.start - b.d.range.start || a.i - b.i)
    .map((x) => x.d);
}
