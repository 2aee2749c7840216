import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadNft, parseNft } from '../../nftables/index.ts';
import { parseIptables } from '../../iptables/index.ts';
import { normalizePacket, type PacketSpec } from '../packet.ts';
import { DEFAULT_POD } from '../pod.ts';
import type { Rulesets } from '../simulate.ts';
import { simulatePacket } from '../simulate.ts';
import { checkNftLoad } from './load-check.ts';
import { parseNftRuleRef } from './ref.ts';

const golden = (name: string) =>
  readFileSync(
    new URL(
      `../../../../test/fixtures/istio/istio-nftables/golden/${name}.golden`,
      import.meta.url,
    ),
    'utf8',
  );

function nft(text: string) {
  const loaded = loadNft(parseNft(text));
  expect(loaded.diagnostics).toEqual([]);
  return loaded.value;
}

function trace(rulesets: Rulesets, spec: PacketSpec) {
  const { value } = normalizePacket(spec, DEFAULT_POD);
  if (!value) throw new Error('bad packet');
  return simulatePacket(rulesets, value, DEFAULT_POD);
}

describe('simulatePacket with an nftables ruleset', () => {
  const tproxy = nft(golden('tproxy'));

  it('redirects an app connection through istio-output and loops back without nat', () => {
    const r = trace(
      { nft: tproxy },
      { direction: 'outbound', uid: 1000, dst: '9.9.1.1', dport: 80 },
    );
    expect(r.matched).toEqual([
      'inet/istio-proxy-raw/output#1',
      'inet/istio-proxy-nat/output#2',
      'inet/istio-proxy-nat/istio-output#11',
      'inet/istio-proxy-nat/istio-output#15',
      'inet/istio-proxy-nat/istio-redirect#1',
    ]);
    expect(r.final).toBe('REDIRECT:15001');
    expect(r.steps.some((s) => s.kind === 'nat-skipped' && s.pass === 'loopback')).toBe(true);
  });

  it('TPROXYs an inbound connection and names the rule as nft lists it', () => {
    const r = trace({ nft: tproxy }, { direction: 'inbound', dport: 9080 });
    expect(r.final).toBe('TPROXY:15006');
    expect(r.delivered.kind === 'local' && r.delivered.socket).toBe('tproxy');
    const step = r.steps.find((s) => s.kind === 'rule' && s.rule === r.matched.at(-1));
    expect(step?.kind === 'rule' && step.nftRule).toBe(
      'meta l4proto tcp ip daddr != 127.0.0.1 tproxy ip to :15006 meta mark set 0x00000539 counter packets 0 bytes 0 accept',
    );
  });

  it('an IPv6 packet fails `ip daddr` (and `!=`) rules: their IPv4 dependency breaks', () => {
    const r = trace(
      { nft: tproxy },
      { direction: 'outbound', uid: 1000, dst: 'fd00::1', dport: 80 },
    );
    expect(r.matched).not.toContain('inet/istio-proxy-nat/istio-output#15');
    const miss = r.steps.find(
      (s) => s.kind === 'rule' && s.rule === 'inet/istio-proxy-nat/istio-output#3',
    );
    expect(miss?.kind === 'rule' && miss.failed?.option).toBe('oifname');
  });

  it('`meta skuid !=` fails without a socket (inbound), unlike iptables `! --uid-owner`', () => {
    const text = `table ip t {
  chain pre { type filter hook prerouting priority 0; policy accept;
    meta skuid != 1337 counter
    counter drop
  }
}`;
    const r = trace({ nft: nft(text) }, { direction: 'inbound', dport: 80 });
    expect(r.matched).toEqual(['ip/t/pre#2']);
    expect(r.final).toBe('DROP');
  });

  it('follows jump, goto and return, and a drop policy', () => {
    const text = `table inet t {
  chain a { tcp dport 80 return
    goto b
  }
  chain b { counter jump c
    counter accept
  }
  chain c { ip daddr 10.44.0.5 return
    counter
  }
  chain in { type filter hook input priority 0; policy drop;
    jump a
    tcp dport 81 accept
  }
}`;
    const state = nft(text);
    const r = trace({ nft: state }, { direction: 'inbound', dport: 90 });
    expect(r.matched).toEqual([
      'inet/t/in#1',
      'inet/t/a#2',
      'inet/t/b#1',
      'inet/t/c#1',
      'inet/t/b#2',
    ]);
    expect(r.final).toBe('ACCEPT');
    const dropped = trace({ nft: state }, { direction: 'inbound', dport: 80 });
    expect(dropped.matched).toEqual(['inet/t/in#1', 'inet/t/a#1']);
    expect(dropped.final).toBe('DROP');
  });

  it('interleaves iptables tables and nft base chains by priority', () => {
    const v4 = parseIptables('*mangle\n-A OUTPUT -j MARK --set-mark 7\nCOMMIT\n', {
      family: 4,
    }).value;
    const text = `table inet early {
  chain o { type filter hook output priority -200; meta mark 7 counter
    counter
  }
}
table inet late {
  chain o { type filter hook output priority -100; meta mark 7 counter accept
  }
}`;
    const r = trace(
      { v4, nft: nft(text) },
      { direction: 'outbound', uid: 0, dst: '10.44.0.9', dport: 80 },
    );
    expect(r.matched).toEqual(['inet/early/o#2', 'mangle/OUTPUT#1', 'inet/late/o#1']);
    expect(r.final).toBe('ACCEPT');
  });

  it('runs nat chains of one hook until one binds the connection', () => {
    const text = `table ip a {
  chain o { type nat hook output priority -110; ip daddr 10.44.0.9 counter accept
  }
}
table ip b {
  chain o { type nat hook output priority 10; counter redirect to :15001
  }
}
table ip c {
  chain o { type nat hook output priority 20; counter redirect to :15002
  }
}`;
    const r = trace(
      { nft: nft(text) },
      { direction: 'outbound', uid: 0, dst: '10.44.0.9', dport: 80 },
    );
    expect(r.matched).toEqual(['ip/a/o#1', 'ip/b/o#1']);
    expect(r.final).toBe('ACCEPT REDIRECT:15001');
  });

  it('reports what it cannot evaluate and takes the rule as not matching', () => {
    const text = `table inet t {
  chain o { type filter hook output priority 0; meta cpu 1 drop
  }
}`;
    const r = trace({ nft: nft(text) }, { direction: 'outbound', dst: '10.44.0.9', dport: 80 });
    expect(r.final).toBe('ACCEPT');
    expect(r.diagnostics.map((d) => d.code)).toContain('cannot-evaluate');
  });
});

