import { parseArgs } from 'node:util';
import {
  DEFAULT_AMBIENT_CONFIG,
  formatDiagnostic,
  generateHostProbeRules,
  generateInpodRules,
  parseAddress,
  loadGeneratedRules,
  renderAmbientDryRun,
  renderIptablesSave,
  renderRestore,
  type AmbientConfig,
  type GeneratedRules,
} from '@core';
import { runAmbientNftables } from './ambient-nft.ts';
import { UsageError, type CliIo, type Command } from './io.ts';

const USAGE = `intercept ambient [options]

Computes the rules Istio's istio-cni node agent writes for an ambient pod (in-pod rules: mangle
connmark, nat redirects to ztunnel's 15001/15006/15053, raw conntrack zone for DNS) or, with
--host-probe, on the node (kubelet probe SNAT). Also prints, on stderr with --output restore, the
policy route the agent adds through netlink (fwmark 0x111/0xfff → table 100, local default dev lo).

Options:
  --ipv6                   the pod has IPv6 (AMBIENT_IPV6): the IPv6 text follows the IPv4 text
  --redirect-dns           node-wide DNS capture on (AMBIENT_DNS_CAPTURE)
  --pod-dns on|off         the pod's annotation ambient.istio.io/dns-capture
  --ingress                the pod's annotation ambient.istio.io/bypass-inbound-capture: "true"
  --virtual-interfaces A,B the pod's annotation istio.io/reroute-virtual-interfaces
  --host-probe             the node's probe-SNAT rules instead of the in-pod rules
  --native-nftables        nftables instead of iptables (NATIVE_NFTABLES)
  --probe-snat IP          HOST_PROBE_SNAT_IP (default 169.254.7.127)
  --probe-snat6 IP         HOST_PROBE_SNAT_IPV6 (default fd16:9254:7127:1337:ffff:ffff:ffff:ffff)
  --kubelet-uid N          the kubelet's uid (nftables host rules)
  --output F               dry-run: the istio-cni test transcript (its goldens) ·
                           restore (default): the iptables-restore input(s) ·
                           save: iptables-save after loading it into an empty namespace
                           (with --native-nftables: the nft -f script, and nft list ruleset)
  --family 4|6             with restore and save: one family only

Examples:
  intercept ambient --redirect-dns --output dry-run
  intercept ambient --ipv6 --ingress --virtual-interfaces fake1s0f0,fake1s0f1
  intercept ambient --host-probe --output save
  intercept ambient --redirect-dns --native-nftables --output dry-run

Exit codes: 0 success, 2 bad input (the message names the flag), 1 internal error.
`;

const OPTIONS = {
  ipv6: { type: 'boolean' },
  'redirect-dns': { type: 'boolean' },
  'pod-dns': { type: 'string' },
  ingress: { type: 'boolean' },
  'virtual-interfaces': { type: 'string' },
  'host-probe': { type: 'boolean' },
  'native-nftables': { type: 'boolean' },
  'probe-snat': { type: 'string' },
  'probe-snat6': { type: 'string' },
  'kubelet-uid': { type: 'string' },
  output: { type: 'string' },
  family: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

function parse(argv: readonly string[]): Values {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true })
      .values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function address(flag: string, text: string | undefined, family: 4 | 6): string | undefined {
  if (text === undefined) return undefined;
  if (parseAddress(text)?.family !== family)
    throw new UsageError(`--${flag}: '${text}' is not an IPv${family} address`);
  return text;
}

/** The node agent's settings and the pod's overrides from `intercept ambient` arguments. */
export function ambientConfigFromArgv(argv: readonly string[]): AmbientConfig {
  return ambientConfigOf(parse(argv));
}

function ambientConfigOf(v: Values): AmbientConfig {
  const podDns = v['pod-dns'];
  if (podDns !== undefined && podDns !== 'on' && podDns !== 'off')
    throw new UsageError(`--pod-dns: expected on or off, got '${podDns}'`);
  const uid = v['kubelet-uid'];
  if (uid !== undefined && !/^\d+$/.test(uid))
    throw new UsageError(`--kubelet-uid: expected a number, got '${uid}'`);
  const interfaces = (v['virtual-interfaces'] ?? '').split(',').filter((s) => s !== '');
  const bad = interfaces.find((i) => !/^[\w.:@-]{1,15}$/.test(i));
  if (bad !== undefined)
    throw new UsageError(`--virtual-interfaces: '${bad}' is not an interface name`);
  return {
    ...DEFAULT_AMBIENT_CONFIG,
    enableIPv6: v.ipv6 ?? false,
    redirectDns: v['redirect-dns'] ?? false,
    podDns,
    ingressMode: v.ingress ?? false,
    virtualInterfaces: interfaces,
    probeSnatV4: address('probe-snat', v['probe-snat'], 4) ?? DEFAULT_AMBIENT_CONFIG.probeSnatV4,
    probeSnatV6: address('probe-snat6', v['probe-snat6'], 6) ?? DEFAULT_AMBIENT_CONFIG.probeSnatV6,
    kubeletUid: uid ?? DEFAULT_AMBIENT_CONFIG.kubeletUid,
  };
}

function familyOf(v: Values, ipv6: boolean): 4 | 6 | undefined {
  const family = v.family;
  if (family === undefined) return undefined;
  if (family !== '4' && family !== '6')
    throw new UsageError(`--family: expected 4 or 6, got '${family}'`);
  if (family === '6' && !ipv6) throw new UsageError('--family 6: add --ipv6');
  return family === '4' ? 4 : 6;
}

/** iptables-save of one family after iptables-restore of the rules into an empty namespace. */
export function saveOf(rules: GeneratedRules, family: 4 | 6): string {
  const loaded = loadGeneratedRules(rules, family);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new Error(errors.map((d) => formatDiagnostic(d, 'restore')).join('\n'));
  return renderIptablesSave(loaded.ruleset);
}

/** `restore`/`save` text: one family, or IPv4 then (with IPv6) a blank line and IPv6. */
export function perFamily(
  rules: GeneratedRules,
  family: 4 | 6 | undefined,
  render: (family: 4 | 6) => string,
): string {
  if (family !== undefined) return render(family);
  return rules.enableIPv6 ? `${render(4)}\n${render(6)}` : render(4);
}

function runAmbient(argv: readonly string[], io: CliIo): Promise<number> {
  const v = parse(argv);
  const config = ambientConfigOf(v);
  const output = v.output ?? 'restore';
  const family = familyOf(v, config.enableIPv6);
  if (v['native-nftables'])
    return runAmbientNftables(config, { hostProbe: v['host-probe'] ?? false, output, family }, io);
  const rules = v['host-probe'] ? generateHostProbeRules(config) : generateInpodRules(config);
  switch (output) {
    case 'dry-run':
      if (family !== undefined) throw new UsageError('--family: dry-run holds both families');
      io.stdout(renderAmbientDryRun(rules));
      break;
    case 'restore':
      io.stdout(perFamily(rules, family, (f) => renderRestore(rules, f)));
      for (const line of rules.setup) io.stderr(`# netlink: ${line}\n`);
      break;
    case 'save':
      io.stdout(perFamily(rules, family, (f) => saveOf(rules, f)));
      break;
    default:
      throw new UsageError(`--output: expected dry-run, restore or save, got '${output}'`);
  }
  return Promise.resolve(0);
}

/** `intercept ambient` (CONTRACTS.md §5). */
export const ambientCommand: Command = {
  name: 'ambient',
  summary: 'the rules istio-cni writes for an ambient pod (or the node: --host-probe)',
  usage: USAGE,
  run: runAmbient,
};
