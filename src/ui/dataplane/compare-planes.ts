import type { PathStep, RequestPath } from '@core';

/** What one data plane does to the followed request, read from its computed path. */
export interface PlaneFacts {
  /** Calls between workloads (the path's hops). */
  readonly calls: number;
  /** Times a proxy took the connection: sidecar Envoy listeners, or ztunnel / waypoint accepts. */
  readonly proxyPasses: number;
  /** Where mutual TLS ends: `pod (proxy)` of each terminating step, in path order. */
  readonly mtlsEnds: readonly string[];
  /** The proxy ports the connections were redirected to or accepted on. */
  readonly ports: readonly number[];
  /** The pods whose Envoy routed at L7 (HTTP routes). */
  readonly l7: readonly string[];
}

export interface PlaneComparison {
  readonly sidecar: PlaneFacts;
  readonly ambient: PlaneFacts;
}

const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

function steps(path: RequestPath): readonly { step: PathStep; callee: string | undefined }[] {
  return path.hops.flatMap((h) => h.steps.map((step) => ({ step, callee: h.callee })));
}

/**
 * Sidecar: each accept by a sidecar's Envoy (15001 out, 15006 in) is a proxy pass; the callee's
 * inbound Envoy ends mTLS. The ingress gateway is the same in both planes, so it is left out.
 */
function sidecarFacts(path: RequestPath): PlaneFacts {
  const sidecars = new Set(path.pods.filter((p) => p.sidecar).map((p) => p.name));
  const all = steps(path);
  const accepts = all.filter(
    ({ step }) =>
      step.kind === 'accept' &&
      step.pod !== undefined &&
      sidecars.has(step.pod) &&
      step.socket?.startsWith('envoy') === true,
  );
  const ends = accepts.filter((s) => s.step.pod === s.callee);
  const ports = accepts.flatMap(({ step }) => (step.kind === 'accept' ? [step.port] : []));
  return {
    calls: path.hops.length,
    proxyPasses: accepts.length,
    mtlsEnds: uniq(ends.map((s) => `${s.step.pod ?? ''} (istio-proxy)`)),
    ports: uniq(ports).sort((a, b) => a - b),
    l7: uniq(all.flatMap(({ step }) => (step.kind === 'envoy-route' ? [step.pod ?? ''] : []))),
  };
}

/** Ambient: ztunnel's inbound (15008) or a waypoint's accept ends mTLS. */
function ambientFacts(path: RequestPath): PlaneFacts {
  const all = steps(path).map((s) => s.step);
  let passes = 0;
  const ends: string[] = [];
  const ports: number[] = [];
  for (const step of all) {
    if (step.kind === 'ztunnel' && (step.action === 'outbound' || step.action === 'inbound')) {
      passes++;
      ports.push(step.port);
      if (step.action === 'inbound') ends.push(`${step.pod} (ztunnel)`);
    }
    if (step.kind === 'waypoint' && step.action === 'accept') {
      passes++;
      ports.push(15008);
      ends.push(`${step.pod} (waypoint)`);
    }
  }
  return {
    calls: path.hops.length,
    proxyPasses: passes,
    mtlsEnds: uniq(ends),
    ports: uniq(ports).sort((a, b) => a - b),
    l7: uniq(all.flatMap((step) => (step.kind === 'envoy-route' ? [step.pod ?? ''] : []))),
  };
}

/**
 * The same request through both data planes, side by side (computed facts, not prose).
 *
 * @example
 * comparePlanes(sidecarPath, ambientPath).ambient.ports; // [15001, 15008]
 */
export function comparePlanes(sidecar: RequestPath, ambient: RequestPath): PlaneComparison {
  return { sidecar: sidecarFacts(sidecar), ambient: ambientFacts(ambient) };
}
