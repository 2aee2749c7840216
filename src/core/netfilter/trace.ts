import { assertNever } from '../shared/assert.ts';
import { MESSAGES_EN } from '../shared/messages-en.ts';
import { messageText, renderMessage } from '../shared/render-message.ts';
import { formatFailedCondition } from './condition.ts';
import type { Packet } from './packet.ts';
import { formatEndpoints } from './packet.ts';
import type { Delivery, PacketView, TraceResult, TraceStep } from './result.ts';
import { routeRefusalMessage } from './route-messages.ts';
import { describeTarget } from './targets/index.ts';

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * A packet view on one line.
 *
 * @example
 * formatPacketView(result.delivered.packet); // '10.44.0.5:40000 -> 127.0.0.1:15001 mark=0x0 ctmark=0x0 ctstate=NEW,DNAT'
 */
export function formatPacketView(v: PacketView): string {
  return `${hostPort(v.src, v.sport)} -> ${hostPort(v.dst, v.dport)} mark=${v.mark} ctmark=${v.connmark} ctstate=${v.ctstate}`;
}

function formatPacketHeader(p: Packet): string {
  const owner = p.uid === undefined ? '' : ` uid=${p.uid} gid=${p.gid ?? p.uid}`;
  const extra = `${p.mark !== 0 ? ` mark=0x${p.mark.toString(16)}` : ''}${p.connmark !== 0 ? ` ctmark=0x${p.connmark.toString(16)}` : ''}`;
  return `packet ${p.id}: ${p.direction} IPv${p.family} ${formatEndpoints(p)}${owner}${extra} ctstate=${p.ctstate}`;
}

function formatStep(s: TraceStep): string {
  const where = `${s.pass.padEnd(8)} ${s.hook.padEnd(11)}`;
  switch (s.kind) {
    case 'rule': {
      const head = `${where} ${s.rule.padEnd(28)} ${s.matched ? 'match' : s.cannotEvaluate === undefined ? 'miss ' : 'skip '}`;
      const body = s.nftRule ?? describeTarget(s.target);
      if (s.matched) return `${head} ${body} => ${s.verdict ?? 'continue'}`;
      return `${head} ${s.cannotEvaluate ?? (s.failed ? formatFailedCondition(s.failed) : '')}`;
    }
    case 'skip':
      return `${where} ${`${s.table}/${s.chain}#${s.from}..${s.to}`.padEnd(28)} index  ${s.count} rule(s) cannot match`;
    case 'return':
      return `${where} ${`${s.table}/${s.chain}`.padEnd(28)} end    implicit return`;
    case 'policy':
      return `${where} ${`${s.table}/${s.chain}`.padEnd(28)} policy ${s.policy}`;
    case 'nat-skipped':
      return `${where} ${'nat'.padEnd(28)} skip   ${s.reason}`;
    case 'route': {
      const refusal = s.refusal ? ` [${s.refusal.errno} ${s.refusal.cause}]` : '';
      const caveat = s.caveat ? ` [caveat: ${s.caveat.cause}]` : '';
      return `${where} ${'route'.padEnd(28)} ${s.decision.padEnd(6)} ${s.oif === '' ? '' : `oif=${s.oif} `}${s.reason}${refusal}${caveat}`;
    }
    default:
      return assertNever(s, 'trace step');
  }
}

function formatDelivery(d: Delivery): string {
  switch (d.kind) {
    case 'local':
      return `local ${d.socket === 'tproxy' ? `tproxy socket :${d.port}` : `socket :${d.port}`} via ${d.iif}: ${formatPacketView(d.packet)}`;
    case 'sent':
      return `sent on ${d.oif} to ${d.nextHop}: ${formatPacketView(d.packet)}`;
    case 'dropped':
    case 'rejected':
      return `${d.kind} by ${d.by}${d.hook ? ` in ${d.table ?? ''} ${d.hook}` : ''}: ${d.reason}`;
    case 'refused':
      return `refused (${d.refusal.errno}) at ${d.at}: ${messageText(renderMessage(routeRefusalMessage(d), MESSAGES_EN, MESSAGES_EN))}`;
    case 'incomplete':
      return `incomplete: ${d.reason}`;
    default:
      return assertNever(d, 'delivery');
  }
}

/**
 * The canonical one-line-per-step text of a trace, used by the goldens in
 * `test/golden/netfilter/`. Packet state is printed after every step that changed it.
 *
 * @example
 * formatTrace(simulatePacket({ v4 }, packet)).split('\n')[0]; // 'packet app-out: outbound IPv4 tcp …'
 */
export function formatTrace(result: TraceResult): string {
  const lines = [formatPacketHeader(result.packet)];
  let last: PacketView | undefined;
  for (const step of result.steps) {
    lines.push(formatStep(step));
    const view = step.kind === 'rule' || step.kind === 'route' ? step.packet : undefined;
    if (view && last && view !== last && formatPacketView(view) !== formatPacketView(last)) {
      lines.push(
        `${' '.repeat(21)}packet ${formatPacketView(view)} iif=${view.iif || '-'} oif=${view.oif || '-'}`,
      );
    }
    last = view ?? last;
  }
  lines.push(`matched: ${result.matched.join(' ')}`);
  lines.push(`matched_after_loopback: ${result.matchedAfterLoopback.join(' ')}`);
  lines.push(`final: ${result.final}`);
  lines.push(`delivered: ${formatDelivery(result.delivered)}`);
  for (const d of result.diagnostics) lines.push(`${d.severity}: ${d.message} [${d.code}]`);
  return lines.map((l) => l.trimEnd()).join('\n');
}
