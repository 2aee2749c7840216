/**
 * Seeded random programs with named sets, maps and verdict maps, for the kernel render suite:
 * every key type the model prints, random element counts (to cross nft's line wrapping), random
 * order (to check nft's sort), prefixes and ranges in interval sets, comments, and rules that
 * use the sets (`@s`, `vmap @m`, anonymous sets and verdict maps).
 */
import { pick, seededRandom } from '../support/random.ts';

type Rand = () => number;

const int = (rand: Rand, n: number): number => Math.floor(rand() * n);

const V4 = (rand: Rand): string =>
  `${pick(rand, [10, 172, 192, 1])}.${int(rand, 4)}.${int(rand, 256)}.${1 + int(rand, 250)}`;
const V6 = (rand: Rand): string =>
  pick(rand, [
    `fd00::${(1 + int(rand, 0xfff)).toString(16)}`,
    `2001:db8:${int(rand, 9)}::${int(rand, 99)}`,
    `::ffff:10.0.0.${int(rand, 250)}`,
    `fe80::${int(rand, 9)}:1`,
  ]);
const IFNAMES = ['eth0', 'eth1', 'lo', 'veth1a2b', 'cni0', 'br-x', 'wg0', 'e'];
const PROTOS = ['tcp', 'udp', 'icmp', 'sctp', 'gre', '47', 'esp'];

interface SetKind {
  readonly type: string;
  readonly element: (rand: Rand) => string;
  readonly use?: string;
}

const KINDS: readonly SetKind[] = [
  { type: 'ipv4_addr', element: V4, use: 'ip daddr' },
  { type: 'ipv6_addr', element: V6, use: 'ip6 saddr' },
  { type: 'inet_service', element: (r) => String(int(r, 65535)), use: 'tcp dport' },
  {
    type: 'mark',
    element: (r) => pick(r, [String(int(r, 5000)), `0x${int(r, 0xffff).toString(16)}`]),
    use: 'meta mark',
  },
  { type: 'ifname', element: (r) => `"${pick(r, IFNAMES)}"`, use: 'iifname' },
  { type: 'inet_proto', element: (r) => pick(r, PROTOS), use: 'meta l4proto' },
  {
    type: 'ipv4_addr . inet_service',
    element: (r) => `${V4(r)} . ${int(r, 65535)}`,
    use: 'ip daddr . tcp dport',
  },
];

function intervalElement(rand: Rand): string {
  const a = `10.${int(rand, 200)}.${int(rand, 256)}`;
  return pick(rand, [`${a}.0/24`, `${a}.${int(rand, 100)}`, `${a}.1-${a}.${100 + int(rand, 100)}`]);
}

function elements(rand: Rand, make: (r: Rand) => string, comment: boolean): string[] {
  const n = int(rand, 13);
  const out = new Set<string>();
  for (let i = 0; i < n; i++) out.add(make(rand));
  return [...out].map((e) => (comment && rand() < 0.3 ? `${e} comment "c${int(rand, 9)}"` : e));
}

/** One program: a table with a few sets and maps and a chain that uses them. */
function program(rand: Rand, i: number): string {
  const t = `inet r${i}`;
  const lines = [`add table ${t}`, `add chain ${t} c`, `add chain ${t} d`];
  const rules: string[] = [];
  for (let k = 0; k < 3; k++) {
    const kind = pick(rand, KINDS);
    const flags = kind.type === 'ipv4_addr' && rand() < 0.4 ? ' flags interval ;' : '';
    const comment = rand() < 0.3 ? ' comment "set" ;' : '';
    lines.push(`add set ${t} s${k} { type ${kind.type} ;${flags}${comment} }`);
    const make = flags === '' ? kind.element : intervalElement;
    const els = elements(rand, make, true);
    if (els.length > 0) lines.push(`add element ${t} s${k} { ${els.join(', ')} }`);
    if (kind.use !== undefined) rules.push(`add rule ${t} c ${kind.use} @s${k} counter accept`);
  }
  const vkey = pick(rand, KINDS.slice(0, 3));
  lines.push(`add map ${t} m { type ${vkey.type} : verdict ; }`);
  const verdicts = ['accept', 'drop', 'jump d', 'goto d', 'return'];
  const entries = elements(rand, vkey.element, false).map((e) => `${e} : ${pick(rand, verdicts)}`);
  if (entries.length > 0) lines.push(`add element ${t} m { ${entries.join(', ')} }`);
  rules.push(`add rule ${t} c ${vkey.use ?? ''} vmap @m`);
  const anon = elements(rand, V4, false);
  if (anon.length > 0) rules.push(`add rule ${t} c ip saddr { ${anon.join(', ')} } drop`);
  const ports = elements(rand, (r) => String(int(r, 65535)), false);
  if (ports.length > 0)
    rules.push(
      `add rule ${t} c udp dport vmap { ${ports.map((p) => `${p} : accept`).join(', ')} }`,
    );
  return [...lines, ...rules].join('\n') + '\n';
}

/** `count` seeded programs with sets and maps. */
export function randomSetPrograms(count: number, seed = 2027): { name: string; script: string }[] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    name: `random-sets/${i}`,
    script: program(rand, i),
  }));
}
