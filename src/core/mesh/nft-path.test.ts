import { describe, expect, it } from 'vitest';
import { createBookinfoRequest, createBookinfoScenario } from './bookinfo.ts';
import { computeRequestPath } from './request-path.ts';

const path = (version: 'latest' | '1.26', backend?: 'nftables') =>
  computeRequestPath(createBookinfoScenario(), createBookinfoRequest(), {
    version,
    ...(backend === undefined ? {} : { backend }),
  });

const ruleRefs = (p: ReturnType<typeof path>): string[] =>
  p.hops.flatMap((h) =>
    h.steps.flatMap((s) =>
      s.kind === 'netfilter' ? s.trace.flatMap((t) => (t.kind === 'rule' ? [t.rule] : [])) : [],
    ),
  );

describe('computeRequestPath with --native-nftables sidecars', () => {
  it('runs the Bookinfo path through nft base chains: same status and hops as iptables', () => {
    const iptables = path('latest');
    const nft = path('latest', 'nftables');
    expect(nft.status).toBe(200);
    expect(nft.hops.map((h) => h.label)).toEqual(iptables.hops.map((h) => h.label));
    const refs = ruleRefs(nft);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((r) => r.startsWith('inet/istio-proxy-nat/'))).toBe(true);
    expect(ruleRefs(iptables).some((r) => r.startsWith('inet/'))).toBe(false);
  });

  it('a profile before 1.27 refuses the nftables backend for every sidecar', () => {
    const p = path('1.26', 'nftables');
    expect(p.diagnostics.some((d) => d.code === 'profile-unsupported-flag')).toBe(true);
  });
});
