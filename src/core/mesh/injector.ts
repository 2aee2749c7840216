import type { IstioVersion } from '../generator/config.ts';
import { PROFILES } from '../generator/profiles/index.ts';
import type { FlagOccurrence } from '../generator/parse-args.ts';
import { parseIstioArgs } from '../generator/parse-args.ts';
import type { AnnotationSetting } from '../generator/input/annotations.ts';
import type { Diagnostic } from '../shared/diagnostics.ts';
import { diagnostic } from '../shared/diagnostics.ts';
import { EMPTY_RANGE } from '../shared/source-range.ts';
import type { IstioConfig } from '../generator/config.ts';
import { MESH_ERAS } from './era.ts';
import type { PodSpec } from './scenario.ts';

/**
 * One init-container flag the injector wrote from a pod annotation instead of the default args
 * (the generator's annotation setting: applied with an `annotation` provenance).
 *
 * @example
 * const o: AnnotationOverride = { annotation: 'traffic.sidecar.istio.io/excludeInboundPorts', flag: 'istio-local-exclude-ports', value: '15090,15021,9080,15020' };
 */
export type AnnotationOverride = AnnotationSetting;

/**
 * Where a pod's base args came from.
 *
 * @example
 * resolvePodArgs(pod, undefined, 'latest').origin; // 'profile'
 */
export type ArgsOrigin = 'profile' | 'scenario' | 'pod';

/**
 * The istio-init args of one pod, resolved as the injector would write them.
 *
 * @example
 * const args: ResolvedArgs = resolvePodArgs(pod, scenario.args, '1.20');
 * args.proxyUid; // 1337
 */
export interface ResolvedArgs {
  readonly text: string;
  readonly origin: ArgsOrigin;
  /** Flag occurrences of `text` (ranges into it), for locating diagnostics. */
  readonly flags: readonly FlagOccurrence[];
  readonly overrides: readonly AnnotationOverride[];
  readonly config: IstioConfig;
  /** `istio-iptables -p 15001 …` after annotations: what the init container really runs. */
  readonly commandLine: string;
  /** Interception mode of the proxy itself (ISTIO_META_INTERCEPTION_MODE), from the annotation. */
  readonly proxyMode: 'REDIRECT' | 'TPROXY';
  readonly proxyUid: number;
  readonly proxyGid: number;
  readonly diagnostics: readonly Diagnostic[];
}

const ANNOTATION_FLAGS: readonly (readonly [string, string])[] = [
  ['sidecar.istio.io/interceptionMode', 'istio-inbound-interception-mode'],
  ['traffic.sidecar.istio.io/includeOutboundIPRanges', 'istio-service-cidr'],
  ['traffic.sidecar.istio.io/excludeOutboundIPRanges', 'istio-service-exclude-cidr'],
  ['traffic.sidecar.istio.io/includeInboundPorts', 'istio-inbound-ports'],
  ['traffic.sidecar.istio.io/excludeOutboundPorts', 'istio-local-outbound-ports-exclude'],
];
const EXCLUDE_INBOUND = 'traffic.sidecar.istio.io/excludeInboundPorts';
const STATUS_PORT = 'status.sidecar.istio.io/port';
const KNOWN = new Set([...ANNOTATION_FLAGS.map(([a]) => a), EXCLUDE_INBOUND, STATUS_PORT]);

/**
 * The injector's template function: appends the status port to the excluded ports unless it is
 * already there or is 0. upstream: pkg/kube/inject/template.go — excludeInboundPort.
 *
 * @example
 * excludeInboundPort('15020', '9080'); // '9080,15020'
 */
export function excludeInboundPort(port: string, excluded: string): string {
  const portStr = port.trim();
  if (portStr.length === 0 || portStr === '0') return excluded;
  const out: string[] = [];
  for (const raw of excluded.split(',')) {
    if (raw === portStr) return excluded;
    const item = raw.trim();
    if (item.length > 0) out.push(item);
  }
  out.push(portStr);
  return out.join(',');
}

/**
 * The flags the injector writes from a pod's annotations (only for annotations that are set).
 * upstream: injection-template.yaml — `-m`, `-i`, `-x`, `-b`, `-d "15090,15021,{{ excludeInboundPort … }}"`, `-o`.
 *
 * @example
 * annotationOverrides({ 'traffic.sidecar.istio.io/excludeInboundPorts': '9080' }, 'latest');
 * // [{ annotation: …, flag: 'istio-local-exclude-ports', value: '15090,15021,9080,15020' }]
 */
