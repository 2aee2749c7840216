import {
  buildNftTransaction,
  createNftRuleBuilder,
  SIDECAR_TRANSACTION,
} from '../../nftables/builder.ts';
import type { NftRuleDraft } from '../../nftables/builder.ts';
import type { NftCommand } from '../../nftables/model.ts';
import { diagnostic, type Diagnostic } from '../../shared/diagnostics.ts';
import { EMPTY_RANGE } from '../../shared/source-range.ts';
import type { IstioConfig, IstioVersion } from '../config.ts';
import { DEFAULT_CONFIG } from '../flags.ts';
import { planDns, resolveRanges } from '../generate.ts';
import { applyEra } from '../profiles/era-config.ts';
import { ERAS } from '../profiles/eras.ts';
import { SIDECAR_LAYOUTS, type NftGenContext } from './context.ts';
import { addNftDns } from './dns.ts';
import {
  addNftDropInvalid,
  addNftExcludedInterfaces,
  addNftInboundCapture,
  addNftRedirectChains,
  addNftVirtualInterfaceReturns,
} from './inbound.ts';
import {
  addNftLoopbackAndExcludes,
  addNftOutboundIncludes,
  addNftOutboundPortIncludes,
  addNftOutputJump,
  addNftOwnerRules,
} from './outbound.ts';
import { addNftTproxyMarks } from './tproxy.ts';

/**
 * What Istio's nftables backend writes for a profile: `none` (before 1.27, `--native-nftables`
 * unknown), `plain` (1.27.x, no `counter`), `counter` (1.28+, PR #57216).
 */
export type NftBackendEra = 'none' | 'plain' | 'counter';

/** Per generator profile. `latest` is upstream HEAD (1.28+ behaviour). */
export const NFT_BACKEND_ERAS: Readonly<Record<IstioVersion, NftBackendEra>> = {
  latest: 'counter',
  '1.30': 'counter',
  '1.27': 'plain',
  '1.26': 'none',
  '1.25': 'none',
  '1.24': 'none',
  '1.20': 'none',
  '1.11': 'none',
  '1.0': 'none',
};

/**
 * The result of one `istio-iptables --native-nftables` run: the single transaction Istio pipes to
 * `nft -f -`, and the rule drafts (with their origins) it was built from.
 *
 * @example
 * const { commands } = generateNftables({ ...DEFAULT_CONFIG, nativeNftables: true });
 * renderNftScript(commands).split('\n')[0]; // 'add table inet istio-proxy-nat'
 */
export interface GeneratedNftables {
  readonly version: IstioVersion;
  readonly enableIPv6: boolean;
  readonly commands: readonly NftCommand[];
  readonly rules: readonly NftRuleDraft[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The step order of Run. upstream: tools/istio-nftables/pkg/capture/run.go — Run. */
function runNftSteps(ctx: NftGenContext): void {
  addNftExcludedInterfaces(ctx);
  addNftVirtualInterfaceReturns(ctx);
  addNftDropInvalid(ctx);
  addNftRedirectChains(ctx);
  addNftInboundCapture(ctx);
  addNftOutputJump(ctx);
  addNftOwnerRules(ctx);
  addNftDns(ctx);
  addNftLoopbackAndExcludes(ctx);
  addNftOutboundPortIncludes(ctx);
  addNftOutboundIncludes(ctx);
  addNftTproxyMarks(ctx);
}

/**
 * Computes the nftables program of `istio-iptables --native-nftables` for a resolved config.
 * `backend` overrides the profile's era (e.g. `plain` reproduces 1.27.x). Profiles before 1.27
 * refuse with a `profile-unsupported-flag` error and generate nothing. Never throws.
 *
 * @example
 * const out = generateNftables({ ...DEFAULT_CONFIG, istioInboundPorts: '*' });
 * out.commands.length > 0; // true
 */
export function generateNftables(
  config: IstioConfig,
  version: IstioVersion = 'latest',
  backend: NftBackendEra = NFT_BACKEND_ERAS[version],
): GeneratedNftables {
  const resolved = applyEra(config, version, DEFAULT_CONFIG);
  const diagnostics: Diagnostic[] = resolved.diagnostics.filter(
    (d) => d.subject !== 'native-nftables',
  );
  const empty = { version, enableIPv6: resolved.config.enableIPv6, commands: [], rules: [] };
  if (backend === 'none') {
    const message = `--native-nftables: the nftables backend first shipped in Istio 1.27; profile ${version} has no such flag`;
    diagnostics.push(
      diagnostic('profile-unsupported-flag', 'error', message, EMPTY_RANGE, 'native-nftables'),
    );
    return { ...empty, diagnostics };
  }
  const era = ERAS.latest;
  const cfg = resolved.config;
  const builder = createNftRuleBuilder({ enableIPv6: cfg.enableIPv6 });
  const ctx: NftGenContext = {
    config: cfg,
    builder,
    diagnostics,
    counters: backend === 'counter',
    tproxy: cfg.istioInboundInterceptionMode === 'TPROXY',
    loopback: [cfg.hostIPv4LoopbackCidr, '::1/128'],
    ...resolveRanges(cfg, era, diagnostics),
    dns: planDns(cfg, era, diagnostics),
  };
  runNftSteps(ctx);
  const commands = buildNftTransaction(SIDECAR_LAYOUTS, builder.rules, SIDECAR_TRANSACTION);
  return { ...empty, commands, rules: builder.rules, diagnostics };
}
