import { parseArgs } from 'node:util';
import {
  formatDiagnostic,
  generateCniPluginRules,
  renderRestore,
  type CniPodSpec,
  type Diagnostic,
  type PodEntrySpec,
} from '@core';
import { perFamily, saveOf } from './ambient.ts';
import { UsageError, type CliIo, type Command } from './io.ts';

const USAGE = `intercept cni-plugin [options]

Computes the sidecar rules the istio-cni plugin writes instead of an istio-init container: the
pod's annotations, the istio-proxy container's env and securityContext are mapped to
istio-iptables flags as Istio's cni/pkg/plugin does, then run through the same generator.

Options:
  --annotation K=V     a pod annotation, repeatable (traffic.sidecar.istio.io/*,
                       sidecar.istio.io/interceptionMode, istio.io/reroute-virtual-interfaces)
  --proxy-env K=V      istio-proxy env, repeatable (ISTIO_META_DNS_CAPTURE, INVALID_DROP,
                       ISTIO_DUAL_STACK)
  --run-as-user N      istio-proxy securityContext.runAsUser (0 = unset = 1337)
  --run-as-group N     istio-proxy securityContext.runAsGroup
  --ipv6               the pod has an IPv6 address
  --output F           dry-run: the plugin test's per-table blocks (its goldens) ·
                       restore (default): the iptables-restore input ·
                       save: iptables-save after loading it · flags: the mapped istio-iptables
                       flags and how they differ from istio-init's, as JSON
  --family 4|6         with restore and save: one family only

Examples:
  intercept cni-plugin --annotation sidecar.istio.io/interceptionMode=TPROXY --output dry-run
  intercept cni-plugin --proxy-env ISTIO_META_DNS_CAPTURE=true --output flags

Exit codes: 0 success, 2 bad input (the message names the annotation), 1 internal error.
`;

const OPTIONS = {
  annotation: { type: 'string', multiple: true },
  'proxy-env': { type: 'string', multiple: true },
  'run-as-user': { type: 'string' },
  'run-as-group': { type: 'string' },
  ipv6: { type: 'boolean' },
  output: { type: 'string' },
  family: { type: 'string' },
} as const;

function entries(flag: string, list: readonly string[] | undefined): PodEntrySpec[] {
  return (list ?? []).map((item) => {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${flag}: expected KEY=VALUE, got '${item}'`);
    const start = eq + 1;
    return {
      key: item.slice(0, eq),
      value: item.slice(start),
      range: { start, end: item.length, line: 1, column: start + 1 },
    };
  });
}

/** Names the option the value was given with; line:col count inside that argument. */
function describe(d: Diagnostic, pod: CniPodSpec): string {
  const source = pod.annotations.some((a) => a.key === d.subject)
    ? '--annotation'
    : pod.proxyEnv.some((e) => e.key === d.subject)
      ? '--proxy-env'
      : `--${String(d.subject).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return formatDiagnostic(d, source);
}

function runCniPlugin(argv: readonly string[], io: CliIo): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const user = v['run-as-user'];
  const group = v['run-as-group'];
  const pod: CniPodSpec = {
    annotations: entries('annotation', v.annotation),
    proxyEnv: entries('proxy-env', v['proxy-env']),
    ...(user === undefined ? {} : { runAsUser: { key: 'runAsUser', value: user } }),
    ...(group === undefined ? {} : { runAsGroup: { key: 'runAsGroup', value: group } }),
  };
  const ipv6 = v.ipv6 ?? false;
  const { value, diagnostics } = generateCniPluginRules(pod, { enableIPv6: ipv6 });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new UsageError(errors.map((d) => describe(d, pod)).join('\n'));
  for (const w of diagnostics.filter((d) => d.severity === 'warning'))
    io.stderr(`intercept cni-plugin: ${describe(w, pod)}\n`);
  const family = v.family === undefined ? undefined : v.family === '6' ? 6 : 4;
  if (v.family !== undefined && v.family !== '4' && v.family !== '6')
    throw new UsageError(`--family: expected 4 or 6, got '${v.family}'`);
  if (family === 6 && !ipv6) throw new UsageError('--family 6: add --ipv6');
  const { rules } = value;
  switch (v.output ?? 'restore') {
    case 'dry-run':
    case 'restore':
      io.stdout(perFamily(rules, family, (f) => renderRestore(rules, f)));
      break;
    case 'save':
      io.stdout(perFamily(rules, family, (f) => saveOf(rules, f)));
      break;
    case 'flags':
      io.stdout(`${JSON.stringify(value.flags, null, 2)}\n`);
      break;
    default:
      throw new UsageError(`--output: expected dry-run, restore, save or flags`);
  }
  return Promise.resolve(0);
}

/** `intercept cni-plugin` (CONTRACTS.md §6). */
export const cniPluginCommand: Command = {
  name: 'cni-plugin',
  summary: 'the sidecar rules the istio-cni plugin writes from pod annotations',
  usage: USAGE,
  run: runCniPlugin,
};
