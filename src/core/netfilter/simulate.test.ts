import { describe, expect, it } from 'vitest';
import type { Ruleset } from '../iptables/model.ts';
import type { Packet } from './packet.ts';
import { normalizePacket } from './packet.ts';
import { createPod, DEFAULT_POD } from './pod.ts';
import { simulatePacket } from './simulate.ts';
import { parseIptables } from '../iptables/parse.ts';
import { ISTIO_REDIRECT_V4, ISTIO_TPROXY_V4 } from '../../../test/support/istio-rules.ts';
import { miniRestore } from '../../../test/support/mini-restore.ts';

function packet(spec: object, pod = DEFAULT_POD): Packet {
  const { value, diagnostics } = normalizePacket(spec, pod);
  if (!value) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return value;
}

function trace(rules: Ruleset, spec: object) {
  return simulatePacket(rules.family === 4 ? { v4: rules } : { v6: rules }, packet(spec));
}

const redirect = miniRestore(ISTIO_REDIRECT_V4);
const tproxy = miniRestore(ISTIO_TPROXY_V4);

describe('Istio REDIRECT mode', () => {
  it('reproduces the worked example of CONTRACTS.md §3', () => {
    const r = trace(redirect, {
      id: 'app-out',
      direction: 'outbound',
      uid: 1000,
      dst: '10.44.0.9',
      dport: 9080,
    });
    expect(r.matched).toEqual(['nat/OUTPUT#1', 'nat/ISTIO_OUTPUT#9', 'nat/ISTIO_REDIRECT#1']);
    expect(r.final).toBe('REDIRECT:15001');
    // REDIRECT in OUTPUT rewrites to loopback: the packet re-enters through lo, nat not consulted.
    expect(r.matchedAfterLoopback).toEqual([]);
    expect(r.delivered).toMatchObject({
      kind: 'local',
      iif: 'lo',
      port: 15001,
      packet: { src: '10.44.0.5', dst: '127.0.0.1' },
    });
    expect(r.steps.some((s) => s.kind === 'nat-skipped' && s.pass === 'loopback')).toBe(true);
  });

  it('lets Envoy (uid 1337) reach the upstream directly', () => {
    const r = trace(redirect, { id: 'envoy', uid: 1337, dst: '10.44.0.9', dport: 9080 });
    expect(r.matched).toEqual(['nat/OUTPUT#1', 'nat/ISTIO_OUTPUT#4']);
    expect(r.final).toBe('ACCEPT');
    expect(r.delivered).toMatchObject({ kind: 'sent', oif: 'eth0', nextHop: '10.44.0.9' });
  });

  it('carries the failed condition and the target of each step as data', () => {
    const r = trace(redirect, { id: 'app-out', uid: 1000, dst: '10.44.0.9', dport: 9080 });
    const rules = r.steps.filter((s) => s.kind === 'rule');
    const uidReturn = rules.find((s) => s.rule === 'nat/ISTIO_OUTPUT#4');
    expect(uidReturn).toMatchObject({
      matched: false,
      target: { kind: 'verdict', verdict: 'RETURN' },
      failed: {
        match: 'owner',
        option: 'uid-owner',
        negated: false,
        expected: '1337',
        actual: { field: 'uid', value: '1000' },
      },
    });
    expect(uidReturn && 'verdict' in uidReturn).toBe(false);
    const redirectStep = rules.find((s) => s.rule === 'nat/ISTIO_REDIRECT#1');
    expect(redirectStep).toMatchObject({
      matched: true,
      verdict: 'accept',
      target: { kind: 'extension', name: 'REDIRECT' },
    });
    expect(rules.every((s) => s.matched === (s.failed === undefined))).toBe(true);
  });

  it('sends off-subnet traffic to the gateway', () => {
    const r = trace(redirect, { id: 'envoy', uid: 1337, dst: '8.8.8.8', dport: 443 });
    expect(r.delivered).toMatchObject({ kind: 'sent', oif: 'eth0', nextHop: '10.44.0.1' });
  });

  it('returns 127.0.0.6 -> pod IP over lo and delivers it to the app port', () => {
    const r = trace(redirect, {
      id: 'passthrough',
      uid: 1337,
      src: '127.0.0.6',
      dst: '10.44.0.5',
      dport: 9080,
    });
    expect(r.matched).toEqual(['nat/OUTPUT#1', 'nat/ISTIO_OUTPUT#1']);
    expect(r.delivered).toMatchObject({ kind: 'local', iif: 'lo', port: 9080 });
  });

  it('redirects Envoy calling its own pod IP to the inbound port', () => {
    const r = trace(redirect, { id: 'self', uid: 1337, dst: '10.44.0.5', dport: 9080 });
    expect(r.matched).toEqual(['nat/OUTPUT#1', 'nat/ISTIO_OUTPUT#2', 'nat/ISTIO_IN_REDIRECT#1']);
    expect(r.final).toBe('REDIRECT:15006');
  });

  it('leaves app -> localhost alone, and matches gid rules for a uid that is not 1337', () => {
    expect(trace(redirect, { id: 'lh', uid: 1000, dst: '127.0.0.1', dport: 8080 }).matched).toEqual(
      ['nat/OUTPUT#1', 'nat/ISTIO_OUTPUT#3'],
    );
    const gid = trace(redirect, { id: 'g', uid: 1000, gid: 1337, dst: '10.44.0.9', dport: 80 });
    expect(gid.matched).toEqual(['nat/OUTPUT#1', 'nat/ISTIO_OUTPUT#7']);
    expect(gid.final).toBe('ACCEPT');
  });

  it('captures inbound app ports and skips the excluded ones', () => {
    const app = trace(redirect, { id: 'in', direction: 'inbound', dport: 9080 });
    expect(app.matched).toEqual([
      'nat/PREROUTING#1',
      'nat/ISTIO_INBOUND#5',
      'nat/ISTIO_IN_REDIRECT#1',
    ]);
    expect(app.final).toBe('REDIRECT:15006');
    expect(app.delivered).toMatchObject({
      kind: 'local',
      iif: 'eth0',
      packet: { dst: '10.44.0.5', dport: 15006 },
    });
    for (const [port, n] of [
      [15008, 1],
      [15090, 2],
      [15021, 3],
      [15020, 4],
    ] as const) {
      const r = trace(redirect, { id: 'x', direction: 'inbound', dport: port });
      expect(r.matched).toEqual(['nat/PREROUTING#1', `nat/ISTIO_INBOUND#${n}`]);
      expect(r.final).toBe('ACCEPT');
    }
  });

  it('does not capture UDP', () => {
    const r = trace(redirect, { id: 'dns', proto: 'udp', uid: 1000, dst: '10.96.0.10', dport: 53 });
    expect(r.matched).toEqual(['nat/OUTPUT#1', 'nat/ISTIO_OUTPUT#9']);
    expect(r.final).toBe('ACCEPT');
  });
});

