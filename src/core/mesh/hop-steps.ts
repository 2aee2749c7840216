import type { RuleRef } from '../iptables/model.ts';
import type { Delivery } from '../netfilter/result.ts';
import type { DiagnosticCode, Severity } from '../shared/diagnostics.ts';
import type { Message } from '../shared/messages.ts';
import type { HopDraft, PathContext } from './context.ts';
import { nextStepId, pushStep } from './context.ts';
import { reportPath } from './diagnose.ts';
import type { TracePacket } from './netfilter-step.ts';
import { traverse } from './netfilter-step.ts';
import type { NetfilterStep } from './path-types.ts';
import type { PodNetwork } from './sidecar.ts';

/** `tcp 10.0.0.1:40000 -> 10.0.0.2:9080` */
export function tuple(src: string, sport: number, dst: string, dport: number): string {
  return `${src}:${sport} -> ${dst}:${dport}`;
}

/** Where the simulator left the packet, in a few words. */
export function describeDelivery(d: Delivery): string {
  switch (d.kind) {
    case 'local':
      return `delivered locally to ${d.packet.dst}:${d.port}${d.socket === 'tproxy' ? ' (TPROXY)' : ''} via ${d.iif}`;
    case 'sent':
      return `sent out ${d.oif} to ${d.packet.dst}:${d.packet.dport}`;
    case 'dropped':
    case 'rejected':
      return `${d.kind} by ${d.by} (${d.reason})`;
    case 'refused':
      return `refused by routing (${d.refusal.errno}, ${d.refusal.cause})`;
    case 'incomplete':
      return `incomplete: ${d.reason}`;
  }
}

/** Simulates a packet in a pod and records it as the hop's next netfilter step. */
export function addTraversal(
  hop: HopDraft,
  net: PodNetwork,
  packet: Omit<TracePacket, 'id' | 'proto'> & { readonly proto?: 'tcp' | 'udp' },
  response = false,
  why = '',
): NetfilterStep {
  const id = nextStepId(hop, response);
  const { proto = 'tcp', ...rest } = packet;
  const t = traverse(net, { id, proto, ...rest });
  const hook = packet.direction === 'outbound' ? 'OUTPUT' : 'PREROUTING';
  const label = `${net.name} ${hook}: ${t.final}${t.matched.length > 0 ? ` [${t.matched.join(' ')}]` : ''} → ${describeDelivery(t.delivered)}${why === '' ? '' : `; ${why}`}`;
  return pushStep(hop, { kind: 'netfilter', label, hook, ...t }, response);
}

export interface Failure {
  readonly code: DiagnosticCode;
  readonly severity?: Severity;
  /** What the caller receives: an HTTP status from a proxy, or 0 when the connection itself fails. */
  readonly status: number;
  readonly responseFlag?: string;
  readonly message: string;
  readonly pod?: string;
  readonly net?: PodNetwork;
  readonly rule?: RuleRef;
  readonly flag?: string;
  /** Also raise a path diagnostic (default true). */
  readonly diagnose?: boolean;
  /** Diagnostics with the same key are reported once (default: code, pod, rule, flag). */
  readonly key?: string;
  /** `message` as an id with typed parameters (ambient): the step's `message`, the diagnostic's `messageRef`. */
  readonly messageRef?: Message;
}

/** Ends the hop with a failure step (and, by default, the matching diagnostic). */
export function failHop(ctx: PathContext, hop: HopDraft, f: Failure): void {
  const pod = f.pod ?? f.net?.name;
  const step = pushStep(hop, {
    kind: 'failure',
    label: `${f.status === 0 ? 'connection fails' : `${f.status}${f.responseFlag === undefined ? '' : ` ${f.responseFlag}`}`}: ${f.message}`,
    ...(pod === undefined ? {} : { pod }),
    code: f.code,
    status: f.status,
    ...(f.responseFlag === undefined ? {} : { responseFlag: f.responseFlag }),
    ...(f.messageRef === undefined ? {} : { message: f.messageRef }),
  });
  hop.ok = false;
  hop.status = f.status;
  if (f.responseFlag !== undefined) hop.responseFlag = f.responseFlag;
  if (f.diagnose === false) return;
  reportPath(ctx, {
    ...(f.key === undefined ? {} : { key: f.key }),
    code: f.code,
    severity: f.severity ?? 'error',
    message: f.message,
    ...(f.net === undefined ? {} : { net: f.net }),
    ...(pod === undefined ? {} : { pod }),
    hop: hop.id,
    step: step.id,
    ...(f.rule === undefined ? {} : { rule: f.rule }),
    ...(f.flag === undefined ? {} : { flag: f.flag }),
    ...(f.messageRef === undefined ? {} : { messageRef: f.messageRef }),
  });
}

/** A traversal that did not deliver or send the packet: dropped, rejected, or cut short. */
export function failTraversal(
  ctx: PathContext,
  hop: HopDraft,
  net: PodNetwork,
  step: NetfilterStep,
  status: number,
): void {
  const d = step.delivered;
  if (d.kind === 'incomplete') {
    failHop(ctx, hop, {
      code: 'step-limit',
      status,
      net,
      message: `the simulation of ${step.id} stopped: ${d.reason}`,
    });
    return;
  }
  const rule =
    d.kind === 'dropped' || d.kind === 'rejected'
      ? d.by === 'policy' || d.by === 'routing'
        ? undefined
        : d.by
      : undefined;
  failHop(ctx, hop, {
    code: 'packet-dropped',
    status,
    net,
    ...(rule === undefined ? {} : { rule }),
    message: `${net.name}'s netfilter ${describeDelivery(d)}: the connection cannot be made`,
  });
}
