import { parseArgs } from 'node:util';
import {
  checkNftLoad,
  createPod,
  formatDiagnostic,
  guessFamily,
  hasErrors,
  isNftText,
  loadNft,
  messageText,
  MESSAGES_EN,
  normalizePacket,
  renderMessage,
  routeNotes,
  parseIptables,
  parseNft,
  simulatePacket,
  type Diagnostic,
  type DiagnosticCode,
  type Packet,
  type PodContext,
  type Rulesets,
  type Ruleset,
  type TraceResult,
} from '@core';
import { readInput, UsageError, type CliIo, type Command } from './io.ts';

const USAGE = `intercept trace [--pod-ip IP] [--pod-ip6 IP] --rules FILE [--rules6 FILE] [PACKETS|-]

Simulates packets through a pod's iptables or nftables rules, hook by hook, as the Linux kernel
walks them.
Reads JSON lines (one packet each) from PACKETS or standard input and prints one JSON object per
packet, in input order.

Options:
  --rules FILE       iptables-save or iptables-restore text of the pod (IPv4). A file holding
                       IPv4 and then IPv6 tables (as 'intercept istio-iptables --ipv6' prints)
                       is split by family. Or an nftables program (an 'nft -f' script or
                       'nft list ruleset' output, both families): its base chains run by hook
                       and priority, and rules are named family/table/chain#N.
  --rules6 FILE      the IPv6 iptables rules, if separate (with an nftables --rules too)
  --pod-ip IP        the pod's eth0 address (default 10.44.0.5/24, gateway .1)
  --pod-ip6 IP       the pod's IPv6 address (default fd00:44::5/64)
  --steps            add every evaluated step to the output

Packet fields: id, direction (outbound|inbound), proto (tcp|udp), src, dst, sport, dport,
uid, gid (outbound), oif (a hint), mark, connmark, ctstate.
Output fields: id, matched, matched_after_loopback, final, delivered, diagnostics (if any),
routing (if any: what routing said, e.g. a loopback source refused on a route out of eth0 with
EINVAL before the OUTPUT hook; then final is DROP and delivered.kind is "refused").

Example:
  echo '{"id":"app-out","direction":"outbound","uid":1000,"dst":"10.44.0.9","dport":9080}' |
    intercept trace --rules rules.txt

Rules the kernel would refuse to load although it can read them (an extension outside its table
or hooks, a reachable jump loop) are reported on stderr and simulated anyway: the walk is
bounded and the packet's diagnostics say where it stopped. Any other error in the rules exits 2.

Exit codes: 0 success, 2 bad input (the message names the flag or line), 1 internal error.
`;

/** Splits text that holds IPv4 tables and then IPv6 tables (a table header seen again). */
function splitFamilies(text: string): { v4: string; v6: string | undefined } {
  const lines = text.split('\n');
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const m = /^\*\s*(\S+)/.exec(lines[i] ?? '');
    if (!m) continue;
    const name = m[1] ?? '';
    if (seen.has(name)) {
      const first = lines.slice(0, i).join('\n');
      const second = lines.slice(i).join('\n');
      if (guessFamily(first) === 4 && guessFamily(second) === 6) return { v4: first, v6: second };
      return { v4: text, v6: undefined };
    }
    seen.add(name);
  }
  return { v4: text, v6: undefined };
}

/**
 * Parse errors the kernel raises only when loading rules it could otherwise read: an extension
 * outside its table or hooks, a reachable jump loop, chains nested too deep. The parser keeps those rules, so the
 * simulation still walks them (bounded) and reports the refusal.
 */
const LOAD_TIME_REFUSALS: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'kernel-rejects',
  'jump-loop',
  'jump-too-deep',
]);

function loadRules(text: string, family: 4 | 6, file: string, io: CliIo): Ruleset {
  const parsed = parseIptables(text, { family });
  reportDiagnostics(parsed.diagnostics, file, io);
  // The kernel would refuse load-time refusals; the simulation goes on and says so. Anything
  // else means the text is not what the user thinks it is.
  const fatal = parsed.diagnostics.filter((d) => !LOAD_TIME_REFUSALS.has(d.code));
  if (hasErrors(fatal)) throw new UsageError(`${file}: the rules have errors (see above)`);
  return parsed.value;
}

function reportDiagnostics(diagnostics: readonly Diagnostic[], source: string, io: CliIo): void {
  for (const d of diagnostics) {
    if (d.severity !== 'info') io.stderr(`${formatDiagnostic(d, source)}\n`);
  }
}

