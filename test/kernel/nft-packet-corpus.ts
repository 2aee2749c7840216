/**
 * The nftables packet conformance corpus: Istio's 28 `--native-nftables` capture goldens, seeded
 * random flag sets through our generator, and hand-written programs for the kernel behaviours
 * the goldens do not reach (iptables-nft tables interleaved with native chains, nat chains of
 * one hook, goto/return, drop policies, marks). Each becomes a BuiltConfig the iptables corpus's
 * packet sampler understands.
 */
import {
  DEFAULT_CONFIG,
  generateNftables,
  hasErrors,
  loadNft,
  parseIptables,
  parseNft,
  renderNftScript,
  type NftState,
  type Ruleset,
} from '@core';
import { loadNftCaptureCases, readNftReference } from '../golden/nftables/reference.ts';
import { seededRandom } from '../support/random.ts';
import type { BuiltConfig } from './packet-corpus.ts';
import { randomConfig } from './render-cases.ts';

export interface NftBuiltConfig extends BuiltConfig {
  readonly nft: string;
}

/** A program our loader refuses: the suite checks that `nft -f` refuses it too. */
export interface NftRefused {
  readonly name: string;
  readonly script: string;
  readonly reason: string;
}

export type NftCorpusEntry = NftBuiltConfig | NftRefused | string;

export function isRefused(e: NftCorpusEntry): e is NftRefused {
  return typeof e !== 'string' && 'reason' in e;
}

/** nft resolves group names through the host's database; the goldens' `java`/`ftp` get numbers. */
const GROUP_NUMBERS: Readonly<Record<string, string>> = { java: '4242', ftp: '4343' };

function load(script: string): NftState | string {
  const parsed = loadNft(parseNft(script));
  const error = parsed.diagnostics.find((d) => d.severity === 'error');
  return error ? error.message : parsed.value;
}

/** Istio routes the TPROXY mark through table 133 (`ip rule add fwmark … lookup 133`). */
function tproxySetup(script: string): string[] {
  const mark = /\btproxy .*?meta mark set (\S+)/.exec(script)?.[1];
  if (mark === undefined) return [];
  const n = String(Number(mark));
  return [
    `ip -4 rule add fwmark ${n} lookup 133`,
    `ip -4 route add local 0.0.0.0/0 dev lo table 133`,
    `ip -6 rule add fwmark ${n} lookup 133`,
    `ip -6 route add local ::/0 dev lo table 133`,
  ];
}

/** The config's facts the packet sampler needs, read from the program itself. */
function built(
  name: string,
  script: string,
  extra: { v4?: string; v6?: string } = {},
): NftBuiltConfig | NftRefused {
  const state = load(script);
  if (typeof state === 'string') return { name, script, reason: state };
  const rulesets: { v4?: Ruleset; v6?: Ruleset; nft: NftState } = { nft: state };
  if (extra.v4 !== undefined) rulesets.v4 = parseIptables(extra.v4, { family: 4 }).value;
  if (extra.v6 !== undefined) rulesets.v6 = parseIptables(extra.v6, { family: 6 }).value;
  const number = (re: RegExp, fallback: number) => {
    const m = re.exec(script)?.[1];
    return m === undefined ? fallback : Number(m);
  };
  const proxyUid = number(/\bskuid (\d+)/, 1337);
  const dnsServers = [
    ...new Set(
      [...script.matchAll(/\bip6? daddr ([0-9a-f.:]+?)(?:\/\d+)? (?:tcp|udp) dport 53\b/g)].map(
        (m) => m[1] ?? '',
      ),
    ),
  ];
  return {
    name,
    nft: script,
    v4: extra.v4 ?? '',
    v6: extra.v6 ?? '',
    setup: tproxySetup(script),
    tproxyPorts: [
      ...new Set([...script.matchAll(/\btproxy (?:ip6? )?to :(\d+)/g)].map((m) => Number(m[1]))),
    ],
    rulesets,
    ipv6: /\bip6 /.test(script),
    proxyUid,
    proxyGid: number(/\bskgid (\d+)/, proxyUid),
    dnsServers,
  };
}

