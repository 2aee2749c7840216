import {
  formatDiagnostic,
  generateRules,
  loadGeneratedRules,
  renderIptablesList,
  renderIptablesSave,
  ISTIO_VERSIONS,
  LISTING_STYLES,
  listOptionsFor,
  mergeDiagnostics,
  parseIstioArgv,
  renderDryRun,
  renderRestore,
  type Diagnostic,
  type GeneratedRules,
  type IstioVersion,
  type ListingStyle,
  type Ruleset,
} from '@core';
import { UsageError, type CliIo, type Command } from './io.ts';
import { runNativeNftables } from './istio-nftables.ts';

const OUTPUTS = ['restore', 'dry-run', 'save', 'list'] as const;
type Output = (typeof OUTPUTS)[number];

const USAGE = `intercept istio-iptables [options] [istio-iptables flags…]

Computes the rules Istio's istio-iptables (the istio-init container) installs, as istio-iptables
itself would: every flag of istio-iptables, short and long, and the same environment variables
(ENVOY_PORT, INBOUND_CAPTURE_PORT, ISTIO_INBOUND_PORTS, ISTIO_OUTBOUND_OWNER_GROUPS, …).
A leading 'istio-iptables' or 'pilot-agent istio-iptables' word is ignored.

Options (ours, not Istio's):
  --istio-version V    generator profile: ${ISTIO_VERSIONS.join(', ')} (latest, the default,
                         is upstream HEAD)
  --output F           restore (default): the iptables-restore input, IPv4 then (with --ipv6)
                         a blank line and the IPv6 input
                       dry-run: the transcript Istio's dry-run test stub records (its goldens)
                       save: iptables-save after loading the rules into an empty namespace
                       list: iptables -t <table> -nvL for each table the rules touch, as the
                         iptables of the profile's proxy image prints it
  --listing-style S    with list: nvL (default) — -nvL of the profile's iptables (1.8.10 since
                         Istio 1.23, 1.8.4 in 1.11: tcp/all in the prot column) · L-v — -L -v,
                         names resolved as in the pod (anywhere, localhost, istio-proxy, services)
                         · nvL-1.8.9 — -nvL of iptables v1.8.9 (6/0 in the prot column)
  --family 4|6         with save, list (and restore): which family (default 4)
  --ipv6               the pod has an IPv6 address, so IPv6 rules are generated too
  --dns-servers LIST   comma-separated nameservers of the pod (IPv4 and IPv6)

With Istio's --native-nftables (1.27+ profiles) the rules are one nftables program:
dry-run and restore print the script Istio pipes to 'nft -f -'; save prints
what 'nft list ruleset' (nftables 1.0.6) shows after loading it.

Examples:
  intercept istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020
  intercept istio-iptables --istio-version 1.0 --output dry-run -p 15001 -u 1337 -m REDIRECT -i '*' -b 9080
  intercept istio-iptables --istio-version 1.0 --output list --listing-style L-v -p 15001 -u 1337 -m REDIRECT -i '*' -b 9080

Exit codes: 0 success, 2 bad input (the message names the flag), 1 internal error.
`;

interface Options {
  version: IstioVersion;
  output: Output;
  listingStyle: ListingStyle | undefined;
  family: 4 | 6 | undefined;
  ipv6: boolean;
  dnsServers: string[];
  rest: string[];
}

const OUR_VALUED = new Set([
  '--istio-version',
  '--output',
  '--family',
  '--dns-servers',
  '--listing-style',
]);

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

function applyOption(options: Options, name: string, value: string): void {
  switch (name) {
    case '--istio-version':
      if (!isOneOf(ISTIO_VERSIONS, value)) {
        throw new UsageError(
          `--istio-version: unknown profile '${value}' (expected one of ${ISTIO_VERSIONS.join(', ')})`,
        );
      }
      options.version = value;
      return;
    case '--output':
      if (!isOneOf(OUTPUTS, value))
        throw new UsageError(
          `--output: unknown format '${value}' (expected ${OUTPUTS.join(', ')})`,
        );
      options.output = value;
      return;
    case '--listing-style':
      if (!isOneOf(LISTING_STYLES, value))
        throw new UsageError(
          `--listing-style: unknown style '${value}' (expected ${LISTING_STYLES.join(', ')})`,
        );
      options.listingStyle = value;
      return;
    case '--family':
      if (value !== '4' && value !== '6')
        throw new UsageError(`--family: expected 4 or 6, got '${value}'`);
      options.family = value === '4' ? 4 : 6;
      return;
    case '--dns-servers':
      options.dnsServers.push(...value.split(',').filter((s) => s !== ''));
      return;
    default:
      throw new Error(`unhandled option ${name}`);
  }
}