function buildPod(podIp: string | undefined, podIp6: string | undefined): PodContext {
  const pod = createPod({
    ...(podIp === undefined ? {} : { podIp }),
    ...(podIp6 === undefined ? {} : { podIp6 }),
  });
  const bad = pod.diagnostics.find((d) => d.severity === 'error');
  if (bad)
    throw new UsageError(`--${bad.subject ?? 'pod-ip'}: ${bad.message.replace(/^[^:]*: /, '')}`);
  return pod.value;
}

/** One output line: the CONTRACTS.md §3 fields first, then ours. */
function toJson(result: TraceResult, withSteps: boolean): string {
  const out: Record<string, unknown> = {
    id: result.id,
    matched: result.matched,
    matched_after_loopback: result.matchedAfterLoopback,
    final: result.final,
    delivered: result.delivered,
  };
  if (result.diagnostics.length > 0) {
    out.diagnostics = result.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
    }));
  }
  const notes = routeNotes(result);
  if (notes.length > 0)
    out.routing = notes.map((m) => ({
      id: m.id,
      message: messageText(renderMessage(m, MESSAGES_EN, MESSAGES_EN)),
    }));
  if (!result.complete) out.complete = false;
  if (withSteps) out.steps = result.steps;
  return JSON.stringify(out);
}

function parsePacketLine(line: string, lineNo: number, source: string, pod: PodContext): Packet {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new UsageError(`${source}:${lineNo}: invalid JSON: ${(error as Error).message}`);
  }
  const { value, diagnostics } = normalizePacket(json, pod, `line-${lineNo}`);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!value || errors.length > 0) {
    throw new UsageError(
      `${source}:${lineNo}: ${errors.map((d) => d.message).join('; ') || 'invalid packet'}`,
    );
  }
  return value;
}

/** Loads an nftables program as `nft -f` would: any error refuses the whole file (exit 2). */
function loadNftRules(text: string, file: string, io: CliIo): Rulesets {
  const loaded = loadNft(parseNft(text));
  reportDiagnostics(loaded.diagnostics, file, io);
  if (hasErrors(loaded.diagnostics))
    throw new UsageError(`${file}: nft would refuse this program (see above)`);
  // What nf_tables refuses although it parses (NAT outside its hooks, loops…): reported, and
  // simulated anyway, as the iptables load-time refusals are.
  reportDiagnostics(checkNftLoad(loaded.value), file, io);
  return { nft: loaded.value };
}

async function loadRulesets(io: CliIo, file: string, file6: string | undefined): Promise<Rulesets> {
  const rulesText = await readInput(io, file);
  const v6Only = file6 === undefined ? undefined : await readInput(io, file6);
  const v6Rules = v6Only === undefined ? {} : { v6: loadRules(v6Only, 6, file6 ?? file, io) };
  if (isNftText(rulesText)) return { ...loadNftRules(rulesText, file, io), ...v6Rules };
  const split = v6Only === undefined ? splitFamilies(rulesText) : { v4: rulesText, v6: undefined };
  return {
    v4: loadRules(split.v4, 4, file, io),
    ...(split.v6 === undefined ? v6Rules : { v6: loadRules(split.v6, 6, file, io) }),
  };
}

async function runTrace(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        rules: { type: 'string' },
        rules6: { type: 'string' },
        'pod-ip': { type: 'string' },
        'pod-ip6': { type: 'string' },
        steps: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.rules === undefined) throw new UsageError('--rules FILE is required');
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1] ?? ''}'`);
  const pod = buildPod(values['pod-ip'], values['pod-ip6']);
  const rulesets = await loadRulesets(io, values.rules, values.rules6);
  const source = positionals[0] ?? '-';
  const text = await readInput(io, positionals[0]);
  const packets = text
    .split('\n')
    .flatMap((line, i) =>
      line.trim() === ''
        ? []
        : [parsePacketLine(line, i + 1, source === '-' ? 'stdin' : source, pod)],
    );
  for (const packet of packets)
    io.stdout(`${toJson(simulatePacket(rulesets, packet, pod), values.steps)}\n`);
  return 0;
}

export const traceCommand: Command = {
  name: 'trace',
  summary: 'simulate packets through iptables or nftables rules (JSON lines in, JSON lines out)',
  usage: USAGE,
  run: runTrace,
};