/** Istio's capture goldens: the scripts `istio-iptables --native-nftables` pipes to `nft -f`. */
export function goldenNftConfigs(): NftCorpusEntry[] {
  return loadNftCaptureCases().map((c) => {
    const script = readNftReference(c.golden).replace(
      /(skgid (?:!= )?)(java|ftp)\b/g,
      (_m, pre: string, g: string) => `${pre}${GROUP_NUMBERS[g] ?? g}`,
    );
    return built(`golden ${c.name}`, script);
  });
}

/**
 * istio-cni's ambient in-pod and host-probe goldens (the host probes after the probe sets
 * istio-cni creates, with the pod's addresses enrolled so that their SNAT rules can hit).
 */
export function ambientNftConfigs(): NftCorpusEntry[] {
  const dir = 'golden/ambient/';
  const names = [
    'default',
    'default_ipv6',
    'dns_pod_disabled_and_on_globally',
    'dns_pod_disabled_and_on_globally_ipv6',
    'dns_pod_enabled_and_off_globally',
    'dns_pod_enabled_and_off_globally_ipv6',
    'hostprobe',
    'hostprobe_ipv6',
    'ingress',
    'ingress_and_virtual_interfaces',
    'ingress_and_virtual_interfaces_ipv6',
    'ingress_ipv6',
    'virtual_interfaces',
    'virtual_interfaces_ipv6',
  ];
  const enrolled =
    'add element inet istio-ambient-nat istio-inpod-probes-v4 { 10.44.0.9, 10.44.0.5 }\n' +
    'add element inet istio-ambient-nat istio-inpod-probes-v6 { fd00:44::9 }\n';
  return names.map((n) => {
    const host = n.startsWith('hostprobe');
    const prelude = host ? readNftReference('nft-list/ambient/hostprobe-sets.prelude.nft') : '';
    const script = prelude + readNftReference(`${dir}${n}.golden`) + (host ? enrolled : '');
    return built(`ambient ${n}`, script);
  });
}

/** Seeded random `--native-nftables` flag sets through our generator. */
export function randomNftConfigs(seed: number, count: number): NftCorpusEntry[] {
  const rand = seededRandom(seed);
  const out: NftCorpusEntry[] = [];
  for (let i = 0; i < count; i++) {
    // --iptables-trace-logging left istio-iptables in 1.26, before the nftables backend.
    const config = {
      ...DEFAULT_CONFIG,
      ...randomConfig(rand),
      iptablesTraceLogging: false,
      nativeNftables: true,
    };
    const generated = generateNftables(config, 'latest');
    if (hasErrors(generated.diagnostics)) {
      out.push(`random#${i}: ${generated.diagnostics[0]?.message ?? ''}`);
      continue;
    }
    out.push(built(`random#${i}`, renderNftScript(generated.commands)));
  }
  return out;
}

const MIXED_IPTABLES = `*mangle
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -p tcp --dport 9080 -j MARK --set-xmark 0x7/0xffffffff
-A OUTPUT -p tcp --dport 443 -j MARK --set-xmark 0x9/0xffffffff
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A OUTPUT -p tcp -d 10.96.0.20/32 --dport 9080 -j REDIRECT --to-ports 15001
-A PREROUTING -p tcp --dport 8080 -j REDIRECT --to-ports 15006
COMMIT
`;