describe('Istio TPROXY mode', () => {
  it('diverts inbound to the transparent socket and marks the packet', () => {
    const r = trace(tproxy, { id: 'in', direction: 'inbound', dport: 9080 });
    expect(r.matched).toEqual([
      'mangle/PREROUTING#1',
      'mangle/ISTIO_INBOUND#5',
      'mangle/ISTIO_TPROXY#1',
    ]);
    expect(r.final).toBe('TPROXY:15006');
    expect(r.delivered).toMatchObject({
      kind: 'local',
      socket: 'tproxy',
      port: 15006,
      packet: { dst: '10.44.0.5', dport: 9080, mark: '0x539' },
    });
  });

  it('diverts established inbound packets with MARK then ACCEPT', () => {
    const r = trace(tproxy, {
      id: 'est',
      direction: 'inbound',
      dport: 9080,
      ctstate: 'ESTABLISHED',
    });
    expect(r.matched).toEqual([
      'mangle/PREROUTING#1',
      'mangle/ISTIO_INBOUND#4',
      'mangle/ISTIO_DIVERT#1',
      'mangle/ISTIO_DIVERT#2',
    ]);
    expect(r.final).toBe('ACCEPT');
  });

  it('marks Envoy-to-own-pod-IP with 1338 so the loopback pass is captured', () => {
    const r = trace(tproxy, { id: 'self', uid: 1337, dst: '10.44.0.5', dport: 9080 });
    expect(r.matched).toEqual([
      'mangle/OUTPUT#2',
      'mangle/OUTPUT#3',
      'nat/OUTPUT#1',
      'nat/ISTIO_OUTPUT#2',
      'nat/ISTIO_IN_REDIRECT#1',
    ]);
    expect(r.matchedAfterLoopback).toEqual(['mangle/PREROUTING#1', 'mangle/ISTIO_INBOUND#5']);
  });

  it('routes marked packets locally only when the fwmark rule exists', () => {
    const pod = createPod({ podIp: '10.44.0.5/24', fwmarkRoutes: [] }).value;
    const r = simulatePacket(
      { v4: tproxy },
      packet({ id: 'in', direction: 'inbound', dport: 9080 }),
      pod,
    );
    expect(r.final).toBe('TPROXY:15006');
    const auto = trace(tproxy, { id: 'x', uid: 1000, dst: '10.44.0.9', dport: 80, mark: 1337 });
    expect(auto.delivered).toMatchObject({ kind: 'local', iif: 'lo' });
  });
});

