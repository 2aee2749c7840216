/**
 * Hand-written rule sets for the packet conformance suite: the targets and matches Istio's rules
 * do not use (DNAT, SNAT, MASQUERADE, MARK/CONNMARK arithmetic, REJECT, DROP policies, goto,
 * addrtype, iprange, tcp flags, CT zones and notrack), each with the packets that exercise them.
 */
import { hasErrors, parseIptables } from '@core';
import type { BuiltConfig, LabeledProbe } from './packet-corpus.ts';

const MARKS_AND_NAT_V4 = `*mangle
-A OUTPUT -p tcp -m tcp --dport 7000:7100 -j MARK --set-xmark 0x100/0xf00
-A OUTPUT -m mark --mark 0x100/0xf00 -j CONNMARK --save-mark --nfmask 0xffff --ctmask 0xffff
-A OUTPUT -p udp -m multiport --dports 5000:5010,6000 -j MARK --or-mark 0x2
-A OUTPUT -m mark --mark 0x2/0x2 -j MARK --xor-mark 0x3
-A POSTROUTING -m connmark --mark 0x100/0xf00 -j LOG
-A POSTROUTING -m mark ! --mark 0x0 -j RETURN
-A POSTROUTING -p udp -j NFLOG
COMMIT
*filter
-N OUT
-N DENY
-A OUTPUT -j OUT
-A OUT -p tcp -m tcp --dport 7050 -j DROP
-A OUT -p tcp -m tcp --tcp-flags SYN,ACK SYN --dport 7060 -j REJECT
-A OUT -d 203.0.113.0/24 -g DENY
-A OUT -m addrtype --dst-type LOCAL -j ACCEPT
-A OUT -m iprange --dst-range 10.44.0.8-10.44.0.10 -j RETURN
-A DENY -p tcp -m tcp --dport 443 -j REJECT --reject-with tcp-reset
-A DENY -j RETURN
-A INPUT -p tcp -m tcp --dport 9999 -j DROP
-A INPUT -p tcp -m conntrack --ctstate NEW,DNAT -m tcp --dport 15001 -j ACCEPT
COMMIT
*nat
-A OUTPUT -d 10.96.0.20/32 -p tcp -m tcp --dport 9080 -j DNAT --to-destination 10.44.0.9:8080
-A OUTPUT -d 10.96.0.21/32 -p tcp -j DNAT --to-destination 127.0.0.1
-A PREROUTING -p tcp -m tcp --dport 8080 -j REDIRECT --to-ports 15001
-A POSTROUTING -o eth0 -p tcp -m tcp --dport 8080 -j SNAT --to-source 10.44.0.5:61000
-A POSTROUTING -o eth0 -p udp -j MASQUERADE
COMMIT
*raw
-A OUTPUT -p udp -m udp --dport 5353 -j CT --notrack
-A OUTPUT -p udp -m udp --dport 5354 -j CT --zone 7
-A OUTPUT -m conntrack --ctstate INVALID -p udp -m udp --dport 5355 -j RETURN
COMMIT
`;

