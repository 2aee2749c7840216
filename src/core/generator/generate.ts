import { diagnostic, type Diagnostic } from '../shared/diagnostics.ts';
import { EMPTY_RANGE } from '../shared/source-range.ts';
import type { IstioConfig, IstioVersion } from './config.ts';
import { DEFAULT_CONFIG } from './flags.ts';
import type { FlagOccurrence } from './parse-args-types.ts';
import { applyEra } from './profiles/era-config.ts';
import { ERAS, type EraFeatures } from './profiles/eras.ts';
import { createRuleSink } from './steps/builder.ts';
import type { DnsPlan, GenContext } from './steps/context.ts';
import { addBuiltinDnsTcp, addBuiltinDnsUdp, addDnsChain } from './steps/dns.ts';
import {
  addDropInvalid,
  addExcludedInterfaces,
  addInboundCapture,
  addKubeVirtReturns,
  addRedirectChains,
} from './steps/inbound.ts';
import {
  addLoopbackAndExcludes,
  addOutboundIncludes,
  addOutboundPortIncludes,
  addOutputJump,
  addOwnerGroupFilter,
  addOwnerRules,
} from './steps/outbound.ts';
import { separateV4V6 } from './steps/ranges.ts';
import { addSetup, addTproxyMarks } from './steps/tproxy.ts';
import type { RuleCommand } from './rule-command.ts';

export type { RuleCommand } from './rule-command.ts';

/**
 * The result of one generator run, in generation order per family.
 *
 * @example
 * const { v4, v6, diagnostics } = generateRules({ ...DEFAULT_CONFIG, redirectDns: true });
 * diagnostics[0]?.code; // 'dns-capture-disabled' (no nameservers known)
 * v6.length; // 0 (IPv6 off)
 */
export interface GeneratedRules {
  readonly version: IstioVersion;
  readonly enableIPv6: boolean;
  readonly v4: readonly RuleCommand[];
  /** Empty when IPv6 is off (upstream silently drops IPv6 adds then). */
  readonly v6: readonly RuleCommand[];
  readonly diagnostics: readonly Diagnostic[];
  /** Commands outside iptables: TPROXY policy routing (table 133), `::6/128` on lo. */
  readonly setup: readonly string[];
}

const DNS_DISABLED =
  'REDIRECT_DNS is set, but CAPTURE_ALL_DNS is false, and no DNS servers provided. DNS capture disabled.';

/** DNS switch. upstream: capture/run.go — "How many DNS flags do we have?" short-circuit (1.25+). */
export function planDns(config: IstioConfig, era: EraFeatures, diagnostics: Diagnostic[]): DnsPlan {
  const servers = { serversV4: config.dnsServersV4, serversV6: config.dnsServersV6 };
  const off: DnsPlan = { on: false, captureAll: config.captureAllDns, ...servers };
  if (era.dns === 'none' || !config.redirectDns) return off;
  const haveServers = config.dnsServersV4.length > 0 || config.dnsServersV6.length > 0;
  if (era.dnsNeedsServers && !config.captureAllDns && !haveServers) {
    diagnostics.push(
      diagnostic('dns-capture-disabled', 'warning', DNS_DISABLED, EMPTY_RANGE, 'redirect-dns'),
    );
    return off;
  }
  return { ...off, on: true };
}

/**
 * The `-i`/`-x` lists split per family in the era's parser; a wildcard exclude is dropped and
 * reported. Shared by the iptables and the nftables generator.
 */
export function resolveRanges(
  config: IstioConfig,
  era: EraFeatures,
  diagnostics: Diagnostic[],
): Pick<GenContext, 'includes' | 'excludes'> {
  const excludes = separateV4V6(
    config.istioServiceExcludeCidr,
    era,
    'istio-service-exclude-cidr',
    diagnostics,
  );
  if (excludes.v4.wildcard) {
    // upstream: capture/run.go — `*` cannot be excluded; the run fails. We drop it and report.
    diagnostics.push(
      diagnostic(
        'exclude-wildcard',
        'error',
        'invalid value for OUTBOUND_IP_RANGES_EXCLUDE: "*" cannot be excluded',
        EMPTY_RANGE,
        'istio-service-exclude-cidr',
      ),
    );
  }
  const none = { wildcard: false, cidrs: [], hasLoopback: false };
  return {
    includes: separateV4V6(config.istioServiceCidr, era, 'istio-service-cidr', diagnostics),
    excludes: excludes.v4.wildcard ? { v4: none, v6: none } : excludes,
  };
}

