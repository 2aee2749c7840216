import { describe, expect, it } from 'vitest';
import { computePathJob } from '../path/path-model.ts';
import { REVIEWS_V1_ONLY } from '../path/routing-presets.ts';
import { createDeriver } from '../state/derive.ts';
import { DEFAULT_PACKET } from '../store/store.ts';
import { DEFAULT_DATAPLANE } from './dataplane-spec.ts';
import { comparePlanes } from './compare-planes.ts';

const JOB = {
  routing: '',
  headers: '',
  args: undefined,
  version: 'latest',
  origin: 'ingress',
} as const;

describe('comparePlanes', () => {
  it('reads hops, mTLS ends, ports and L7 places off the two computed paths', () => {
    const sidecar = computePathJob({ ...JOB, dataplane: 'sidecar', waypoints: [] });
    const plain = comparePlanes(
      sidecar,
      computePathJob({ ...JOB, dataplane: 'ambient', waypoints: [] }),
    );
    expect(plain.sidecar.calls).toBe(plain.ambient.calls);
    expect(plain.sidecar.ports).toEqual([15001, 15006]);
    expect(plain.ambient.ports).toEqual([15001, 15008]);
    expect(plain.sidecar.mtlsEnds).toContain('reviews-v2 (istio-proxy)');
    expect(plain.ambient.mtlsEnds.every((e) => e.endsWith('(ztunnel)'))).toBe(true);
    // Without waypoints only the ingress gateway routes at L7; with sidecars every pod does.
    expect(plain.ambient.l7).toEqual(['istio-ingressgateway']);
    expect(plain.sidecar.l7).toContain('productpage-v1');
    // Each call passes two proxies in both planes (Envoy out/in, or ztunnel out/in) …
    expect(plain.ambient.proxyPasses).toBe(plain.sidecar.proxyPasses);
    const waypoint = comparePlanes(
      sidecar,
      computePathJob({ ...JOB, dataplane: 'ambient', waypoints: ['reviews'] }),
    );
    expect(waypoint.ambient.l7).toEqual(['istio-ingressgateway', 'waypoint']);
    expect(waypoint.ambient.mtlsEnds).toContain('waypoint (waypoint)');
    // … and a waypoint is one more on the calls to its Service.
    expect(waypoint.ambient.proxyPasses).toBe(plain.ambient.proxyPasses + 1);
  });

  it('the derived comparison exists only for the ambient path view', () => {
    const derive = createDeriver();
    const base = {
      input: { text: '-p 15001 -z 15006 -u 1337' },
      version: 'latest',
      ipv6: false,
      dnsServers: '',
      packet: DEFAULT_PACKET,
      path: { routing: REVIEWS_V1_ONLY, headers: '', origin: 'ingress', waypoints: [] },
    } as const;
    const ambient = { ...DEFAULT_DATAPLANE, plane: 'ambient' } as const;
    expect(derive({ ...base, mainView: 'path' }).comparison).toBeUndefined();
    expect(derive({ ...base, dataplane: ambient }).comparison).toBeUndefined();
    const shown = derive({ ...base, dataplane: ambient, mainView: 'path' });
    expect(shown.comparison?.ambient.ports).toEqual([15001, 15008]);
    expect(shown.path?.path?.diagnostics.map((d) => d.code)).toContain('ignored-route');
  });
});
