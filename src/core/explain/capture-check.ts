import type { IstioConfig } from '../generator/config.ts';
import type { Rule, RuleRef, Ruleset } from '../iptables/model.ts';
import type { Packet } from '../netfilter/packet.ts';
import { normalizePacket } from '../netfilter/packet.ts';
import type { PodContext } from '../netfilter/pod.ts';
import { DEFAULT_POD } from '../netfilter/pod.ts';
import type { RuleStep, TraceResult } from '../netfilter/result.ts';
import type { Rulesets } from '../netfilter/simulate.ts';
import { simulatePacket } from '../netfilter/simulate.ts';
import type { Severity } from '../shared/diagnostics.ts';
import type { Message } from '../shared/messages.ts';
import { message } from '../shared/messages.ts';

/** Who sends what in the pod the capture check walks (the workbench's default pod and packets). */
export interface CaptureRoles {
  /** upstream: injection-template.yaml — istio-proxy runs as uid/gid 1337 whatever `-u` says. */
  readonly envoyUid: number;
  readonly envoyGid: number;
  readonly appUid: number;
  /** A Service ClusterIP the app calls, and the port. */
  readonly service: string;
  readonly servicePort: number;
  /** A peer pod: Envoy's upstream endpoint, and where inbound traffic comes from. */
  readonly peer: string;
  /** The port the app serves on. */
  readonly appPort: number;
  /** Envoy's inbound listener (virtualInbound). */
  readonly inboundListener: number;
}

export const DEFAULT_CAPTURE_ROLES: CaptureRoles = {
  envoyUid: 1337,
  envoyGid: 1337,
  appUid: 1000,
  service: '10.96.0.20',
  servicePort: 9080,
  peer: '10.44.1.9',
  appPort: 9080,
  inboundListener: 15006,
};

/** The packet whose trace shows a consequence. */
export type CapturePacket = 'envoy-upstream' | 'app-outbound' | 'inbound-app';

/**
 * What the rules do to the pod's traffic that the arguments did not mean: computed by
 * simulating the pod's typical packets, not from rules about flags.
 */
export interface Consequence {
  readonly code: 'redirect-loop' | 'sidecar-bypass' | 'no-listener';
  readonly severity: Severity;
  readonly message: Message;
  /** One line: what to change. */
  readonly fix: Message;
  readonly packet: CapturePacket;
  readonly rule?: RuleRef;
  readonly flag?: string;
}

export interface CaptureCheckOptions {
  readonly pod?: PodContext;
  readonly roles?: CaptureRoles;
  /** The flags that produced a rule (default: the rule's own `origin`). */
  readonly originOf?: (ref: RuleRef, rule: Rule | undefined) => readonly string[];
}

interface Walk {
  readonly rulesets: Rulesets;
  readonly pod: PodContext;
  readonly originOf: (ref: RuleRef, rule: Rule | undefined) => readonly string[];
}

function ruleOf(rulesets: Rulesets, step: RuleStep): Rule | undefined {
  const ruleset: Ruleset | undefined = rulesets.v4;
  const chain = ruleset?.tables
    .find((t) => t.name === step.table)
    ?.chains.find((c) => c.name === step.chain);
  return chain?.rules[step.position - 1];
}

function trace(w: Walk, spec: Record<string, string | number>): TraceResult | undefined {
  const packet: Packet | undefined = normalizePacket(spec, w.pod, String(spec.id)).value;
  return packet === undefined ? undefined : simulatePacket(w.rulesets, packet, w.pod);
}

function ruleSteps(result: TraceResult): RuleStep[] {
  return result.steps.filter((s): s is RuleStep => s.kind === 'rule');
}

/** The last rule that let the packet through (RETURN or ACCEPT): what decided it was not captured. */
function decisiveRule(result: TraceResult): RuleStep | undefined {
  return ruleSteps(result)
    .filter((s) => s.matched && (s.verdict === 'return' || s.verdict === 'accept'))
    .at(-1);
}

const OWNER_FLAGS = ['proxy-uid', 'proxy-gid'];

function ownerOnly(rule: Rule | undefined): boolean {
  if (rule === undefined) return false;
  const { outInterface, inInterface, source, destination, protocol } = rule;
  const bare = [outInterface, inInterface, source, destination, protocol].every((x) => !x);
  return bare && rule.matches.every((m) => m.module === 'owner');
}

function checkEnvoy(w: Walk, roles: CaptureRoles, config: IstioConfig): Consequence | undefined {
  const result = trace(w, {
    id: 'envoy-upstream',
    dst: roles.peer,
    dport: roles.servicePort,
    uid: roles.envoyUid,
    gid: roles.envoyGid,
  });
  if (result?.delivered.kind !== 'local') return undefined;
  const port = result.delivered.port;
  const owners = ruleSteps(result).filter((s) => {
    const rule = ruleOf(w.rulesets, s);
    return (
      !s.matched &&
      rule?.target?.kind === 'verdict' &&
      rule.target.verdict === 'RETURN' &&
      w.originOf(s.rule, rule).some((f) => OWNER_FLAGS.includes(f))
    );
  });
  // The rule that returns the proxy's traffic whatever else holds: only an owner match.
  const missed = owners.find((s) => ownerOnly(ruleOf(w.rulesets, s))) ?? owners[0];
  const flag = 'proxy-uid';
  const base = { port, uid: roles.envoyUid, flag, value: config.proxyUid };
  return {
    code: 'redirect-loop',
    severity: 'error',
    message: missed
      ? message('capture.redirect-loop', { ...base, rule: missed.rule })
      : message('capture.redirect-loop.no-rule', base),
    fix: message('fix.proxy-uid', { flag, uid: roles.envoyUid }),
    packet: 'envoy-upstream',
    ...(missed ? { rule: missed.rule } : {}),
    flag,
  };
}