describe('chain semantics', () => {
  const rules = miniRestore(`*filter
:INPUT ACCEPT [0:0]
:OUTPUT DROP [0:0]
-N A
-N B
-N C
-A OUTPUT -p udp -j A
-A OUTPUT -p tcp -g B
-A OUTPUT -j ACCEPT
-A A -j MARK --set-mark 0x10/0xf0
-A A -j CONNMARK --save-mark
-A A -j C
-A A -j RETURN
-A C -m mark --mark 0x10/0xf0 -j RETURN
-A B -j RETURN
COMMIT`);

  it('follows jumps, implicit returns and RETURN back to the caller', () => {
    const r = trace(rules, { id: 'u', proto: 'udp', uid: 1, dst: '10.44.0.9', dport: 53 });
    expect(r.matched).toEqual([
      'filter/OUTPUT#1',
      'filter/A#1',
      'filter/A#2',
      'filter/A#3',
      'filter/C#1',
      'filter/A#4',
      'filter/OUTPUT#3',
    ]);
    expect(r.final).toBe('ACCEPT');
    expect(r.delivered).toMatchObject({ packet: { mark: '0x10', connmark: '0x10' } });
  });

  it('returns from a goto chain to the caller of the chain that did the goto (here: the policy)', () => {
    const r = trace(rules, { id: 't', uid: 1, dst: '10.44.0.9', dport: 80 });
    expect(r.matched).toEqual(['filter/OUTPUT#2', 'filter/B#1']);
    expect(r.final).toBe('DROP');
    expect(r.delivered).toMatchObject({ kind: 'dropped', by: 'policy', hook: 'OUTPUT' });
  });

  it('reports REJECT and DROP rules as the verdict', () => {
    const rej = miniRestore('*filter\n-A OUTPUT -p tcp -j REJECT\nCOMMIT');
    expect(trace(rej, { id: 'r', dst: '10.44.0.9', dport: 1 }).final).toBe('REJECT');
  });

  it('bounds jump loops and reports them', () => {
    const loop = miniRestore('*filter\n-N X\n-N Y\n-A OUTPUT -j X\n-A X -j Y\n-A Y -j X\nCOMMIT');
    const r = trace(loop, { id: 'l', dst: '10.44.0.9', dport: 1 });
    expect(r.final).toBe('ACCEPT');
    expect(r.diagnostics.map((d) => d.code)).toContain('jump-loop');
    const gotoLoop = miniRestore(
      '*filter\n-N X\n-N Y\n-A OUTPUT -j X\n-A X -g Y\n-A Y -g X\nCOMMIT',
    );
    const g = simulatePacket(
      { v4: gotoLoop },
      packet({ id: 'g', dst: '10.44.0.9', dport: 1 }),
      DEFAULT_POD,
      { maxSteps: 1000 },
    );
    expect(g.complete).toBe(false);
    expect(g.diagnostics.map((d) => d.code)).toContain('step-limit');
  });

  it('reports what it cannot evaluate and treats it as not matching', () => {
    const stat = miniRestore(
      '*nat\n-A OUTPUT -m statistic --mode random --probability 0.5 -j DNAT --to-destination 1.2.3.4\n-A OUTPUT -j FOO\nCOMMIT',
    );
    const r = trace(stat, { id: 's', dst: '10.44.0.9', dport: 1 });
    expect(r.matched).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code === 'cannot-evaluate')).toHaveLength(2);
    expect(r.steps.filter((s) => s.kind === 'rule' && s.cannotEvaluate)).toHaveLength(2);
  });
});

