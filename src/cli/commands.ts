import { ambientCommand } from './ambient.ts';
import { cniPluginCommand } from './cni-plugin.ts';
import type { Command } from './io.ts';
import { istioIptablesCommand } from './istio-iptables.ts';
import { pathCommand } from './path.ts';
import { saveCommand } from './save.ts';
import { traceCommand } from './trace.ts';

/** Every `intercept` subcommand, in the order `--help` lists them. */
export const commands: readonly Command[] = [
  istioIptablesCommand,
  saveCommand,
  traceCommand,
  pathCommand,
  ambientCommand,
  cniPluginCommand,
];
