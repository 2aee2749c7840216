import { generateRules, type GeneratedRules } from '../generator/generate.ts';
import { parseIstioArgv } from '../generator/parse-args.ts';
import { diagnostic, type Diagnostic, type Severity } from '../shared/diagnostics.ts';
import { parseCidrStrict } from '../shared/ip.ts';
import { EMPTY_RANGE, type SourceRange } from '../shared/source-range.ts';
import { parseGoBool } from '../generator/input/go-values.ts';

/** One `key: value` of the pod (annotation or istio-proxy env), with where its value was typed. */
export interface PodEntrySpec {
  readonly key: string;
  readonly value: string;
  /** The value's place in the user's text; diagnostics point inside it. */
  readonly range?: SourceRange;
}

/** What the istio-cni plugin reads from a sidecar pod. upstream: cni/pkg/plugin/kubernetes.go — ExtractPodInfo. */
export interface CniPodSpec {
  readonly annotations: readonly PodEntrySpec[];
  /** The istio-proxy container's env. */
  readonly proxyEnv: readonly PodEntrySpec[];
  /** istio-proxy `securityContext.runAsUser` / `runAsGroup`. */
  readonly runAsUser?: PodEntrySpec;
  readonly runAsGroup?: PodEntrySpec;
}

/** A documented way the plugin's flags differ from what the injector gives `istio-init`. */
export type CniFact =
  | { readonly kind: 'inbound-exclude-order'; readonly cni: string; readonly istioInit: string }
  | { readonly kind: 'outbound-exclude-default'; readonly ports: string }
  | { readonly kind: 'dns-capture-all' }
  | { readonly kind: 'uid-from-security-context'; readonly uid: string; readonly gid: string };

export interface CniPluginFlags {
  /** istio-iptables arguments, in the plugin's field order; parse them with `parseIstioArgv`. */
  readonly argv: readonly string[];
  readonly facts: readonly CniFact[];
}

type Check = 'mode' | 'cidrs' | 'cidrs*' | 'ports' | 'ports*' | 'names';

/**
 * Annotation → flag table. upstream: cni/pkg/plugin/sidecar_redirect.go — annotationRegistry +
 * NewRedirect (defaults: DefaultConfig, excludeInboundPorts/OutboundPorts "15020").
 */
const ANNOTATIONS: readonly {
  key: string;
  flag: string;
  fallback: string;
  check: Check;
}[] = [
  { key: 'sidecar.istio.io/interceptionMode', flag: '-m', fallback: 'REDIRECT', check: 'mode' },
  {
    key: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
    flag: '-i',
    fallback: '*',
    check: 'cidrs*',
  },
  {
    key: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
    flag: '-x',
    fallback: '',
    check: 'cidrs',
  },
  {
    key: 'traffic.sidecar.istio.io/includeInboundPorts',
    flag: '-b',
    fallback: '*',
    check: 'ports*',
  },
  {
    key: 'traffic.sidecar.istio.io/excludeInboundPorts',
    flag: '-d',
    fallback: '15020',
    check: 'ports*',
  },
  {
    key: 'traffic.sidecar.istio.io/includeOutboundPorts',
    flag: '-q',
    fallback: '',
    check: 'ports*',
  },
  {
    key: 'traffic.sidecar.istio.io/excludeOutboundPorts',
    flag: '-o',
    fallback: '15020',
    check: 'ports*',
  },
  { key: 'istio.io/reroute-virtual-interfaces', flag: '-k', fallback: '', check: 'names' },
  { key: 'traffic.sidecar.istio.io/kubevirtInterfaces', flag: '-k', fallback: '', check: 'names' },
  { key: 'traffic.sidecar.istio.io/excludeInterfaces', flag: '-c', fallback: '', check: 'names' },
];
/** Read by the plugin's gates, not mapped to a flag. */
const KNOWN_OTHER = new Set([
  'sidecar.istio.io/status',
  'sidecar.istio.io/inject',
  'status.sidecar.istio.io/port',
]);
/** istio-proxy env → flags. upstream: sidecar_redirect.go — NewRedirect (ParseBool, errors ignored). */
const ENV_FLAGS: Readonly<Record<string, readonly string[]>> = {
  ISTIO_META_DNS_CAPTURE: ['--redirect-dns', '--capture-all-dns'],
  ISTIO_DUAL_STACK: ['--dual-stack'],
  INVALID_DROP: ['--drop-invalid'],
};
/** upstream: NewRedirect always appends these to the inbound exclusions. */
const ALWAYS_EXCLUDED_INBOUND = ['15020', '15021', '15090'];
const INIT_EXCLUDED_INBOUND = '15090,15021,15020';

