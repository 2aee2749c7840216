import type { Diagnostic } from '../../shared/diagnostics.ts';
import { diagnostic } from '../../shared/diagnostics.ts';
import { parseAddress } from '../../shared/ip.ts';
import { EMPTY_RANGE } from '../../shared/source-range.ts';
import type { IstioConfig } from '../config.ts';
import { ENV_OPTIONS, ISTIO_FLAGS } from '../flags.ts';
import type { FlagSpec } from '../flag-spec.ts';
import type { ParseArgsOptions } from '../parse-args-types.ts';
import type { AnnotationSetting } from './annotations.ts';
import { buildConfig, defaultRawValues } from './build-config.ts';
import type { RawValues } from './build-config.ts';
import { checkPflagValue } from './flag-checks.ts';
import type { FlagSetting } from './flag-parser.ts';
import { parseGoBool } from './go-values.ts';

/** Where the final value of a flag or env-only option came from. */
export type Provenance =
  | { readonly kind: 'default' }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'annotation'; readonly annotation: string }
  | { readonly kind: 'flag'; readonly setting: FlagSetting };

export interface Resolution {
  readonly config: IstioConfig;
  readonly raw: ReadonlyMap<string, string | boolean>;
  /** Keyed like RawValues: flag long name or env-only option name. */
  readonly provenance: ReadonlyMap<string, Provenance>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Applies FLAGS.md "How values are resolved": defaults, then each flag's env vars in registration
 * order (a legacy extra name is applied after the derived one, so it wins), then the command line.
 * Env values pflag cannot parse are ignored upstream (`_ = fs.Set(...)`); we say so.
 * upstream: pkg/flag/flag.go — BindEnv / AdditionalEnv; tools/common/config/config.go.
 */
export function resolveConfig(
  settings: ReadonlyMap<string, FlagSetting>,
  options: ParseArgsOptions,
): Resolution {
  const env = options.env ?? {};
  const raw: RawValues = defaultRawValues(ISTIO_FLAGS, ENV_OPTIONS);
  const provenance = new Map<string, Provenance>();
  const diagnostics: Diagnostic[] = [];
  for (const spec of ISTIO_FLAGS) {
    for (const name of spec.env) {
      const value = env[name];
      if (value === undefined) continue;
      const problem = checkPflagValue(spec, value);
      if (problem !== undefined) {
        diagnostics.push(
          diagnostic(
            problem.code,
            'warning',
            `environment ${name}=${JSON.stringify(value)} is ignored by istio-iptables: ${problem.message}`,
            EMPTY_RANGE,
            spec.long,
          ),
        );
        continue;
      }
      raw.set(spec.long, typedValue(spec, value));
      provenance.set(spec.long, { kind: 'env', name });
    }
  }
  for (const option of ENV_OPTIONS) {
    const value = env[option.env];
    if (value === undefined) continue;
    raw.set(option.env, value);
    provenance.set(option.env, { kind: 'env', name: option.env });
  }
  for (const setting of settings.values()) {
    if (setting.rejected) continue;
    raw.set(setting.spec.long, typedValue(setting.spec, setting.value));
    provenance.set(setting.spec.long, { kind: 'flag', setting });
  }
  for (const setting of options.annotations ?? [])
    applyAnnotation(setting, raw, provenance, diagnostics);
  const redirectDns = raw.get('redirect-dns') === true;
  const captureAll = raw.get('capture-all-dns') === true;
  const dns = splitDnsServers(
    redirectDns && !captureAll ? (options.dnsServers ?? []) : [],
    diagnostics,
  );
  const config = buildConfig(raw, ISTIO_FLAGS, ENV_OPTIONS, {
    enableIPv6: options.enableIPv6 ?? false,
    dnsServersV4: dns.v4,
    dnsServersV6: dns.v6,
  });
  return { config, raw, provenance, diagnostics };
}

/**
 * The injector writes the annotation's value as the flag's: pflag parses it like a typed flag (a
 * value it cannot parse fails the run; the flag keeps its value here and the error names the
 * annotation). upstream: injection-template.yaml — annotation values become istio-iptables flags.
 */
function applyAnnotation(
  setting: AnnotationSetting,
  raw: RawValues,
  provenance: Map<string, Provenance>,
  diagnostics: Diagnostic[],
): void {
  const spec = ISTIO_FLAGS.find((f) => f.long === setting.flag);
  if (spec === undefined)
    throw new Error(`annotation ${setting.annotation}: no flag --${setting.flag}`);
  const problem = checkPflagValue(spec, setting.value);
  if (problem !== undefined) {
    diagnostics.push(
      diagnostic(
        problem.code,
        'error',
        `${problem.message} (from annotation ${setting.annotation})`,
        EMPTY_RANGE,
        spec.long,
      ),
    );
    return;
  }
  raw.set(spec.long, typedValue(spec, setting.value));
  provenance.set(spec.long, { kind: 'annotation', annotation: setting.annotation });
}

function typedValue(spec: FlagSpec, value: string): string | boolean {
  if (spec.type !== 'bool') return value;
  const b = parseGoBool(value);
  return b.ok ? b.value : false;
}

/**
 * Istio reads nameservers from resolv.conf only when DNS capture needs them (redirect on,
 * capture-all off) and splits them by family.
 * upstream: tools/common/config/config.go — FillConfigFromEnvironment, netutil.IPsSplitV4V6.
 */
function splitDnsServers(
  servers: readonly string[],
  diagnostics: Diagnostic[],
): { v4: string[]; v6: string[] } {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const server of servers) {
    const addr = parseAddress(server);
    if (addr === undefined) {
      diagnostics.push(
        diagnostic(
          'bad-address',
          'warning',
          `DNS server ${JSON.stringify(server)} is not an IP address; Istio would skip it`,
          EMPTY_RANGE,
          'dns-servers',
        ),
      );
    } else if (addr.family === 4) v4.push(server);
    else v6.push(server);
  }
  return { v4, v6 };
}
