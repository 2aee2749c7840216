import { stringify } from 'yaml';
import { createBookinfoScenario } from '@core';
import type { BookinfoRouting, DestinationRuleSpec, VirtualServiceSpec } from '@core';

/** The routing presets of the editor: Istio's samples/bookinfo/networking files. */
export const ROUTING_PRESETS: readonly BookinfoRouting[] = [
  'none',
  'all-v1',
  'reviews-test-v2',
  'reviews-50-v3',
  'reviews-v3',
];

function toResource(
  kind: 'VirtualService' | 'DestinationRule',
  name: string,
  spec: object,
): string {
  return stringify(
    { apiVersion: 'networking.istio.io/v1', kind, metadata: { name }, spec },
    { lineWidth: 0 },
  );
}

function virtualServiceYaml(vs: VirtualServiceSpec): string {
  const { name, ...spec } = vs;
  return toResource('VirtualService', name, spec);
}

function destinationRuleYaml(dr: DestinationRuleSpec): string {
  const { name, ...spec } = dr;
  return toResource('DestinationRule', name, spec);
}

/**
 * The VirtualService/DestinationRule documents of a routing preset, as the editor shows them
 * (the mesh's own resources: the gateway's VirtualService is part of the scenario, not of the text).
 *
 * @example
 * renderRoutingPreset('reviews-v3').includes('subset: v3'); // true
 */
export function renderRoutingPreset(routing: BookinfoRouting): string {
  const base = createBookinfoScenario();
  const gatewayBound = new Set(base.virtualServices.map((vs) => vs.name));
  const scenario = createBookinfoScenario({ routing });
  const docs = [
    ...scenario.virtualServices.filter((vs) => !gatewayBound.has(vs.name)).map(virtualServiceYaml),
    ...scenario.destinationRules.map(destinationRuleYaml),
  ];
  return docs.join('---\n');
}

/**
 * Which preset a routing text is exactly, or undefined once it was edited.
 *
 * @example
 * presetOf(renderRoutingPreset('all-v1')); // 'all-v1'
 */
export function presetOf(text: string): BookinfoRouting | undefined {
  return ROUTING_PRESETS.find((p) => renderRoutingPreset(p) === text);
}

/**
 * Seed 003: every reviews request to subset v1, and nothing else routed (the VirtualService and
 * the DestinationRule that defines the subset). The ambient chapter's waypoint exercise uses it.
 */
export const REVIEWS_V1_ONLY = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: reviews
            subset: v1
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
    - name: v1
      labels:
        version: v1
`;
