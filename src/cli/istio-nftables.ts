import {
  applyNftCommands,
  formatDiagnostic,
  renderNftList,
  type GeneratedNftables,
  generateNftables,
  mergeDiagnostics,
  renderNftScript,
  type Diagnostic,
  type IstioVersion,
  type parseIstioArgv,
} from '@core';
import { UsageError, type CliIo } from './io.ts';

/** The options of ours that matter once `--native-nftables` chose the nftables backend. */
export interface NftRunOptions {
  readonly version: IstioVersion;
  readonly output: string;
  readonly family: 4 | 6 | undefined;
}

const describe = (d: Diagnostic): string => formatDiagnostic(d, 'args');

/** The text for `--output` (CONTRACTS §1, native nftables). */
function renderNft(out: GeneratedNftables, options: NftRunOptions): string {
  switch (options.output) {
    case 'dry-run':
    case 'restore':
      return renderNftScript(out.commands);
    case 'save': {
      // What `nft -f` of the script then `nft list ruleset` prints; a refusal is bad input.
      const applied = applyNftCommands(out.commands);
      const errors = applied.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        throw new UsageError(
          `nft -f would refuse these rules:\n${errors.map((d) => formatDiagnostic(d, 'nft')).join('\n')}`,
        );
      }
      return renderNftList(applied.value);
    }
    default:
      throw new UsageError(
        `--output ${options.output}: not available with --native-nftables (use dry-run, restore or save)`,
      );
  }
}

/**
 * `istio-iptables --native-nftables`: the one nftables program Istio pipes to `nft -f -`.
 * Profiles before 1.27 refuse the flag (located at it).
 */
export function runNativeNftables(
  parsed: ReturnType<typeof parseIstioArgv>,
  options: NftRunOptions,
  io: CliIo,
): Promise<number> {
  if (options.family !== undefined) {
    throw new UsageError('--family: the nftables program is one inet ruleset for both families');
  }
  const out = generateNftables(parsed.value.config, options.version);
  const all = mergeDiagnostics(parsed.diagnostics, out.diagnostics, parsed.value.flags);
  const errors = all.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new UsageError(errors.map(describe).join('\n'));
  for (const w of all.filter((d) => d.severity === 'warning'))
    io.stderr(`intercept istio-iptables: ${describe(w)}\n`);
  io.stdout(renderNft(out, options));
  return Promise.resolve(0);
}