function itemRange(range: SourceRange | undefined, from: number, to: number): SourceRange {
  if (range === undefined) return EMPTY_RANGE;
  return {
    start: range.start + from,
    end: range.start + to,
    line: range.line,
    column: range.column + from,
  };
}

/** The first bad item of a comma list, with its offsets. */
function badItem(
  value: string,
  ok: (item: string) => boolean,
): [string, number, number] | undefined {
  let offset = 0;
  for (const item of value.split(',')) {
    if (!ok(item)) return [item, offset, offset + item.length];
    offset += item.length + 1;
  }
  return undefined;
}

const isPort = (item: string): boolean => /^\d{1,5}$/.test(item) && Number(item) <= 65535;
const isCidr = (item: string): boolean => parseCidrStrict(item).ok;

function checkValue(entry: PodEntrySpec, check: Check): Diagnostic | undefined {
  const report = (message: string, from = 0, to = entry.value.length): Diagnostic =>
    diagnostic(
      'bad-annotation',
      'error',
      `${entry.key}: ${message}`,
      itemRange(entry.range, from, to),
      entry.key,
    );
  const wildcard = check.endsWith('*') && entry.value.trim() === '*';
  if (wildcard || entry.value === '') return undefined;
  switch (check) {
    case 'mode':
      return entry.value === 'REDIRECT' || entry.value === 'TPROXY'
        ? undefined
        : report(`interception mode must be REDIRECT or TPROXY, not "${entry.value}"`);
    case 'cidrs':
    case 'cidrs*': {
      const bad = badItem(entry.value, (i) => isCidr(i.trim()));
      return bad && report(`"${bad[0]}" is not a CIDR`, bad[1], bad[2]);
    }
    case 'ports':
    case 'ports*': {
      const bad = badItem(entry.value, (i) => isPort(i.trim()));
      return bad && report(`"${bad[0]}" is not a port`, bad[1], bad[2]);
    }
    case 'names':
      return undefined;
  }
}

function dedupe(list: readonly string[]): string {
  return [...new Set(list.filter((p) => p !== ''))].join(',');
}

interface Mapped {
  values: Map<string, string>;
  diagnostics: Diagnostic[];
}

function mapAnnotations(pod: CniPodSpec): Mapped {
  const values = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const spec of ANNOTATIONS) if (!values.has(spec.flag)) values.set(spec.flag, spec.fallback);
  const seenVirt = new Set<string>();
  for (const entry of pod.annotations) {
    const spec = ANNOTATIONS.find((a) => a.key === entry.key);
    if (spec === undefined) {
      if (!KNOWN_OTHER.has(entry.key) && /(^|\.)istio\.io\//.test(entry.key))
        diagnostics.push(ignored(entry, 'annotation', 'the CNI plugin does not read it'));
      continue;
    }
    const bad = checkValue(entry, spec.check);
    if (bad) {
      diagnostics.push(bad);
      continue;
    }
    // upstream: reroute-virtual-interfaces wins over the deprecated kubevirtInterfaces.
    if (spec.flag === '-k' && seenVirt.has('istio.io/reroute-virtual-interfaces')) continue;
    seenVirt.add(entry.key);
    values.set(spec.flag, entry.value);
  }
  return { values, diagnostics };
}

function ignored(
  entry: PodEntrySpec,
  what: string,
  why: string,
  severity: Severity = 'warning',
): Diagnostic {
  return diagnostic(
    'ignored-annotation',
    severity,
    `${what} ${entry.key}: ${why}`,
    entry.range ?? EMPTY_RANGE,
    entry.key,
  );
}

/** runAsUser/runAsGroup: 0 or unset means 1337. upstream: kubernetes.go — ExtractPodInfo. */
function ownerId(entry: PodEntrySpec | undefined, diagnostics: Diagnostic[]): string | undefined {
  if (entry === undefined) return undefined;
  if (!/^\d+$/.test(entry.value) || BigInt(entry.value) > 0xffffffffn) {
    diagnostics.push(
      diagnostic(
        'bad-uid',
        'error',
        `${entry.key}: "${entry.value}" is not a user or group id`,
        entry.range ?? EMPTY_RANGE,
        entry.key,
      ),
    );
    return undefined;
  }
  return BigInt(entry.value) === 0n ? undefined : String(BigInt(entry.value));
}

function envFlags(pod: CniPodSpec, diagnostics: Diagnostic[]): string[] {
  const flags: string[] = [];
  for (const entry of pod.proxyEnv) {
    const mapped = ENV_FLAGS[entry.key];
    if (mapped === undefined) continue;
    const parsed = parseGoBool(entry.value);
    if (!parsed.ok)
      diagnostics.push(
        ignored(entry, 'env', `"${entry.value}" is not a boolean, so it is ignored`),
      );
    else if (parsed.value) flags.push(...mapped);
  }
  return [...new Set(flags)];
}

