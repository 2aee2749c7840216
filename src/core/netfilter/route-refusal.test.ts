/**
 * Output routing refusals, as a pod namespace showed them (test/kernel/packet-conformance.test.ts
 * replays these packets in the kernel): a 127/8 source on a route out of eth0 fails with EINVAL
 * before the OUTPUT hook, or on the re-route after nat changed the destination; the IPv6 loopback
 * source is sent (the receiver drops it); `::6` is an ordinary address.
 */
import { describe, expect, it } from 'vitest';
import type { Ruleset } from '../iptables/model.ts';
import { normalizePacket } from './packet.ts';
import type { PodContext } from './pod.ts';
import { DEFAULT_POD } from './pod.ts';
import { routeNotes } from './route-messages.ts';
import { simulatePacket } from './simulate.ts';
import { ISTIO_REDIRECT_V4, ISTIO_TPROXY_V4 } from '../../../test/support/istio-rules.ts';
import { miniRestore } from '../../../test/support/mini-restore.ts';
import { formatTrace } from './trace.ts';

const redirect = miniRestore(ISTIO_REDIRECT_V4);
const tproxy = miniRestore(ISTIO_TPROXY_V4);
const DNAT_OWN_TO_PEER = miniRestore(`*nat
-A OUTPUT -d 10.44.0.5/32 -p udp -m udp --dport 7777 -j DNAT --to-destination 10.44.0.9:53
COMMIT
`);
const EMPTY_V6 = miniRestore('*filter\nCOMMIT\n', 6);

function trace(rules: Ruleset, spec: object, pod: PodContext = DEFAULT_POD) {
  const { value, diagnostics } = normalizePacket({ direction: 'outbound', ...spec }, pod);
  if (!value) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return simulatePacket(rules.family === 4 ? { v4: rules } : { v6: rules }, value, pod);
}

const routeSteps = (r: ReturnType<typeof trace>) => r.steps.filter((s) => s.kind === 'route');