/** Hand-written programs for the behaviours the generator does not produce. */
const FEATURE_SCRIPTS: readonly { name: string; script: string; v4?: string }[] = [
  {
    name: 'feature interleaved with iptables-nft',
    v4: MIXED_IPTABLES,
    script: `table inet early {
  chain out { type filter hook output priority -200; policy accept;
    meta mark 0x9 counter
    tcp dport 443 counter
  }
  chain pre { type filter hook prerouting priority -160; policy accept;
    meta mark 0x7 counter
    tcp dport 9080 counter
  }
  chain out2 { type filter hook output priority -200; policy accept;
    tcp dport 443 counter
  }
}
table inet late {
  chain out { type route hook output priority -140; policy accept;
    meta mark 0x9 counter meta mark set 0x10
    tcp dport 8125 meta mark set 0x11 counter
  }
  chain pre { type filter hook prerouting priority -140; policy accept;
    meta mark 0x7 counter ct mark set meta mark
  }
  chain tie { type filter hook output priority -150; policy accept;
    meta mark 0x9 counter
    tcp dport 443 counter
  }
  chain in { type filter hook input priority 10; policy accept;
    ct mark 0x7 counter accept
    tcp dport 22 counter drop
  }
}
table ip natty {
  chain out { type nat hook output priority -110; policy accept;
    ip daddr 10.96.0.20 tcp dport 9080 counter
    ip daddr 10.44.0.9 tcp dport 8080 counter accept
  }
  chain out2 { type nat hook output priority 50; policy accept;
    ip daddr 10.44.0.9 tcp dport { 8080, 9080 } counter redirect to :15002
  }
}
`,
  },
  {
    name: 'feature jumps, gotos, returns and drop policies',
    script: `table inet flows {
  chain cls {
    tcp dport 22 counter return
    udp dport 53 counter goto dnsq
    ip6 daddr fd00:44::/64 counter jump lan6
    counter jump rest
  }
  chain dnsq {
    meta skuid 1337 counter accept
    counter meta mark set 0x35
  }
  chain lan6 {
    tcp dport != { 8080, 9080 } counter return
    counter meta mark set mark | 0x100
  }
  chain rest {
    ip daddr 203.0.113.0/24 counter drop
    th dport 3306 counter drop
  }
  chain out { type filter hook output priority 0; policy accept;
    meta l4proto { tcp, udp } counter jump cls
    meta mark & 0x100 == 0x100 counter
  }
  chain in { type filter hook input priority 0; policy drop;
    iifname "lo" counter accept
    ct state established,related counter accept
    tcp dport { 9080, 15006, 15008 } counter jump cls
    tcp dport 9080 counter accept
    udp dport 53 counter accept
  }
}
table ip6 v6only {
  chain out { type nat hook output priority -100; policy accept;
    ip6 daddr fd00:96::20 tcp dport 9080 counter dnat to [fd00:44::9]:8080
  }
  chain post { type nat hook postrouting priority 100; policy accept;
    oifname "eth0" ip6 daddr 2001:db8::/32 counter masquerade
  }
}
table inet lookups {
  set svc4 { type ipv4_addr; flags interval; elements = { 10.96.0.0/16, 203.0.113.7 } }
  set svc6 { type ipv6_addr; elements = { fd00:96::20, 2001:db8::7 } }
  map byport { type inet_service : verdict; elements = { 443 : jump tls, 8080 : drop, 53 : accept } }
  chain tls {
    ip daddr @svc4 counter return
    counter meta mark set 0x443
  }
  chain out { type filter hook output priority 20; policy accept;
    ip daddr @svc4 counter
    ip6 daddr @svc6 counter
    th dport vmap @byport
    udp dport vmap { 8125 : drop, 53 : continue }
    meta mark 0x443 counter
  }
}
table ip natpost {
  chain post { type nat hook postrouting priority 100; policy accept;
    oifname "eth0" ip daddr 203.0.113.0/24 counter masquerade
    oifname "eth0" ip daddr 198.51.100.0/24 counter snat to 10.44.0.5
  }
  chain out { type nat hook output priority -100; policy accept;
    ip daddr 10.96.0.20 tcp dport 9080 counter dnat to 10.44.0.9:8080
    ip daddr 10.96.0.10 udp dport 53 meta skuid != 1337 counter redirect to :15053
  }
}
`,
  },
];

export function featureNftConfigs(): NftCorpusEntry[] {
  return FEATURE_SCRIPTS.map((f) =>
    built(f.name, f.script, f.v4 === undefined ? {} : { v4: f.v4 }),
  );
}
