import { ISTIO_VERSIONS, type IstioVersion } from '../config.ts';

/**
 * One generator algorithm, switched per era. Every switch names the upstream change that
 * introduced it, so a reader can see why two profiles differ. Sources: RULES-LOGIC.md (newest),
 * LEGACY.md (A–I), the goldens and golden-history/, and the seed listings.
 *
 * @example
 * ERAS['1.20'].outputJump; // 'tcp' — `-A OUTPUT -p tcp -j ISTIO_OUTPUT`
 * ERAS.latest.dns; // 'chain' — ISTIO_OUTPUT_DNS
 */
export interface EraFeatures {
  /** 1.0: one Envoy port for both directions (`-z` did not exist; ISTIO_IN_REDIRECT → `-p`). */
  readonly singleProxyPort: boolean;
  /** REDIRECT target spelling of ISTIO_REDIRECT / ISTIO_IN_REDIRECT (the 1.0 script wrote `--to-port`). */
  readonly redirectToOption: '--to-port' | '--to-ports';
  /** nat ISTIO_INBOUND `-p tcp --dport <tunnel> -j RETURN` (HBONE port 15008, about 1.8+). */
  readonly tunnelReturn: boolean;
  /** `--dport 22 -j RETURN` first in ISTIO_INBOUND for `-b '*'` (dropped about 1.18). */
  readonly sshReturn: boolean;
  /** OUTPUT jump: `-p tcp` before Istio 1.25 (PR #53998), no protocol since. */
  readonly outputJump: 'tcp' | 'all';
  /** `-o` port excludes: TCP only before 1.25, TCP then UDP since. */
  readonly outboundExcludeUdp: boolean;
  /** `ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN` (inbound passthrough source, 1.3+). */
  readonly passthroughReturn: boolean;
  /**
   * Loopback handling in ISTIO_OUTPUT:
   * `redirect-all`: 1.0 `-o lo ! -d 127.0.0.1/32 -j ISTIO_REDIRECT` before one RETURN per owner;
   * `owner`: the per-uid/gid triple without port conditions (1.5–1.17);
   * `owner-tunnel`: the triple with `-p tcp ! --dport <tunnel>` (about 1.18+).
   */
  readonly loopback: 'redirect-all' | 'owner' | 'owner-tunnel';
  /** Skip the `-o lo ! --uid-owner` RETURN when `-i` lists a loopback CIDR (about 1.12+). */
  readonly loopbackIncludeCheck: boolean;
  /** ISTIO_OUTPUT_OWNER_GROUPS / _EXCLUDE filter (about 1.12+). */
  readonly ownerGroups: boolean;
  /** ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR replaces 127.0.0.1/32 (after 1.20: absent from its dump). */
  readonly loopbackCidrEnv: boolean;
  /**
   * DNS capture layout: none (1.0), `builtin` (TCP redirect in ISTIO_OUTPUT, UDP in nat/raw
   * OUTPUT and raw PREROUTING, before PR #50915), `chain` (ISTIO_OUTPUT_DNS, 1.25+).
   */
  readonly dns: 'none' | 'builtin' | 'chain';
  /** 1.25+: `--redirect-dns` without servers or capture-all switches DNS capture off. */
  readonly dnsNeedsServers: boolean;
  /** A trailing `ISTIO_OUTPUT -j RETURN` after a CIDR include list (gone in 1.25). */
  readonly includeListReturn: boolean;
  /** `--drop-invalid`: `-j DROP` in mangle PREROUTING before 1.25, via ISTIO_DROP since. */
  readonly dropInvalid: 'none' | 'direct' | 'chain';
  /** `--iptables-trace-logging` NFLOG rules (about 1.19–1.24). */
  readonly traceLogging: boolean;
  /**
   * `--nflog-prefix "X"` as the command-line harness recorded it (quoted), or bare as the restore
   * text of 1.24 carries it (golden-history/1.24.6/logging.golden).
   */
  readonly nflogPrefix: 'quoted' | 'plain';
  /**
   * Built-in DNS (before 1.25): the UDP rules behind `-A OUTPUT -p udp -j ISTIO_OUTPUT` in nat and
   * raw (1.24, golden-history/1.24.6/dns-uid-gid.golden), or directly in OUTPUT (older).
   */
  readonly dnsUdpChain: boolean;
  /** Built-in DNS: raw PREROUTING matches answers with `-s <server>` (1.24) or `-d` (older, a bug). */
  readonly dnsAnswerMatch: '-s' | '-d';
  /** How TPROXY mode recognises established inbound sockets. */
  readonly tproxyEstablished: 'socket' | 'conntrack';
  /** TPROXY's CONNMARK save/restore, mark 1338 and the three ISTIO_INBOUND inserts (Go rewrite, 1.5+). */
  readonly tproxyLoopbackMarks: boolean;
  /**
   * How `-i`/`-x` items are read: `netip` (Go netip.ParsePrefix, host bits kept, errors fatal),
   * `net` (Go net.ParseCIDR: host bits cleared, bad items skipped), `shell` (verbatim, bad items
   * skipped).
   */
  readonly cidrs: 'netip' | 'net' | 'shell';
  /**
   * An unreadable `-i`/`-x` item: `fatal` from 1.27 (tools/common/config SeparateV4V6 returns the
   * error), `skip` before ("Ignoring error for bug compatibility with istio-iptables").
   */
  readonly badCidr: 'fatal' | 'skip';
  /** The test harness transcript this era's goldens use (RULES-LOGIC §4). */
  readonly dryRun: 'restore' | 'commands' | 'script';
  /** The commands harness ends with the deferred `iptables-save` (and `ip6tables-save`). */
  readonly finalSave: boolean;
  /**
   * `script`: the 1.0/1.1 shell script (its step order, `ip` commands for policy routing);
   * `go`: the Go tool (1.5+, netlink for routes and `::6`).
   */
  readonly tool: 'script' | 'go';
}

