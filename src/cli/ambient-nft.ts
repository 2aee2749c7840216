import {
  applyNftCommands,
  formatDiagnostic,
  generateAmbientNftables,
  renderNftList,
  renderNftScript,
  type AmbientConfig,
} from '@core';
import { UsageError, type CliIo } from './io.ts';

/** What `--native-nftables` changes in `intercept ambient` (CONTRACTS §5). */
export interface AmbientNftOptions {
  readonly hostProbe: boolean;
  readonly output: string;
  readonly family: 4 | 6 | undefined;
}

/**
 * `intercept ambient --native-nftables`: istio-cni's nftables program. `dry-run` is the script
 * Istio's test records (its goldens); `restore` is what the node is given; `save` is what
 * `nft list ruleset` prints after loading it into an empty namespace.
 */
export function runAmbientNftables(
  config: AmbientConfig,
  options: AmbientNftOptions,
  io: CliIo,
): Promise<number> {
  if (options.family !== undefined)
    throw new UsageError('--family: the nftables program is one inet ruleset for both families');
  const out = generateAmbientNftables(config, { hostProbe: options.hostProbe });
  switch (options.output) {
    case 'dry-run':
      io.stdout(renderNftScript(out.commands));
      break;
    case 'restore':
      // The node agent creates the probe sets (host_sets.go) before it writes the host rules.
      io.stdout(renderNftScript([...out.sets, ...out.commands]));
      for (const line of out.setup) io.stderr(`# netlink: ${line}\n`);
      break;
    case 'save': {
      const applied = applyNftCommands([...out.sets, ...out.commands]);
      const errors = applied.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0)
        throw new Error(errors.map((d) => formatDiagnostic(d, 'nft')).join('\n'));
      io.stdout(renderNftList(applied.value));
      break;
    }
    default:
      throw new UsageError(`--output: expected dry-run, restore or save, got '${options.output}'`);
  }
  return Promise.resolve(0);
}