function createContext(
  config: IstioConfig,
  version: IstioVersion,
  diagnostics: Diagnostic[],
): GenContext {
  const era = ERAS[version];
  return {
    config,
    era,
    sink: createRuleSink({
      enableIPv6: config.enableIPv6,
      traceLogging: era.traceLogging && config.iptablesTraceLogging ? era.nflogPrefix : false,
    }),
    diagnostics,
    setup: [],
    tproxy: config.istioInboundInterceptionMode === 'TPROXY',
    loopback: [config.hostIPv4LoopbackCidr, '::1/128'],
    ...resolveRanges(config, era, diagnostics),
    dns: planDns(config, era, diagnostics),
  };
}

/** The generation order of the Go tool. upstream: capture/run.go — Run. */
function runGoSteps(ctx: GenContext): void {
  addExcludedInterfaces(ctx);
  addKubeVirtReturns(ctx);
  addDropInvalid(ctx);
  addRedirectChains(ctx);
  addInboundCapture(ctx);
  addOutputJump(ctx);
  addOwnerRules(ctx);
  if (ctx.era.ownerGroups) addOwnerGroupFilter(ctx, 'ISTIO_OUTPUT');
  if (ctx.era.dns === 'chain') addDnsChain(ctx);
  addBuiltinDnsTcp(ctx);
  addLoopbackAndExcludes(ctx);
  addOutboundPortIncludes(ctx);
  addOutboundIncludes(ctx);
  addBuiltinDnsUdp(ctx);
  addTproxyMarks(ctx);
}

/**
 * The order of the 1.0/1.1 shell script: one REDIRECT chain per direction on the same port, then
 * inbound, then outbound. upstream: tools/deb/istio-iptables.sh (LEGACY.md A.2, B).
 */
function runScriptSteps(ctx: GenContext): void {
  addKubeVirtReturns(ctx);
  addRedirectChains(ctx);
  addInboundCapture(ctx);
  addOutputJump(ctx);
  addOwnerRules(ctx);
  addLoopbackAndExcludes(ctx);
  addOutboundIncludes(ctx);
}

/**
 * Computes the rules `istio-iptables` (of the given profile) generates for a resolved config.
 * `flags` (the parser's occurrences) tell which options the user wrote, so an option the profile
 * lacks is reported even when its value equals the default (`-z 15006` under 1.0).
 * Never throws: values flow into the rules verbatim, as upstream does; problems become
 * diagnostics (e.g. `dns-capture-disabled`, `exclude-wildcard`, `profile-unsupported-flag`).
 *
 * @example
 * const rules = generateRules({ ...DEFAULT_CONFIG, istioInboundPorts: '*' });
 * rules.v4[0]; // { table: 'nat', chain: 'ISTIO_INBOUND', args: ['-p', 'tcp', '--dport', '15008', '-j', 'RETURN'], … }
 */
export function generateRules(
  config: IstioConfig,
  version: IstioVersion = 'latest',
  flags?: readonly FlagOccurrence[],
): GeneratedRules {
  const resolved = applyEra(config, version, DEFAULT_CONFIG, flags);
  const diagnostics: Diagnostic[] = [...resolved.diagnostics];
  const ctx = createContext(resolved.config, version, diagnostics);
  if (ctx.era.tool === 'script') runScriptSteps(ctx);
  else runGoSteps(ctx);
  addSetup(ctx, resolved.config.enableIPv6);
  return {
    version,
    enableIPv6: resolved.config.enableIPv6,
    v4: ctx.sink.v4,
    v6: ctx.sink.v6,
    diagnostics,
    setup: ctx.setup,
  };
}

/**
 * Joins the parser's and the generator's diagnostics for display: generator diagnostics (which
 * have no source position) are placed on the last occurrence of the flag they are about, and
 * ones the parser already reported (same code and flag) are dropped.
 *
 * @example
 * const parsed = parseIstioArgs(`-x '*'`);
 * const rules = generateRules(parsed.value.config);
 * mergeDiagnostics(parsed.diagnostics, rules.diagnostics, parsed.value.flags); // one exclude-wildcard error
 */
export function mergeDiagnostics(
  parsed: readonly Diagnostic[],
  generated: readonly Diagnostic[],
  flags: readonly FlagOccurrence[],
): Diagnostic[] {
  const key = (d: Diagnostic): string => `${d.code}|${d.subject ?? ''}`;
  const seen = new Set(parsed.map(key));
  // The parser cannot know the profile: where the generator judges the same problem more
  // severely (a bad CIDR is fatal from 1.27), the parser's located diagnostic takes that severity.
  const raised = parsed.map((p) => {
    const worse = generated.find((g) => key(g) === key(p) && RANK[g.severity] > RANK[p.severity]);
    return worse ? { ...p, severity: worse.severity } : p;
  });
  const located = generated
    .filter((d) => !seen.has(key(d)))
    .map((d) => {
      const flag = flags.filter((f) => f.flag === d.subject).at(-1);
      return flag === undefined ? d : { ...d, range: flag.range };
    });
  return [...raised, ...located];
}

const RANK: Readonly<Record<Diagnostic['severity'], number>> = { info: 0, warning: 1, error: 2 };
