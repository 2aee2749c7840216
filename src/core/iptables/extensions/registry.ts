/** Every match module and target extension the core understands, by name. */
import type { Family } from '../address.ts';
import { addrtypeMatch, conntrackMatch, stateMatch } from './match-state.ts';
import {
  commentMatch,
  connmarkMatch,
  lengthMatch,
  macMatch,
  markMatch,
  ownerMatch,
  pkttypeMatch,
  setMatch,
} from './match-mark.ts';
import {
  iprangeMatch,
  limitMatch,
  physdevMatch,
  rpfilterMatch,
  statisticMatch,
} from './match-misc.ts';
import { icmp6Match, icmpMatch, multiportMatch, tcpMatch, udpMatch } from './match-proto.ts';
import { checksumTarget, logTarget, nflogTarget, rejectTarget, traceTarget } from './target-log.ts';
import { connmarkTarget, ctTarget, markTarget, notrackTarget } from './target-mark.ts';
import {
  dnatTarget,
  masqueradeTarget,
  redirectTarget,
  snatTarget,
  tproxyTarget,
} from './target-nat.ts';
import type { ExtensionSpec } from './types.ts';

const MATCHES: readonly ExtensionSpec[] = [
  tcpMatch,
  udpMatch,
  icmpMatch,
  icmp6Match,
  multiportMatch,
  commentMatch,
  markMatch,
  connmarkMatch,
  ownerMatch,
  pkttypeMatch,
  lengthMatch,
  macMatch,
  setMatch,
  conntrackMatch,
  stateMatch,
  addrtypeMatch,
  limitMatch,
  statisticMatch,
  physdevMatch,
  iprangeMatch,
  rpfilterMatch,
];

const TARGETS: readonly ExtensionSpec[] = [
  redirectTarget,
  dnatTarget,
  snatTarget,
  masqueradeTarget,
  tproxyTarget,
  markTarget,
  connmarkTarget,
  ctTarget,
  notrackTarget,
  logTarget,
  nflogTarget,
  rejectTarget,
  traceTarget,
  checksumTarget,
];

const matchByName = new Map(MATCHES.map((m) => [m.name, m]));
const targetByName = new Map(TARGETS.map((t) => [t.name, t]));

function forFamily(spec: ExtensionSpec | undefined, family: Family): ExtensionSpec | undefined {
  return spec && (!spec.families || spec.families.includes(family)) ? spec : undefined;
}

/** A match module we understand in this family (`-m NAME`). */
export function findMatch(name: string, family: Family): ExtensionSpec | undefined {
  return forFamily(matchByName.get(name), family);
}

/** A target extension we understand in this family (`-j NAME`). */
export function findTarget(name: string, family: Family): ExtensionSpec | undefined {
  return forFamily(targetByName.get(name), family);
}

/**
 * Names of the match modules and target extensions the core models (canonical save, `-L` text);
 * others are kept and printed as written.
 *
 * @example
 * knownExtensionNames().targets.includes('TPROXY'); // true
 */
export function knownExtensionNames(): { matches: string[]; targets: string[] } {
  return { matches: MATCHES.map((m) => m.name), targets: TARGETS.map((t) => t.name) };
}

/**
 * Match modules that iptables loads implicitly for an option after `-p PROTO` (libxtables
 * load_proto), and that the nf_tables backend merges into one match per rule.
 */
export function implicitMatchFor(protocol: number, family: Family): string | undefined {
  switch (protocol) {
    case 6:
      return 'tcp';
    case 17:
      return 'udp';
    case 1:
      return family === 4 ? 'icmp' : undefined;
    case 58:
      return family === 6 ? 'icmp6' : undefined;
    default:
      return undefined;
  }
}

/** Target names iptables treats as verdicts rather than extensions. */
export const VERDICTS = new Set(['ACCEPT', 'DROP', 'RETURN', 'QUEUE']);