export function annotationOverrides(
  annotations: Readonly<Record<string, string>>,
  version: IstioVersion,
): AnnotationOverride[] {
  const era = MESH_ERAS[version];
  const out: AnnotationOverride[] = [];
  for (const [annotation, flag] of ANNOTATION_FLAGS) {
    const value = annotations[annotation];
    if (value !== undefined) out.push({ annotation, flag, value });
  }
  const excluded = annotations[EXCLUDE_INBOUND];
  const status = annotations[STATUS_PORT];
  if (excluded !== undefined || status !== undefined) {
    const ports = excludeInboundPort(status ?? era.statusPort, excluded ?? '');
    const prefix = era.excludeInboundPrefix;
    // upstream: the template writes "15090,15021" alone when excludeInboundPort(...) is empty.
    const value = ports === '' ? prefix.replace(/,$/, '') : `${prefix}${ports}`;
    out.push({
      annotation: excluded !== undefined ? EXCLUDE_INBOUND : STATUS_PORT,
      flag: 'istio-local-exclude-ports',
      value,
    });
  }
  return out;
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:,=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `istio-iptables -p 15001 …`: the flags as written, later ones replaced by annotation values. */
function commandLineOf(
  flags: readonly FlagOccurrence[],
  overrides: readonly AnnotationOverride[],
): string {
  const overridden = new Set(overrides.map((o) => o.flag));
  const words = ['istio-iptables'];
  for (const f of flags) {
    if (overridden.has(f.flag)) continue;
    words.push(f.written);
    if (typeof f.value === 'string') words.push(shellQuote(f.value));
  }
  for (const o of overrides) words.push(`--${o.flag}`, shellQuote(o.value));
  return words.join(' ');
}

function unknownAnnotations(pod: PodSpec): Diagnostic[] {
  return Object.keys(pod.annotations)
    .filter(
      (key) =>
        /^(traffic\.)?sidecar\.istio\.io\//.test(key) &&
        !KNOWN.has(key) &&
        key !== 'sidecar.istio.io/inject',
    )
    .map((key) =>
      diagnostic(
        'ignored-flag',
        'info',
        `pod ${pod.name}: annotation ${key} is not modelled; it does not change the init args here`,
        EMPTY_RANGE,
        key,
      ),
    );
}

/**
 * A problem with a value an annotation set: about an overridden flag, and not located in the args
 * text (the value is not written there).
 */
function isAboutAnnotation(d: Diagnostic, overridden: ReadonlySet<string>): boolean {
  return d.subject !== undefined && overridden.has(d.subject) && d.range.end === 0;
}

function inPod(pod: PodSpec, d: Diagnostic): Diagnostic {
  return { ...d, message: `pod ${pod.name}: ${d.message}` };
}

/**
 * Resolves a pod's istio-init args: base text (the pod's own, the scenario's, or the profile's
 * default), then the annotation flags the injector writes. Never throws.
 *
 * @example
 * const args = resolvePodArgs(pod, undefined, 'latest');
 * args.commandLine; // "istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x '' -b '*' -d 15090,15021,15020"
 */
export function resolvePodArgs(
  pod: PodSpec,
  scenarioArgs: string | undefined,
  version: IstioVersion,
): ResolvedArgs {
  const origin: ArgsOrigin =
    pod.args !== undefined ? 'pod' : scenarioArgs !== undefined ? 'scenario' : 'profile';
  const text = pod.args ?? scenarioArgs ?? PROFILES[version].defaultArgs;
  const overrides = annotationOverrides(pod.annotations, version);
  // One parse: the annotation values are flag settings with an `annotation` provenance.
  const parsed = parseIstioArgs(text, { annotations: overrides });
  const overridden = new Set(overrides.map((o) => o.flag));
  const diagnostics: Diagnostic[] = [
    ...parsed.diagnostics.map((d) => (isAboutAnnotation(d, overridden) ? inPod(pod, d) : d)),
    ...unknownAnnotations(pod),
  ];
  const proxyMode =
    (pod.annotations['sidecar.istio.io/interceptionMode'] ?? 'REDIRECT') === 'TPROXY'
      ? 'TPROXY'
      : 'REDIRECT';
  // upstream: injection-template.yaml — istio-proxy runs as 1337, or as root with NET_ADMIN for TPROXY; group 1337.
  const proxyUid = pod.proxy.runAsUser ?? (proxyMode === 'TPROXY' ? 0 : 1337);
  const proxyGid = pod.proxy.runAsGroup ?? 1337;
  return {
    text,
    origin,
    flags: parsed.value.flags,
    overrides,
    config: parsed.value.config,
    commandLine: commandLineOf(parsed.value.flags, overrides),
    proxyMode,
    proxyUid,
    proxyGid,
    diagnostics,
  };
}
