import type { Diagnostic, DiagnosticCode, Severity } from '../../shared/diagnostics.ts';
import { diagnostic } from '../../shared/diagnostics.ts';
import { assertNever } from '../../shared/assert.ts';
import { formatAddress, isLoopback, parseCidrStrict } from '../../shared/ip.ts';
import type { SourceRange } from '../../shared/source-range.ts';
import { EMPTY_RANGE } from '../../shared/source-range.ts';
import { ISTIO_FLAGS } from '../flags.ts';
import type { FlagSpec } from '../flag-spec.ts';
import type { Provenance, Resolution } from './resolve.ts';
import type { Locator } from './tokens.ts';

/** Reports a problem in the characters `[from, to)` of a value (or the whole value). */
type Report = (
  code: DiagnosticCode,
  severity: Severity,
  message: string,
  from?: number,
  to?: number,
) => void;

const LATER =
  'Istio passes it through unchecked, so the run would fail later inside iptables-restore';
/** upstream: tools/common/config/validation.go (1.28+, #58043) — empty, `legacy` or `nft` (FLAGS.md). */
const IPTABLES_BINARIES = ['legacy', 'nft'];

/**
 * Checks the final values the way Istio (and, for values Istio passes through, iptables) would
 * reject them, locating each problem at the offending list item when the value was typed, or
 * naming the environment variable it came from.
 */
export function validateConfig(res: Resolution, loc: Locator): Diagnostic[] {
  const out: Diagnostic[] = [];
  const tproxy = res.config.istioInboundInterceptionMode === 'TPROXY';
  for (const spec of ISTIO_FLAGS) {
    const report = reporter(out, loc, spec.long, res.provenance.get(spec.long));
    const value = res.raw.get(spec.long);
    if (report === undefined || typeof value !== 'string') continue;
    checkFlagValue(spec, value, report, tproxy);
  }
  checkOwnerGroups(res, out, loc);
  checkLoopbackCidr(res, out, loc);
  if (res.config.nativeNftables && res.raw.get('force-legacy-iptables') === true) {
    const report = reporter(
      out,
      loc,
      'force-legacy-iptables',
      res.provenance.get('force-legacy-iptables'),
    );
    report?.(
      'conflicting-flags',
      'error',
      'cannot set both NativeNftables and ForceLegacyIPTables, choose one',
    );
  }
  return out;
}

function checkFlagValue(spec: FlagSpec, value: string, report: Report, tproxy: boolean): void {
  const flag = `--${spec.long}`;
  switch (spec.type) {
    case 'port':
      if (!isPort(value))
        report(
          'bad-port',
          'error',
          `${flag}: invalid port ${JSON.stringify(value)}: must be an integer 0..65535; ${LATER}`,
        );
      return;
    case 'port-list':
      checkPortList(flag, value, spec.long === 'istio-inbound-ports', report);
      return;
    case 'cidr-list':
      checkCidrList(flag, value, spec.long === 'istio-service-cidr', report);
      return;
    case 'id-list':
      checkIds(flag, value, report);
      return;
    case 'mode':
      checkMode(value, report);
      return;
    case 'mark':
    case 'number':
      if (tproxy && !/^(0|[1-9][0-9]{0,9}|0x[0-9a-fA-F]{1,8})$/.test(value)) {
        const what = spec.type === 'mark' ? 'InboundTProxyMark' : 'InboundTProxyRouteTable';
        report(
          'bad-number',
          'error',
          `failed to configure routes: failed to parse ${what}: ${JSON.stringify(value)} is not a number (TPROXY mode needs it)`,
        );
      }
      return;
    case 'iptables-binary':
      if (value !== '' && !IPTABLES_BINARIES.includes(value)) {
        report(
          'unsupported-iptables-binary',
          'error',
          `invalid FORCE_IPTABLES_BINARY value ${JSON.stringify(value)}`,
        );
      }
      return;
    case 'name-list':
    case 'string':
    case 'string-array':
    case 'bool':
    case 'duration':
    case 'uint16':
    case 'int':
      return;
    default:
      assertNever(spec.type, 'flag type');
  }
}

function reporter(
  out: Diagnostic[],
  loc: Locator,
  subject: string,
  prov: Provenance | undefined,
): Report | undefined {
  if (prov === undefined || prov.kind === 'default') return undefined;
  if (prov.kind === 'env' || prov.kind === 'annotation') {
    const from = prov.kind === 'env' ? `environment ${prov.name}` : `annotation ${prov.annotation}`;
    return (code, severity, message) =>
      out.push(diagnostic(code, severity, `${message} (from ${from})`, EMPTY_RANGE, subject));
  }
  const s = prov.setting;
  if (s.swallowed || s.rejected) return undefined;
  const whole = s.occurrence.valueRange ?? s.occurrence.range;
  return (code, severity, message, from, to) => {
    const token = s.valueToken;
    const range: SourceRange =
      token === undefined || from === undefined
        ? whole
        : loc.part(token, s.valueFrom + from, s.valueFrom + (to ?? from));
    out.push(diagnostic(code, severity, message, range, subject));
  };
}

/** Comma-separated items with their positions; empty items are dropped like upstream's Split. */
function splitItems(value: string): { item: string; from: number }[] {
  const items: { item: string; from: number }[] = [];
  let from = 0;
  for (const item of value.split(',')) {
    if (item !== '') items.push({ item, from });
    from += item.length + 1;
  }
  return items;
}