const DROP_POLICIES_V4 = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT DROP [0:0]
-N A
-N B
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 9080 -j A
-A A -s 10.44.0.1/32 -j ACCEPT
-A A -j RETURN
-A OUTPUT -o lo -j ACCEPT
-A OUTPUT -p tcp -g B
-A OUTPUT -p udp -m udp --dport 53 -j ACCEPT
-A B -d 10.44.0.0/24 -j ACCEPT
-A B ! -d 10.44.0.0/16 -p tcp -m tcp --dport 443 -j ACCEPT
COMMIT
`;

const FEATURES_V6 = `*mangle
-A OUTPUT -p tcp -m tcp --dport 7000 -j MARK --set-mark 0x10
-A OUTPUT -m mark --mark 0x10 -j CONNMARK --save-mark
COMMIT
*filter
-A OUTPUT -p tcp -m tcp --dport 7050 -j REJECT
-A OUTPUT -p udp -m addrtype --dst-type LOCAL -j ACCEPT
-A INPUT -s fd00:44::/64 -p tcp -m multiport --dports 22,3306 -j DROP
COMMIT
*nat
-A OUTPUT -d fd00:96::20/128 -p tcp -m tcp --dport 9080 -j DNAT --to-destination [fd00:44::9]:8080
-A PREROUTING -p tcp -m tcp --dport 8080 -j REDIRECT --to-ports 15006
COMMIT
`;

/**
 * Source/route mismatches around NAT: a 127/8 source whose destination nat OUTPUT moves off the
 * pod is refused on the re-route (ip_route_me_harder: EINVAL, the packet dropped after nat);
 * moved onto loopback it is allowed; refused before OUTPUT, mangle never sees it.
 */
const LOOPBACK_SOURCES_V4 = `*nat
-A OUTPUT -d 10.44.0.5/32 -p udp -m udp --dport 7777 -j DNAT --to-destination 10.44.0.9:53
-A OUTPUT -d 10.44.0.5/32 -p udp -m udp --dport 7778 -j DNAT --to-destination 127.0.0.1:53
COMMIT
*mangle
-A OUTPUT -d 10.96.0.10/32 -p udp -m udp --dport 5353 -j MARK --set-xmark 0x7/0xffffffff
COMMIT
`;

type ProbeSpec = Omit<LabeledProbe, 'sport' | 'uid' | 'gid'> & {
  readonly uid?: number;
  readonly gid?: number;
};

const out4 = (
  label: string,
  proto: 'tcp' | 'udp',
  dst: string,
  dport: number,
  extra: Partial<ProbeSpec> = {},
): ProbeSpec => ({
  label,
  direction: 'outbound',
  family: 4,
  proto,
  dst,
  dport,
  uid: 1000,
  gid: 1000,
  ...extra,
});
const in4 = (label: string, dport: number, extra: Partial<ProbeSpec> = {}): ProbeSpec => ({
  label,
  direction: 'inbound',
  family: 4,
  proto: 'tcp',
  dst: '10.44.0.5',
  dport,
  ...extra,
});

const MARKS_AND_NAT_PROBES: readonly ProbeSpec[] = [
  out4('mark range 7000', 'tcp', '10.44.0.9', 7000),
  out4('mark range 7050 then DROP', 'tcp', '10.44.0.9', 7050),
  out4('REJECT on SYN 7060', 'tcp', '10.44.0.9', 7060),
  out4('goto DENY then REJECT 443', 'tcp', '203.0.113.7', 443),
  out4('goto DENY then RETURN to policy', 'tcp', '203.0.113.7', 80),
  out4('addrtype LOCAL own IP', 'tcp', '10.44.0.5', 9999),
  out4('iprange 10.44.0.9', 'tcp', '10.44.0.9', 80),
  out4('DNAT service to pod:8080 then SNAT', 'tcp', '10.96.0.20', 9080),
  out4('DNAT to loopback', 'tcp', '10.96.0.21', 15001),
  out4('multiport or/xor mark', 'udp', '10.44.0.9', 5005),
  out4('multiport 6000', 'udp', '10.44.0.9', 6000),
  out4('MASQUERADE udp', 'udp', '203.0.113.7', 4000),
  out4('CT notrack', 'udp', '10.44.0.9', 5353),
  out4('CT zone', 'udp', '10.44.0.9', 5354),
  out4('raw sees INVALID', 'udp', '10.44.0.9', 5355),
  out4('udp to localhost', 'udp', '127.0.0.1', 5000),
  in4('inbound REDIRECT 8080', 8080),
  in4('inbound DROP 9999', 9999),
  in4('inbound plain', 22),
  in4('inbound from another host', 8080, { src: '198.51.100.7', freebind: true }),
];

const DROP_POLICY_PROBES: readonly ProbeSpec[] = [
  out4('policy: on-link accepted by goto chain', 'tcp', '10.44.0.9', 80),
  out4('policy: off-link 443 accepted', 'tcp', '203.0.113.7', 443),
  out4('policy: off-link 80 dropped by policy', 'tcp', '203.0.113.7', 80),
  out4('policy: dns udp accepted', 'udp', '10.96.0.10', 53),
  out4('policy: udp dropped', 'udp', '10.96.0.10', 123),
  out4('policy: loopback accepted both ways', 'tcp', '127.0.0.1', 8080),
  in4('policy: inbound 9080 from gateway', 9080),
  in4('policy: inbound 9080 from elsewhere', 9080, { src: '10.44.0.7', freebind: true }),
  in4('policy: inbound 22 dropped', 22),
];

const LOOPBACK_SOURCE_PROBES: readonly ProbeSpec[] = [
  out4('127.0.0.6 DNAT off the pod: refused on re-route', 'udp', '10.44.0.5', 7777, {
    src: '127.0.0.6',
  }),
  out4('pod ip DNAT off the pod: sent', 'udp', '10.44.0.5', 7777),
  out4('127.0.0.6 DNAT to loopback: allowed', 'udp', '10.44.0.5', 7778, { src: '127.0.0.6' }),
  out4('127.0.0.6 before mangle: refused', 'udp', '10.96.0.10', 5353, { src: '127.0.0.6' }),
  out4('127.0.0.1 tcp on-link: refused', 'tcp', '10.44.0.9', 80, { src: '127.0.0.1' }),
  out4('127.0.0.6 subnet broadcast: refused', 'udp', '10.44.0.255', 9, { src: '127.0.0.6' }),
  out4('127.0.0.6 to the pod ip: allowed', 'udp', '10.44.0.5', 9080, { src: '127.0.0.6' }),
];

const out6 = (label: string, proto: 'tcp' | 'udp', dst: string, dport: number): ProbeSpec => ({
  label,
  direction: 'outbound',
  family: 6,
  proto,
  dst,
  dport,
  uid: 1000,
  gid: 1000,
});
const in6 = (label: string, dport: number, extra: Partial<ProbeSpec> = {}): ProbeSpec => ({
  label,
  direction: 'inbound',
  family: 6,
  proto: 'tcp',
  dst: 'fd00:44::5',
  dport,
  ...extra,
});

const FEATURES_V6_PROBES: readonly ProbeSpec[] = [
  out6('v6 MARK + CONNMARK save', 'tcp', 'fd00:44::9', 7000),
  out6('v6 REJECT', 'tcp', 'fd00:44::9', 7050),
  out6('v6 addrtype LOCAL udp', 'udp', '::1', 5000),
  out6('v6 addrtype LOCAL own IP', 'udp', 'fd00:44::5', 5000),
  out6('v6 DNAT', 'tcp', 'fd00:96::20', 9080),
  in6('v6 inbound REDIRECT', 8080),
  in6('v6 inbound multiport DROP', 3306),
  in6('v6 inbound from off-subnet', 3306, { src: '2001:db8:1::7', freebind: true }),
];

function build(name: string, v4: string, v6: string): BuiltConfig {
  const p4 = parseIptables(v4, { family: 4 });
  const p6 = parseIptables(v6, { family: 6 });
  if (hasErrors(p4.diagnostics) || hasErrors(p6.diagnostics))
    throw new Error(`feature rules ${name} do not parse`);
  return {
    name,
    v4,
    v6,
    setup: [],
    tproxyPorts: [],
    ipv6: v6 !== '',
    proxyUid: 1337,
    proxyGid: 1337,
    dnsServers: [],
    rulesets: { v4: p4.value, ...(v6 === '' ? {} : { v6: p6.value }) },
  };
}

/** The feature rule sets with their probes (source ports from `firstSport` up). */
export function featureConfigs(
  firstSport: number,
): { config: BuiltConfig; probes: LabeledProbe[] }[] {
  const withPorts = (list: readonly ProbeSpec[]) =>
    list.map((p, i): LabeledProbe => ({ uid: 0, gid: 0, ...p, sport: firstSport + i }));
  return [
    {
      config: build('features: marks, NAT, REJECT, goto, addrtype, CT', MARKS_AND_NAT_V4, ''),
      probes: withPorts(MARKS_AND_NAT_PROBES),
    },
    {
      config: build('features: DROP policies, goto, RETURN', DROP_POLICIES_V4, ''),
      probes: withPorts(DROP_POLICY_PROBES),
    },
    {
      config: build('features: loopback sources, re-route after NAT', LOOPBACK_SOURCES_V4, ''),
      probes: withPorts(LOOPBACK_SOURCE_PROBES),
    },
    {
      config: build('features: IPv6 NAT, marks, REJECT, addrtype', '', FEATURES_V6),
      probes: withPorts(FEATURES_V6_PROBES),
    },
  ];
}
