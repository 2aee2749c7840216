import { isMap, isScalar, parseDocument } from 'yaml';
import type { Scalar } from 'yaml';
import { DEFAULT_AMBIENT_CONFIG, diagnostic, LineIndex, parseAddress } from '@core';
import type {
  AmbientConfig,
  CniPodSpec,
  Diagnostic,
  DiagnosticCode,
  PodEntrySpec,
  SourceRange,
} from '@core';

/**
 * One `key: value` of the settings text, with where the key and the value were typed.
 * The editor of the ambient and CNI-plugin modes is a flat YAML map: annotations by their full
 * names, container env and node-agent env by their variable names (the way a manifest spells
 * them), so a pasted `annotations:` block reads as-is.
 */
export interface SettingEntry {
  readonly key: string;
  readonly value: string;
  readonly keyRange: SourceRange;
  readonly valueRange: SourceRange;
}

export interface Settings<T> {
  readonly value: T;
  /** Ranges are places in the settings text. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Go `strconv.ParseBool`: how the node agent reads its env and the pod's boolean annotations. */
function goBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

function scalarText(node: Scalar): string {
  const v = node.value;
  // A scalar's value is a string, number, boolean or null (bigint with intAsBigInt only).
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** The value's characters: inside the quotes of a quoted scalar. */
function valueSpan(node: Scalar): [number, number] {
  const [start, end] = node.range ?? [0, 0, 0];
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  return quoted ? [start + 1, Math.max(start + 1, end - 1)] : [start, end];
}

/**
 * Reads the flat `key: value` map; YAML errors and non-scalar entries are located errors.
 *
 * @example
 * readSettings('AMBIENT_DNS_CAPTURE: "true"\n').value[0]?.value; // 'true'
 */
export function readSettings(text: string): Settings<readonly SettingEntry[]> {
  const lines = new LineIndex(text);
  const doc = parseDocument(text, { uniqueKeys: true });
  const diagnostics: Diagnostic[] = doc.errors.map((e) =>
    diagnostic('yaml-syntax', 'error', e.message.split('\n')[0] ?? e.message, range(lines, e.pos)),
  );
  const entries: SettingEntry[] = [];
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { value: [], diagnostics };
  if (!isMap(root)) {
    const at = root.range;
    diagnostics.push(
      diagnostic('yaml-syntax', 'error', 'expected `key: value` lines', range(lines, at)),
    );
    return { value: entries, diagnostics };
  }
  for (const pair of root.items) {
    const { key, value } = pair;
    if (!isScalar(key)) continue;
    const keyRange = range(lines, key.range);
    if (value !== null && !isScalar(value)) {
      const where = value.range;
      const message = `${scalarText(key)}: expected a single value`;
      diagnostics.push(diagnostic('yaml-syntax', 'error', message, range(lines, where)));
      continue;
    }
    const span = value === null ? [keyRange.end, keyRange.end] : valueSpan(value);
    entries.push({
      key: scalarText(key),
      value: value === null ? '' : scalarText(value),
      keyRange,
      valueRange: range(lines, span),
    });
  }
  return { value: entries, diagnostics };
}

function range(lines: LineIndex, at: readonly number[]): SourceRange {
  const start = at[0] ?? 0;
  return lines.rangeOf(start, Math.max(start, at[1] ?? start));
}

function problem(
  code: DiagnosticCode,
  entry: SettingEntry,
  message: string,
  severity: 'error' | 'warning' = 'error',
  at: SourceRange = entry.valueRange,
): Diagnostic {
  return diagnostic(code, severity, `${entry.key}: ${message}`, at, entry.key);
}

type AmbientField = (entry: SettingEntry, config: MutableAmbient) => Diagnostic | undefined;
type MutableAmbient = { -readonly [K in keyof AmbientConfig]: AmbientConfig[K] };

const boolField =
  (apply: (config: MutableAmbient, on: boolean) => void): AmbientField =>
  (entry, config) => {
    const on = goBool(entry.value);
    if (on === undefined)
      return problem('bad-annotation', entry, `"${entry.value}" is not true or false`);
    apply(config, on);
    return undefined;
  };

const addressField =
  (family: 4 | 6, apply: (config: MutableAmbient, ip: string) => void): AmbientField =>
  (entry, config) => {
    if (parseAddress(entry.value)?.family !== family)
      return problem('bad-address', entry, `"${entry.value}" is not an IPv${family} address`);
    apply(config, entry.value);
    return undefined;
  };

/** upstream: cni/pkg/nodeagent/options.go (env) and cni/pkg/util/podutil.go (annotations). */
const AMBIENT_FIELDS: Readonly<Record<string, AmbientField>> = {
  AMBIENT_DNS_CAPTURE: boolField((c, on) => (c.redirectDns = on)),
  HOST_PROBE_SNAT_IP: addressField(4, (c, ip) => (c.probeSnatV4 = ip)),
  HOST_PROBE_SNAT_IPV6: addressField(6, (c, ip) => (c.probeSnatV6 = ip)),
  'ambient.istio.io/dns-capture': boolField((c, on) => (c.podDns = on ? 'on' : 'off')),
  'ambient.istio.io/bypass-inbound-capture': boolField((c, on) => (c.ingressMode = on)),
  'istio.io/reroute-virtual-interfaces': (entry, config) => {
    const names = entry.value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const bad = names.find((n) => !/^[\w.:@-]{1,15}$/.test(n));
    if (bad !== undefined)
      return problem('bad-annotation', entry, `"${bad}" is not an interface name`);
    config.virtualInterfaces = names;
    return undefined;
  },
};

/**
 * The ambient editor's text → the node agent's settings and the pod's overrides. The IPv6
 * switch of the header is `AMBIENT_IPV6`.
 *
 * @example
 * parseAmbientSettings('ambient.istio.io/dns-capture: "true"', false).value.podDns; // 'on'
 */
export function parseAmbientSettings(text: string, ipv6: boolean): Settings<AmbientConfig> {
  const read = readSettings(text);
  const diagnostics = [...read.diagnostics];
  const config: MutableAmbient = { ...DEFAULT_AMBIENT_CONFIG, enableIPv6: ipv6 };
  for (const entry of read.value) {
    const field = AMBIENT_FIELDS[entry.key];
    if (field === undefined) {
      diagnostics.push(
        ignoredKey(entry, entry.key === 'AMBIENT_IPV6' ? 'use the IPv6 switch' : undefined),
      );
      continue;
    }
    const bad = field(entry, config);
    if (bad) diagnostics.push(bad);
  }
  return { value: config, diagnostics };
}

function ignoredKey(
  entry: SettingEntry,
  why = 'not read by the istio-cni node agent or plugin',
): Diagnostic {
  return problem('ignored-annotation', entry, why, 'warning', entry.keyRange);
}

/** The env of istio-proxy that the CNI plugin reads. upstream: sidecar_redirect.go — NewRedirect. */
const CNI_ENV = new Set(['ISTIO_META_DNS_CAPTURE', 'INVALID_DROP', 'ISTIO_DUAL_STACK']);

/**
 * The CNI-plugin editor's text → the pod as the plugin reads it: annotations (keys with a `/`),
 * istio-proxy env (upper-case names) and `runAsUser` / `runAsGroup`. Values keep their place, so
 * the plugin's `bad-annotation` errors point inside them.
 *
 * @example
 * parseCniSettings('runAsUser: 1000').value.runAsUser?.value; // '1000'
 */
export function parseCniSettings(text: string): Settings<CniPodSpec> {
  const read = readSettings(text);
  const diagnostics = [...read.diagnostics];
  const annotations: PodEntrySpec[] = [];
  const proxyEnv: PodEntrySpec[] = [];
  let runAsUser: PodEntrySpec | undefined;
  let runAsGroup: PodEntrySpec | undefined;
  for (const entry of read.value) {
    const spec: PodEntrySpec = { key: entry.key, value: entry.value, range: entry.valueRange };
    if (entry.key.includes('/')) annotations.push(spec);
    else if (entry.key === 'runAsUser') runAsUser = spec;
    else if (entry.key === 'runAsGroup') runAsGroup = spec;
    else if (CNI_ENV.has(entry.key)) proxyEnv.push(spec);
    else if (/^[A-Z][A-Z0-9_]*$/.test(entry.key))
      diagnostics.push(
        problem('unknown-env', entry, 'the CNI plugin does not read it', 'warning', entry.keyRange),
      );
    else diagnostics.push(ignoredKey(entry));
  }
  return {
    value: {
      annotations,
      proxyEnv,
      ...(runAsUser ? { runAsUser } : {}),
      ...(runAsGroup ? { runAsGroup } : {}),
    },
    diagnostics,
  };
}