function factsOf(
  values: Map<string, string>,
  flags: readonly string[],
  pod: CniPodSpec,
  uid: string,
  gid: string,
): CniFact[] {
  const facts: CniFact[] = [
    {
      kind: 'inbound-exclude-order',
      cni: values.get('-d') ?? '',
      istioInit: INIT_EXCLUDED_INBOUND,
    },
  ];
  if (!pod.annotations.some((a) => a.key === 'traffic.sidecar.istio.io/excludeOutboundPorts'))
    facts.push({ kind: 'outbound-exclude-default', ports: values.get('-o') ?? '' });
  if (flags.includes('--capture-all-dns')) facts.push({ kind: 'dns-capture-all' });
  if (uid !== '1337' || gid !== '1337') facts.push({ kind: 'uid-from-security-context', uid, gid });
  return facts;
}

/**
 * Maps a sidecar pod to the istio-iptables flags the istio-cni plugin runs the sidecar generator
 * with (instead of an `istio-init` container), plus the documented differences from `istio-init`
 * as facts. Bad annotation values are located errors (`bad-annotation`), as upstream refuses them.
 * upstream: cni/pkg/plugin/sidecar_redirect.go — NewRedirect; sidecar_iptables_linux.go — Program.
 *
 * @example
 * mapCniPluginFlags({ annotations: [], proxyEnv: [] }).value.argv.join(' ');
 * // '-p 15001 -z 15006 -e 15008 -m REDIRECT -u 1337 -g 1337 -t 1337 -r 133 -i * -x  -b * -d 15020,15021,15090 -o 15020 --cni-mode'
 */
export function mapCniPluginFlags(pod: CniPodSpec): {
  value: CniPluginFlags;
  diagnostics: Diagnostic[];
} {
  const { values, diagnostics } = mapAnnotations(pod);
  values.set('-d', dedupe([...(values.get('-d') ?? '').split(','), ...ALWAYS_EXCLUDED_INBOUND]));
  const uid = ownerId(pod.runAsUser, diagnostics) ?? '1337';
  const gid = ownerId(pod.runAsGroup, diagnostics) ?? '1337';
  const flags = envFlags(pod, diagnostics);
  const optional = (flag: string): string[] => {
    const value = values.get(flag) ?? '';
    return value === '' ? [] : [flag, value];
  };
  const argv = [
    ...['-p', '15001', '-z', '15006', '-e', '15008', '-m', values.get('-m') ?? 'REDIRECT'],
    ...['-u', uid, '-g', gid, '-t', '1337', '-r', '133'],
    ...['-i', values.get('-i') ?? '*', '-x', values.get('-x') ?? '', '-b', values.get('-b') ?? '*'],
    ...['-d', values.get('-d') ?? '', '-o', values.get('-o') ?? ''],
    ...optional('-q'),
    ...optional('-k'),
    ...optional('-c'),
    '--cni-mode',
    ...flags,
  ];
  return { value: { argv, facts: factsOf(values, flags, pod, uid, gid) }, diagnostics };
}

/** The plugin's rules for a pod, with the flags and facts that produced them. */
export interface CniPluginRules {
  readonly flags: CniPluginFlags;
  readonly rules: GeneratedRules;
}

/**
 * The sidecar rules the istio-cni plugin writes for a pod: its flags (`mapCniPluginFlags`) run
 * through the same generator as `istio-iptables`. The plugin's own environment is not the
 * user's, so no environment variables are read. upstream: cmd.ProgramIptables(cfg).
 *
 * @example
 * const { value } = generateCniPluginRules({ annotations: [], proxyEnv: [] });
 * renderRestore(value.rules, 4).split('\n')[0]; // '* nat'
 */
export function generateCniPluginRules(
  pod: CniPodSpec,
  options: { readonly enableIPv6?: boolean } = {},
): { value: CniPluginRules; diagnostics: Diagnostic[] } {
  const mapped = mapCniPluginFlags(pod);
  const parsed = parseIstioArgv(mapped.value.argv, {
    env: {},
    enableIPv6: options.enableIPv6 ?? false,
  });
  const rules = generateRules(parsed.value.config);
  const diagnostics = [
    ...mapped.diagnostics,
    ...parsed.diagnostics.filter((d) => d.severity !== 'info'),
    ...rules.diagnostics,
  ];
  return { value: { flags: mapped.value, rules }, diagnostics };
}
