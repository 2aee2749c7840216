/**
 * Extensions that iptables v1.8.9 ships (Debian 12 /usr/lib/x86_64-linux-gnu/xtables), per
 * family. A module we do not model but iptables has is kept as written with a warning; one that
 * iptables does not have is an error, because iptables-restore refuses it ("Couldn't load match").
 */
import type { Family } from '../address.ts';

const MATCHES_BOTH = `addrtype ah bpf cgroup cluster comment connbytes connlabel connlimit connmark conntrack cpu dccp
devgroup dscp ecn esp hashlimit helper ipcomp iprange ipvs length limit mac mark multiport nfacct osf owner physdev
pkttype policy quota rateest recent rpfilter sctp set socket state statistic string tcp tcpmss time tos u32 udp`;
const MATCHES_V4 = 'icmp realm ttl';
const MATCHES_V6 = 'dst eui64 frag hbh hl icmp6 ipv6header mh rt srh';
const TARGETS_BOTH = `AUDIT CHECKSUM CLASSIFY CONNMARK CONNSECMARK CT DNAT DSCP HMARK IDLETIMER LED LOG MARK MASQUERADE
NETMAP NFLOG NFQUEUE NOTRACK RATEEST REDIRECT REJECT SECMARK SET SNAT SYNPROXY TCPMSS TCPOPTSTRIP TEE TOS TPROXY TRACE`;
const TARGETS_V4 = 'CLUSTERIP ECN TTL ULOG';
const TARGETS_V6 = 'DNPT HL SNPT';

const words = (s: string) => s.split(/\s+/).filter((w) => w !== '');
const matches = {
  4: new Set([...words(MATCHES_BOTH), ...words(MATCHES_V4)]),
  6: new Set([...words(MATCHES_BOTH), ...words(MATCHES_V6)]),
};
const targets = {
  4: new Set([...words(TARGETS_BOTH), ...words(TARGETS_V4)]),
  6: new Set([...words(TARGETS_BOTH), ...words(TARGETS_V6)]),
};

/** Whether iptables (of that family) can load match module `name`. */
export function isInstalledMatch(name: string, family: Family): boolean {
  return matches[family].has(name);
}

/** Whether iptables (of that family) has target extension `name`. */
export function isInstalledTarget(name: string, family: Family): boolean {
  return targets[family].has(name);
}
