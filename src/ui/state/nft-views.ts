import {
  applyNftCommands,
  generateNftables,
  loadNft,
  parseNft,
  renderNftList,
  renderNftScript,
} from '@core';
import type { IstioConfig, IstioVersion, NftState, ParsedArgs } from '@core';
import type { Generated, NftViews, OutputViews, ShownDiagnostic } from '../store/derived.ts';
import { locateGeneratorDiagnostic } from './family-views.ts';

function buildNftViews(state: NftState, script: string): NftViews {
  return {
    state,
    script,
    list: renderNftList(state),
    tables: state.tables.map((t) => ({
      table: `${t.family} ${t.name}`,
      text: renderNftList({ tables: [t] }),
    })),
  };
}

function outputViews(
  version: IstioVersion | undefined,
  nft: NftViews,
  dryRun: boolean,
): OutputViews {
  return {
    version,
    families: [],
    dryRun: dryRun ? nft.script : undefined,
    rulesets: { nft: nft.state },
    nft,
  };
}

/** A generation that may have produced nothing (a refused profile). */
export type MaybeGenerated = Omit<Generated, 'views'> & { readonly views: OutputViews | undefined };

const isError = (d: ShownDiagnostic): boolean => d.diagnostic.severity === 'error';

/**
 * `istio-iptables --native-nftables` for the args: the transaction Istio pipes to `nft -f -`
 * (the dry-run and restore views), what `nft list ruleset` then prints, and the loaded state
 * the simulator and chain graph read. Profiles before 1.27 refuse (no views, one error).
 *
 * @example
 * generateNftViews(config, 'latest', args).views.nft?.list.startsWith('table inet istio-proxy-nat'); // true
 */
export function generateNftViews(
  config: IstioConfig,
  version: IstioVersion,
  args: ParsedArgs,
): MaybeGenerated {
  const out = generateNftables(config, version);
  const diagnostics = out.diagnostics.map((d) => locateGeneratorDiagnostic(d, args));
  if (diagnostics.some(isError)) return { views: undefined, diagnostics, ok: false };
  const applied = applyNftCommands(out.commands);
  for (const d of applied.diagnostics)
    diagnostics.push({ diagnostic: d, origin: 'rules', located: false });
  const views = outputViews(
    version,
    buildNftViews(applied.value, renderNftScript(out.commands)),
    true,
  );
  return { views, diagnostics, ok: !diagnostics.some(isError) };
}

/**
 * The views of a pasted nftables program (`nft list ruleset` output or an `nft -f` script),
 * loaded as `nft -f` would: diagnostics point into the editor text.
 *
 * @example
 * buildPastedNftViews('table inet t {\n}\n').views.nft?.tables[0]?.table; // 'inet t'
 */
export function buildPastedNftViews(text: string): Generated {
  const loaded = loadNft(parseNft(text));
  const diagnostics: ShownDiagnostic[] = loaded.diagnostics.map((d) => ({
    diagnostic: d,
    origin: 'input',
    located: true,
  }));
  return {
    views: outputViews(undefined, buildNftViews(loaded.value, text), false),
    diagnostics,
    ok: loaded.value.tables.length > 0 && !diagnostics.some(isError),
  };
}