/** Separates our options from istio-iptables' flags (which go, in order, to the Istio parser). */
export function splitOptions(argv: readonly string[]): Options {
  const options: Options = {
    version: 'latest',
    output: 'restore',
    listingStyle: undefined,
    family: undefined,
    ipv6: false,
    dnsServers: [],
    rest: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (arg === '--ipv6') {
      options.ipv6 = true;
    } else if (OUR_VALUED.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name}: missing value`);
      applyOption(options, name, value);
    } else {
      options.rest.push(arg);
    }
  }
  return options;
}

function stripCommandWords(args: readonly string[]): readonly string[] {
  if (args[0] === 'istio-iptables') return args.slice(1);
  if (args[0] === 'pilot-agent' && args[1] === 'istio-iptables') return args.slice(2);
  return args;
}

function describe(d: Diagnostic): string {
  return formatDiagnostic(d, 'args');
}

/**
 * Loads one family's restore input into an empty ruleset, as iptables-restore would. A rule the
 * kernel would refuse (e.g. an owner group name the host cannot resolve) is bad input.
 */
function load(rules: GeneratedRules, family: 4 | 6): Ruleset {
  const loaded = loadGeneratedRules(rules, family);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new UsageError(
      `iptables-restore would refuse these rules:\n${errors.map((d) => formatDiagnostic(d, 'restore')).join('\n')}`,
    );
  }
  return loaded.ruleset;
}

/** The text for `--output`. */
function render(rules: GeneratedRules, options: Options): string {
  switch (options.output) {
    case 'restore': {
      if (options.family !== undefined) return renderRestore(rules, options.family);
      const v6 = rules.enableIPv6 ? `\n${renderRestore(rules, 6)}` : '';
      return `${renderRestore(rules, 4)}${v6}`;
    }
    case 'dry-run':
      return renderDryRun(rules);
    case 'save':
      return renderIptablesSave(load(rules, options.family ?? 4));
    case 'list': {
      const ruleset = load(rules, options.family ?? 4);
      const list = listOptionsFor(rules.version, options.listingStyle);
      return ruleset.tables.map((t) => renderIptablesList(ruleset, t.name, list)).join('\n');
    }
  }
}

function runIstioIptables(argv: readonly string[], io: CliIo): Promise<number> {
  const options = splitOptions(argv);
  if (options.output === 'dry-run' && options.family !== undefined) {
    throw new UsageError('--family: the dry-run transcript always holds both families');
  }
  if (options.listingStyle !== undefined && options.output !== 'list') {
    throw new UsageError('--listing-style: only with --output list');
  }
  if (options.family === 6 && !options.ipv6) {
    throw new UsageError('--family 6: IPv6 rules exist only for an IPv6 pod; add --ipv6');
  }
  const parsed = parseIstioArgv(stripCommandWords(options.rest), {
    env: io.env,
    enableIPv6: options.ipv6,
    dnsServers: options.dnsServers,
  });
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new UsageError(errors.map(describe).join('\n'));
  if (parsed.value.config.nativeNftables) return runNativeNftables(parsed, options, io);
  const rules = generateRules(parsed.value.config, options.version, parsed.value.flags);
  const all = mergeDiagnostics(parsed.diagnostics, rules.diagnostics, parsed.value.flags);
  const ruleErrors = all.filter((d) => d.severity === 'error');
  if (ruleErrors.length > 0) throw new UsageError(ruleErrors.map(describe).join('\n'));
  for (const w of all.filter((d) => d.severity === 'warning'))
    io.stderr(`intercept istio-iptables: ${describe(w)}\n`);
  io.stdout(render(rules, options));
  return Promise.resolve(0);
}

export const istioIptablesCommand: Command = {
  name: 'istio-iptables',
  summary: 'the rules istio-init installs (restore input, dry-run, save, list)',
  usage: USAGE,
  run: runIstioIptables,
};