function checkApp(w: Walk, roles: CaptureRoles): Consequence | undefined {
  const result = trace(w, {
    id: 'app-outbound',
    dst: roles.service,
    dport: roles.servicePort,
    uid: roles.appUid,
  });
  if (result === undefined || result.delivered.kind === 'local') return undefined;
  const decisive = decisiveRule(result);
  const flags = decisive ? w.originOf(decisive.rule, ruleOf(w.rulesets, decisive)) : [];
  const flag = flags[0];
  const base = { uid: roles.appUid, address: roles.service, port: roles.servicePort };
  const owner = flag !== undefined && OWNER_FLAGS.includes(flag);
  return {
    code: 'sidecar-bypass',
    severity: 'warning',
    message:
      decisive && flag !== undefined
        ? message('capture.app-escapes', { ...base, rule: decisive.rule, flag })
        : message('capture.app-escapes.no-rule', base),
    fix: owner
      ? message('fix.proxy-uid', { flag, uid: roles.envoyUid })
      : message('fix.review-flag', { flag: flag ?? 'istio-service-cidr' }),
    packet: 'app-outbound',
    ...(decisive ? { rule: decisive.rule } : {}),
    ...(flag === undefined ? {} : { flag }),
  };
}

function checkInbound(w: Walk, roles: CaptureRoles, config: IstioConfig): Consequence | undefined {
  const result = trace(w, {
    id: 'inbound-app',
    direction: 'inbound',
    src: roles.peer,
    dport: roles.appPort,
  });
  if (result?.delivered.kind !== 'local') return undefined;
  const port = result.delivered.port;
  const fix = message('fix.inbound-ports', {
    port: roles.appPort,
    include: 'istio-inbound-ports',
    exclude: 'istio-local-exclude-ports',
  });
  if (port === roles.appPort && result.delivered.socket === 'destination') {
    const decisive = decisiveRule(result);
    const flag = decisive ? w.originOf(decisive.rule, ruleOf(w.rulesets, decisive))[0] : undefined;
    const message_ =
      decisive && flag !== undefined
        ? message('capture.inbound-bypass', { port, rule: decisive.rule, flag })
        : message('capture.inbound-bypass.no-rule', {
            port,
            flag: 'istio-inbound-ports',
            value: config.istioInboundPorts,
          });
    return {
      code: 'sidecar-bypass',
      severity: 'warning',
      message: message_,
      fix,
      packet: 'inbound-app',
      ...(decisive ? { rule: decisive.rule } : {}),
      flag: flag ?? 'istio-inbound-ports',
    };
  }
  if (port === roles.inboundListener) return undefined;
  const redirect = ruleSteps(result)
    .filter((s) => s.matched)
    .at(-1);
  const flag = 'inbound-capture-port';
  if (redirect === undefined) return undefined;
  return {
    code: 'no-listener',
    severity: 'error',
    message: message('capture.no-listener', {
      port,
      listener: roles.inboundListener,
      flag,
      rule: redirect.rule,
    }),
    fix: message('fix.listener-port', { flag, listener: roles.inboundListener }),
    packet: 'inbound-app',
    rule: redirect.rule,
    flag,
  };
}

/**
 * Walks Envoy's upstream connection, an app's outbound call and an inbound request through the
 * rules and reports what the arguments do to them: a redirect loop, app traffic that escapes the
 * sidecar, inbound traffic that bypasses it, or a redirect to a port Envoy does not listen on.
 * Outbound checks run only when outbound capture is asked for (`-i` not empty), inbound ones only
 * when inbound capture is (`-b` not empty).
 *
 * @example
 * checkCapture({ v4 }, { ...config, proxyUid: '1000' })[0]?.code; // 'redirect-loop'
 */
export function checkCapture(
  rulesets: Rulesets,
  config: IstioConfig,
  options: CaptureCheckOptions = {},
): Consequence[] {
  if (rulesets.v4 === undefined) return [];
  const roles = options.roles ?? DEFAULT_CAPTURE_ROLES;
  const w: Walk = {
    rulesets,
    pod: options.pod ?? DEFAULT_POD,
    originOf: options.originOf ?? ((_ref, rule) => rule?.origin?.flags ?? []),
  };
  const out: (Consequence | undefined)[] = [];
  if (config.istioServiceCidr !== '') out.push(checkEnvoy(w, roles, config), checkApp(w, roles));
  if (config.istioInboundPorts !== '') out.push(checkInbound(w, roles, config));
  return out.filter((c): c is Consequence => c !== undefined);
}