const LATEST: EraFeatures = {
  singleProxyPort: false,
  redirectToOption: '--to-ports',
  tunnelReturn: true,
  sshReturn: false,
  outputJump: 'all',
  outboundExcludeUdp: true,
  passthroughReturn: true,
  loopback: 'owner-tunnel',
  loopbackIncludeCheck: true,
  ownerGroups: true,
  loopbackCidrEnv: true,
  dns: 'chain',
  dnsNeedsServers: true,
  includeListReturn: false,
  dropInvalid: 'chain',
  traceLogging: false,
  nflogPrefix: 'plain',
  dnsUdpChain: false,
  dnsAnswerMatch: '-s',
  tproxyEstablished: 'conntrack',
  tproxyLoopbackMarks: true,
  cidrs: 'netip',
  badCidr: 'fatal',
  dryRun: 'restore',
  finalSave: true,
  tool: 'go',
};

/** 1.25 and 1.26: the rules of HEAD; a bad `-i`/`-x` item was still skipped (RELEASES.md 1.27.0). */
const V1_26: EraFeatures = { ...LATEST, badCidr: 'skip' };

/**
 * 1.24.x (golden-history/1.24.6/): the restore-format harness and ISTIO_DROP (both 1.24.0, #53066),
 * with the rules before PR #53998 (RELEASES.md 1.25.0, in reverse).
 */
const V1_24: EraFeatures = {
  ...V1_26,
  outputJump: 'tcp',
  outboundExcludeUdp: false,
  dns: 'builtin',
  dnsNeedsServers: false,
  includeListReturn: false,
  traceLogging: true,
  dnsUdpChain: true,
};

const V1_20: EraFeatures = {
  ...LATEST,
  badCidr: 'skip',
  outputJump: 'tcp',
  outboundExcludeUdp: false,
  loopbackCidrEnv: false,
  dns: 'builtin',
  dnsNeedsServers: false,
  includeListReturn: true,
  dropInvalid: 'direct',
  traceLogging: true,
  nflogPrefix: 'quoted',
  dnsUdpChain: false,
  dnsAnswerMatch: '-d',
  cidrs: 'net',
  dryRun: 'commands',
};

const V1_11: EraFeatures = {
  ...V1_20,
  sshReturn: true,
  loopback: 'owner',
  loopbackIncludeCheck: false,
  ownerGroups: false,
  traceLogging: false,
  finalSave: false,
};

const V1_0: EraFeatures = {
  ...V1_11,
  singleProxyPort: true,
  redirectToOption: '--to-port',
  tunnelReturn: false,
  passthroughReturn: false,
  loopback: 'redirect-all',
  dns: 'none',
  dropInvalid: 'none',
  tproxyEstablished: 'socket',
  tproxyLoopbackMarks: false,
  cidrs: 'shell',
  dryRun: 'script',
  tool: 'script',
};

/**
 * The feature switches of each profile.
 *
 * @example
 * ERAS['1.11'].sshReturn; // true: port 22 returned first for `-b '*'`
 */
export const ERAS: Readonly<Record<IstioVersion, EraFeatures>> = {
  latest: LATEST,
  '1.30': LATEST,
  '1.27': LATEST,
  '1.26': V1_26,
  '1.25': V1_26,
  '1.24': V1_24,
  '1.20': V1_20,
  '1.11': V1_11,
  '1.0': V1_0,
};

/**
 * One profile per distinct rule algorithm (newest first): profiles that differ only in flag
 * availability or in how a bad CIDR is reported generate the same rules for the same valid input,
 * so suites that load rules into the kernel run each algorithm once.
 *
 * @example
 * RULE_PROFILES; // ['latest', '1.24', '1.20', '1.11', '1.0']
 */
export const RULE_PROFILES: readonly IstioVersion[] = ISTIO_VERSIONS.filter((v, i, all) => {
  const rules = (w: IstioVersion): string => JSON.stringify({ ...ERAS[w], badCidr: undefined });
  return all.findIndex((w) => rules(w) === rules(v)) === i;
});