function isPort(text: string): boolean {
  return /^[0-9]{1,5}$/.test(text) && Number(text) <= 65535;
}

function checkPortList(flag: string, value: string, allowStar: boolean, report: Report): void {
  if (allowStar && value === '*') return;
  for (const { item, from } of splitItems(value)) {
    if (isPort(item)) continue;
    const to = from + item.length;
    const range = /^[0-9]{1,5}:[0-9]{1,5}$/.exec(item);
    if (range !== null && item.split(':').every(isPort)) continue;
    if (isPort(item.trim())) {
      report(
        'bad-port',
        'warning',
        `${flag}: port ${JSON.stringify(item)} has spaces around it; Istio does not trim list items`,
        from,
        to,
      );
    } else if (item === '*') {
      report(
        'bad-port',
        'error',
        `${flag}: "*" is only allowed as the whole value${allowStar ? '' : ' of --istio-inbound-ports'}; ${LATER}`,
        from,
        to,
      );
    } else {
      report(
        'bad-port',
        'error',
        `${flag}: invalid port ${JSON.stringify(item)}: must be an integer 0..65535; ${LATER}`,
        from,
        to,
      );
    }
  }
}

function checkCidrList(flag: string, value: string, include: boolean, report: Report): void {
  if (value === '*') {
    // upstream: capture/run.go — an outbound exclude of "*" is rejected by the rule builder.
    if (!include)
      report(
        'exclude-wildcard',
        'error',
        `invalid value for OUTBOUND_IP_RANGES_EXCLUDE: ${flag} cannot be "*"`,
      );
    return;
  }
  for (const { item, from } of splitItems(value)) {
    const parsed = parseCidrStrict(item);
    if (parsed.ok) continue;
    const hint =
      item === '*'
        ? ` ("*" is only allowed as the whole value${include ? '' : ' of --istio-service-cidr'})`
        : '';
    // upstream: tools/common/config/config.go — SeparateV4V6 returns the netip error unchanged
    // (fatal from 1.27; the generator raises it to an error for the profiles where it is).
    report('bad-cidr', 'warning', `${flag}: ${parsed.error}${hint}`, from, from + item.length);
  }
}

function checkIds(flag: string, value: string, report: Report): void {
  const items = splitItems(value);
  if (items.length === 0 && value !== '') {
    report(
      'bad-uid',
      'warning',
      `${flag} lists no id: Envoy's own traffic would not be exempt and would loop back into Envoy`,
    );
  }
  for (const { item, from } of items) {
    const numeric = /^[0-9]+$/.test(item);
    if (numeric ? BigInt(item) <= 4294967294n : /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/.test(item))
      continue;
    report(
      'bad-uid',
      'error',
      `${flag}: ${JSON.stringify(item)} is neither a numeric id (0..4294967294) nor a user/group name; iptables -m owner would reject it`,
      from,
      from + item.length,
    );
  }
}

function checkMode(value: string, report: Report): void {
  if (value === '' || value === 'REDIRECT' || value === 'TPROXY') return;
  const lower =
    value.toUpperCase() === 'TPROXY'
      ? ` (lower-case ${JSON.stringify(value)} behaves as REDIRECT upstream)`
      : '';
  report(
    'bad-mode',
    'warning',
    `unknown interception mode ${JSON.stringify(value)}: only exactly "TPROXY" selects TPROXY, anything else behaves as REDIRECT${lower}`,
  );
}

/** upstream: tools/common/config/validation.go — ValidateOwnerGroups (only an include list counts). */
function checkOwnerGroups(res: Resolution, out: Diagnostic[], loc: Locator): void {
  const include = res.config.ownerGroupsInclude;
  if (include === '*') return;
  const groups = include.split(',').filter((g) => g !== '');
  if (groups.length <= 64) return;
  const report = reporter(
    out,
    loc,
    'ISTIO_OUTBOUND_OWNER_GROUPS',
    res.provenance.get('ISTIO_OUTBOUND_OWNER_GROUPS'),
  );
  report?.(
    'too-many-owner-groups',
    'error',
    `number of owner groups whose outgoing traffic should be redirected to Envoy cannot exceed 64, got ${groups.length}: [${groups.join(' ')}]`,
  );
}

/** upstream: tools/common/config/validation.go — ValidateIPv4LoopbackCidr. */
function checkLoopbackCidr(res: Resolution, out: Diagnostic[], loc: Locator): void {
  const cidr = res.config.hostIPv4LoopbackCidr;
  const report = reporter(
    out,
    loc,
    'ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR',
    res.provenance.get('ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR'),
  );
  if (report === undefined) return;
  const parsed = parseCidrStrict(cidr);
  if (!parsed.ok) {
    report('bad-loopback-cidr', 'error', `failed to parse CIDR ${cidr}: ${parsed.error}`);
    return;
  }
  const addr = { family: parsed.cidr.family, value: parsed.cidr.address };
  if (addr.family !== 4 || !isLoopback(addr)) {
    report(
      'bad-loopback-cidr',
      'error',
      `expected valid IPv4 loopback address in CIDR ${cidr}; found ${formatAddress(addr)}`,
    );
  } else if (parsed.cidr.bits < 8 || parsed.cidr.bits > 32) {
    report(
      'bad-loopback-cidr',
      'error',
      `expected CIDR ${cidr} to have mask in range [8, 32]; found ${parsed.cidr.bits}`,
    );
  }
}
