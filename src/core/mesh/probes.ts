import type { RuleStep } from '../netfilter/result.ts';
import type { PathContext } from './context.ts';
import { ephemeralPort, sidecarOf } from './context.ts';
import { flagValue, reportPath, ruleText } from './diagnose.ts';
import { describeDelivery } from './hop-steps.ts';
import { nodeAddressOf } from './inbound.ts';
import { traverse } from './netfilter-step.ts';
import type { ProbeCheck } from './path-types.ts';
import type { PodNetwork } from './sidecar.ts';
import { hostOf } from './world.ts';

/**
 * The health ports of every sidecar the path meets, reached the way the kubelet (readiness
 * probe on 15021) and Prometheus (15020, 15090) reach them: from the node, to the pod IP. A port
 * the rules redirect to Envoy's inbound listener is `captured`.
 */
export function checkHealthPorts(ctx: PathContext): ProbeCheck[] {
  const out: ProbeCheck[] = [];
  const era = ctx.world.era;
  for (const name of ctx.podsSeen) {
    const pod = ctx.world.findPod(name);
    if (!pod?.sidecar) continue;
    const proxy = sidecarOf(ctx, pod);
    const checks = era.healthPorts.map((port): ProbeCheck => {
      const id = `p.${pod.name}.${port}`;
      const src = nodeAddressOf(proxy.net);
      const t = traverse(proxy.net, {
        id,
        direction: 'inbound',
        proto: 'tcp',
        src,
        dst: hostOf(pod.ip),
        sport: ephemeralPort(id),
        dport: port,
      });
      const purpose = era.proxySockets.find((s) => s.port === port)?.purpose ?? 'health';
      const captured = t.delivered.kind === 'local' && t.delivered.port !== port;
      const label = `kubelet/Prometheus → ${pod.name}:${port} (${purpose}): ${t.final}${t.matched.length > 0 ? ` [${t.matched.join(' ')}]` : ''} → ${describeDelivery(t.delivered)}`;
      return {
        id,
        pod: pod.name,
        port,
        purpose,
        captured,
        step: { id, kind: 'netfilter', hook: 'PREROUTING', label, ...t },
      };
    });
    out.push(...checks);
    const captured = checks.filter((c) => c.captured);
    if (captured.length > 0) reportCaptured(ctx, proxy.net, captured);
  }
  return out;
}

/** One diagnostic per pod: which health ports are captured, the rule that sends them to Envoy and the flag to change. */
function reportCaptured(ctx: PathContext, net: PodNetwork, captured: readonly ProbeCheck[]): void {
  const first = captured[0];
  if (!first) return;
  const jumps = first.step.trace.filter(
    (s): s is RuleStep => s.kind === 'rule' && s.matched && s.verdict === 'jump',
  );
  const rule = jumps.at(-1)?.rule;
  const all = net.args?.config.istioInboundPorts === '*';
  const flag = all ? 'istio-local-exclude-ports' : 'istio-inbound-ports';
  const ports = captured.map((c) => `${c.port} (${c.purpose})`).join(', ');
  const cause = all
    ? `-d ${flagValue(net, flag)} does not exclude ${captured.length > 1 ? 'them' : 'it'}`
    : `-b ${flagValue(net, flag)} lists ${captured.length > 1 ? 'them' : 'it'}`;
  reportPath(ctx, {
    code: 'health-port-captured',
    severity: 'warning',
    net,
    step: first.id,
    ...(rule ? { rule } : {}),
    flag,
    message: `${net.name}: port${captured.length > 1 ? 's' : ''} ${ports} ${captured.length > 1 ? 'are' : 'is'} captured: ${cause}, so ${rule ? ruleText(net, rule) : 'the capture rules'} sends the kubelet's and Prometheus' plaintext requests into Envoy's inbound listener; they fail as soon as mTLS is STRICT (readiness never passes)`,
  });
}