describe('IPv4 loopback source on a route out of eth0', () => {
  it('is refused with EINVAL before the OUTPUT hook (issue 9 item 7)', () => {
    const r = trace(redirect, {
      id: 'dns-from-passthrough',
      proto: 'udp',
      src: '127.0.0.6',
      dst: '10.96.0.10',
      dport: 53,
      uid: 1000,
    });
    expect(r.matched).toEqual([]);
    expect(r.matchedAfterLoopback).toEqual([]);
    expect(r.final).toBe('DROP');
    expect(r.delivered).toMatchObject({
      kind: 'refused',
      at: 'send',
      hook: 'OUTPUT',
      refusal: { cause: 'loopback-source', errno: 'EINVAL', src: '127.0.0.6', oif: 'eth0' },
    });
    expect(r.steps).toHaveLength(1);
    expect(r.steps[0]).toMatchObject({ kind: 'route', decision: 'refused', oif: 'eth0' });
    expect(routeNotes(r)).toEqual([
      {
        id: 'route.loopback-source',
        params: { address: '127.0.0.6', oif: 'eth0', errno: 'EINVAL' },
      },
    ]);
    expect(formatTrace(r)).toContain(
      'delivered: refused (EINVAL) at send: Routing refuses the packet before the OUTPUT hook (EINVAL): its source 127.0.0.6',
    );
  });

  it('is refused for on-link, gateway and subnet-broadcast routes, TCP and UDP alike', () => {
    for (const [src, dst, proto] of [
      ['127.0.0.1', '10.44.0.9', 'udp'],
      ['127.0.0.6', '10.44.0.9', 'tcp'],
      ['127.0.0.6', '10.96.0.10', 'tcp'],
      ['127.0.0.6', '10.44.0.255', 'udp'],
    ] as const) {
      const r = trace(redirect, { id: `${src}-${dst}`, proto, src, dst, dport: 53, uid: 1000 });
      expect(r.delivered, `${src} -> ${dst}`).toMatchObject({
        kind: 'refused',
        refusal: { errno: 'EINVAL' },
      });
    }
  });

  it('is allowed through lo: the pod IP (Envoy inbound passthrough), loopback, the TPROXY table', () => {
    const passthrough = trace(redirect, {
      id: 'passthrough',
      src: '127.0.0.6',
      dst: '10.44.0.5',
      dport: 9080,
      uid: 1337,
    });
    expect(passthrough.delivered).toMatchObject({ kind: 'local', iif: 'lo', port: 9080 });
    expect(routeSteps(passthrough)[0]).toMatchObject({ decision: 'local', oif: 'lo' });
    expect(routeSteps(passthrough)[0]).not.toHaveProperty('refusal');
    const loop = trace(redirect, { id: 'lo', src: '127.0.0.6', dst: '127.0.0.1', dport: 80 });
    expect(loop.delivered.kind).toBe('local');
    const marked = trace(tproxy, {
      id: 'marked',
      proto: 'udp',
      src: '127.0.0.6',
      dst: '10.96.0.10',
      dport: 53,
      mark: 1337,
    });
    expect(routeSteps(marked)[0]).toMatchObject({ decision: 'local', oif: 'lo' });
    expect(marked.delivered.kind).toBe('local');
  });

  it('is refused on the re-route after nat OUTPUT moved the destination off the pod', () => {
    const r = trace(DNAT_OWN_TO_PEER, {
      id: 'dnat-away',
      proto: 'udp',
      src: '127.0.0.6',
      dst: '10.44.0.5',
      dport: 7777,
    });
    expect(r.matched).toEqual(['nat/OUTPUT#1']);
    expect(r.final).toBe('DROP');
    expect(r.delivered).toMatchObject({ kind: 'refused', at: 'reroute', table: 'nat' });
    expect(routeSteps(r).map((s) => s.decision)).toEqual(['local', 'refused']);
    expect(routeNotes(r).map((m) => m.id)).toEqual(['route.loopback-source.reroute']);
    expect(r.steps.some((s) => s.hook === 'POSTROUTING')).toBe(false);
  });

  it('is not refused for a multicast destination (the kernel takes the source device)', () => {
    const r = trace(redirect, {
      id: 'mc',
      proto: 'udp',
      src: '127.0.0.6',
      dst: '224.0.0.1',
      dport: 5,
    });
    expect(r.delivered.kind).not.toBe('refused');
  });

  it('a pod without a route refuses with ENETUNREACH before the OUTPUT hook', () => {
    const { gateway4: _gone, ...noGateway } = DEFAULT_POD;
    const r = trace(
      redirect,
      { id: 'far', src: '10.44.0.5', dst: '203.0.113.7', dport: 443 },
      noGateway,
    );
    expect(r.delivered).toMatchObject({
      kind: 'refused',
      at: 'send',
      refusal: { cause: 'no-route', errno: 'ENETUNREACH', dst: '203.0.113.7' },
    });
    expect(r.matched).toEqual([]);
    expect(r.final).toBe('DROP');
  });
});

describe('IPv6 loopback sources', () => {
  it('::1 to a remote address is sent out eth0, with the caveat that the receiver drops it', () => {
    const r = trace(EMPTY_V6, {
      id: 'v6-lo',
      proto: 'udp',
      src: '::1',
      dst: 'fd00:96::10',
      dport: 53,
    });
    expect(r.delivered).toMatchObject({ kind: 'sent', oif: 'eth0' });
    expect(r.final).toBe('ACCEPT');
    expect(routeSteps(r)[0]).toMatchObject({
      decision: 'unicast',
      caveat: { cause: 'loopback-source-leaves-node', src: '::1', oif: 'eth0' },
    });
    expect(routeNotes(r).map((m) => m.id)).toEqual(['route.loopback-source-leaves-node']);
    expect(formatTrace(r)).toContain('[caveat: loopback-source-leaves-node]');
  });

  it('::6 (Istio inbound passthrough) is an ordinary address: sent, no caveat', () => {
    const r = trace(EMPTY_V6, { id: 'v6-six', src: '::6', dst: 'fd00:44::9', dport: 9080 });
    expect(r.delivered).toMatchObject({ kind: 'sent', oif: 'eth0' });
    expect(routeNotes(r)).toEqual([]);
  });
});