describe('conntrack', () => {
  it('sees INVALID in raw before conntrack, and the connection on the loopback pass', () => {
    const rules = miniRestore(`*raw
-A OUTPUT -m conntrack --ctstate INVALID -j LOG
-A PREROUTING -m conntrack --ctstate NEW -j LOG
COMMIT
*mangle
-A OUTPUT -m conntrack --ctstate NEW -j LOG
COMMIT`);
    const r = trace(rules, { id: 'c', dst: '127.0.0.1', dport: 80 });
    expect(r.matched).toEqual(['raw/OUTPUT#1', 'mangle/OUTPUT#1']);
    expect(r.matchedAfterLoopback).toEqual(['raw/PREROUTING#1']);
  });

  it('skips nat for untracked packets and established connections', () => {
    const rules = miniRestore(
      '*raw\n-A OUTPUT -p udp -j CT --notrack\nCOMMIT\n*nat\n-A OUTPUT -j REDIRECT --to-ports 1\nCOMMIT',
    );
    expect(trace(rules, { id: 'u', proto: 'udp', dst: '10.44.0.9', dport: 53 }).final).toBe(
      'ACCEPT',
    );
    expect(trace(rules, { id: 't', dst: '10.44.0.9', dport: 53 }).final).toBe('REDIRECT:1');
    expect(
      trace(rules, { id: 'e', dst: '10.44.0.9', dport: 53, ctstate: 'ESTABLISHED' }).final,
    ).toBe('ACCEPT');
  });
});

describe('families', () => {
  it('says so when the packet family has no rules', () => {
    const r = simulatePacket(
      { v4: redirect },
      packet({ id: 'v6', uid: 1000, dst: 'fd00:96::20', dport: 9080 }),
    );
    expect(r.final).toBe('ACCEPT');
    expect(r.diagnostics.map((d) => `${d.severity}:${d.code}`)).toEqual(['info:cannot-evaluate']);
  });
});

describe('rules the kernel would refuse to load', () => {
  it('are reported by the parser, kept, and still walked', () => {
    const text =
      '*nat\n-N X\n-A PREROUTING -j X\n-A X -m owner --uid-owner 1 -j RETURN\n-A POSTROUTING -j REDIRECT\nCOMMIT\n';
    const parsed = parseIptables(text, { family: 4 });
    expect(parsed.diagnostics.map((d) => `${d.range.line} ${d.severity} ${d.code}`).sort()).toEqual(
      ['4 error kernel-rejects', '5 error kernel-rejects'],
    );
    const rules = parsed.value;
    const nat = rules.tables.find((t) => t.name === 'nat');
    expect(nat?.chains.map((c) => [c.name, c.rules.length])).toEqual([
      ['PREROUTING', 1],
      ['INPUT', 0],
      ['OUTPUT', 0],
      ['POSTROUTING', 1],
      ['X', 1],
    ]);
    // Without a socket, a non-negated owner match fails (xt_owner).
    expect(trace(rules, { id: 'i', direction: 'inbound', dport: 1 }).matched).toEqual([
      'nat/PREROUTING#1',
    ]);
  });

  it('walks a reachable jump loop the parser refuses, bounded', () => {
    const text = '*nat\n-N A\n-N B\n-A OUTPUT -j A\n-A A -j B\n-A B -j A\nCOMMIT\n';
    const parsed = parseIptables(text, { family: 4 });
    expect(parsed.diagnostics.map((d) => `${d.range.line} ${d.code}`)).toEqual(['6 jump-loop']);
    const r = trace(parsed.value, { id: 'o', uid: 1000, dst: '10.44.0.9', dport: 80 });
    expect(r.matched).toEqual(['nat/OUTPUT#1', 'nat/A#1', 'nat/B#1']);
    expect(r.diagnostics.map((d) => d.code)).toContain('jump-loop');
  });
});