describe('parseNftRuleRef', () => {
  it('takes family/table/chain#N apart and refuses other text', () => {
    expect(parseNftRuleRef('inet/istio-proxy-nat/istio-output#3')).toMatchObject({
      family: 'inet',
      table: 'istio-proxy-nat',
      chain: 'istio-output',
      position: 3,
    });
    expect(parseNftRuleRef('nat/ISTIO_OUTPUT#3')).toBeUndefined();
    expect(parseNftRuleRef('foo/t/c#1')).toBeUndefined();
    expect(parseNftRuleRef('inet/t/c#0')).toBeUndefined();
  });
});

describe('named sets and verdict maps', () => {
  const text = `table inet t {
  set ports { type inet_service; elements = { 9080, 15005 } }
  set nets { type ipv4_addr; flags interval; elements = { 10.44.0.0/24 } }
  map verdicts { type inet_service : verdict; elements = { 22 : drop, 8080 : jump web } }
  chain web { counter accept
  }
  chain in { type filter hook input priority 0; policy accept;
    tcp dport @ports ip saddr @nets counter return
    tcp dport vmap @verdicts
    udp dport vmap { 53 : accept, 54 : drop }
    counter
  }
}`;
  const state = nft(text);

  it('matches elements and prefixes of named sets', () => {
    expect(trace({ nft: state }, { direction: 'inbound', dport: 15005 }).matched).toEqual([
      'inet/t/in#1',
    ]);
  });

  it('takes the verdict a map gives; no element breaks the rule', () => {
    const web = trace({ nft: state }, { direction: 'inbound', dport: 8080 });
    expect(web.matched).toEqual(['inet/t/in#2', 'inet/t/web#1']);
    expect(trace({ nft: state }, { direction: 'inbound', dport: 22 }).final).toBe('DROP');
    const dns = trace({ nft: state }, { direction: 'inbound', proto: 'udp', dport: 53 });
    expect(dns.matched).toEqual(['inet/t/in#3']);
    const none = trace({ nft: state }, { direction: 'inbound', proto: 'udp', dport: 99 });
    expect(none.matched).toEqual(['inet/t/in#4']);
  });
});

describe('checkNftLoad', () => {
  it('predicts the refusals nf_tables makes at load time, through jumps too', () => {
    const bad = nft(`table ip t {
  chain r { redirect to :15001
  }
  chain a { jump b
  }
  chain b { jump a
  }
  chain o { type nat hook postrouting priority 100; jump r
    jump a
  }
}`);
    expect(checkNftLoad(bad).map((d) => d.code)).toEqual(['kernel-rejects', 'jump-loop']);
    expect(checkNftLoad(nft(golden('tproxy')))).toEqual([]);
  });
});
