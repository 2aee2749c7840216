/**
 * Inputs for the kernel render conformance suite: the upstream goldens' restore texts, the
 * generator's version profiles, seeded random generator configurations, the fixtures under
 * test/golden/iptables, and the one-rule-per-line forms corpus.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_CONFIG,
  RULE_PROFILES,
  PROFILES,
  generateRules,
  parseIstioArgs,
  renderRestore,
  type IstioConfig,
  type IstioVersion,
} from '@core';
import { pick, seededRandom } from '../support/random.ts';

export interface RenderCase {
  readonly name: string;
  readonly family: 4 | 6;
  /** iptables-restore input, or shell lines (`iptables -t nat -A …`) when `shell` is set. */
  readonly text: string;
  readonly shell?: boolean;
  /** `ipset restore` input the rules need (Calico's `-m set` references). */
  readonly ipset?: string;
}

/** Istio's HEAD goldens, vendored (test/fixtures/istio). */
export const REFERENCE = new URL('../fixtures/istio/istio-iptables/golden/', import.meta.url)
  .pathname;
export const FIXTURES = new URL('../golden/iptables/', import.meta.url).pathname;

/** Splits a golden's restore lines into the IPv4 and IPv6 inputs (a table seen again = IPv6). */
function splitRestoreBlocks(lines: readonly string[]): string[] {
  const blocks: string[][] = [[]];
  let seen = new Set<string>();
  for (const line of lines) {
    const table = /^\*\s*(\S+)/.exec(line)?.[1];
    if (table !== undefined) {
      if (seen.has(table)) {
        blocks.push([]);
        seen = new Set();
      }
      seen.add(table);
    }
    blocks[blocks.length - 1]?.push(line);
  }
  return blocks.filter((b) => b.length > 0).map((b) => `${b.join('\n')}\n`);
}

/** Every upstream golden as restore input (or command lines), per family. */
export function goldenCases(): RenderCase[] {
  const cases: RenderCase[] = [];
  for (const file of readdirSync(REFERENCE)
    .filter((f) => f.endsWith('.golden'))
    .sort()) {
    const lines = readFileSync(join(REFERENCE, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const body = lines.filter((l) => l !== 'iptables-save' && l !== 'ip6tables-save');
    if (body.some((l) => /^\*/.test(l))) {
      splitRestoreBlocks(body).forEach((text, i) =>
        cases.push({ name: `golden/${file}#${i === 0 ? 4 : 6}`, family: i === 0 ? 4 : 6, text }),
      );
      continue;
    }
    for (const family of [4, 6] as const) {
      const word = family === 4 ? 'iptables ' : 'ip6tables ';
      const shellLines = body.filter((l) => l.startsWith(word));
      if (shellLines.length > 0)
        cases.push({
          name: `golden/${file}#${family}`,
          family,
          text: `${shellLines.join('\n')}\n`,
          shell: true,
        });
    }
  }
  return cases;
}

function restoreCases(name: string, config: IstioConfig, version: IstioVersion): RenderCase[] {
  const rules = generateRules(config, version);
  const out: RenderCase[] = [{ name: `${name}#4`, family: 4, text: renderRestore(rules, 4) }];
  if (rules.enableIPv6) out.push({ name: `${name}#6`, family: 6, text: renderRestore(rules, 6) });
  return out.filter((c) => c.text !== '');
}

/** Each version profile's default args, IPv4 and (with IPv6 on) IPv6, REDIRECT and TPROXY. */
export function profileCases(): RenderCase[] {
  const cases: RenderCase[] = [];
  for (const version of RULE_PROFILES) {
    const config = parseIstioArgs(PROFILES[version].defaultArgs).value.config;
    cases.push(...restoreCases(`profile/${version}`, { ...config, enableIPv6: true }, version));
    cases.push(
      ...restoreCases(
        `profile/${version}/tproxy`,
        { ...config, istioInboundInterceptionMode: 'TPROXY', enableIPv6: true },
        version,
      ),
    );
  }
  return cases;
}

/** A random but valid-looking istio-iptables configuration (numeric owners: no group names). */
export function randomConfig(rand: () => number): IstioConfig {
  const bool = () => rand() < 0.5;
  return {
    ...DEFAULT_CONFIG,
    envoyPort: pick(rand, ['15001', '15001', '8000', '1']),
    inboundCapturePort: pick(rand, ['15006', '15006', '9999']),
    proxyUid: pick(rand, ['1337', '1337', '1337,1000', '0', '']),
    proxyGid: pick(rand, ['1337', '', '1337,2000']),
    istioInboundInterceptionMode: pick(rand, ['REDIRECT', 'REDIRECT', 'TPROXY']),
    istioInboundPorts: pick(rand, ['*', '*', '', '9080', '80,8080,9090']),
    istioLocalExcludePorts: pick(rand, ['', '15090,15021,15020', '22', '15090,15021,15020,9000']),
    istioExcludeInterfaces: pick(rand, ['', '', 'eth1', 'eth1,net2']),
    istioServiceCidr: pick(rand, [
      '*',
      '*',
      '',
      '10.0.0.0/8',
      '10.96.0.0/12,172.16.1.2/16',
      '10.0.0.0/8,2001:db8::/32',
      '2001:db8::1/64',
    ]),
    istioServiceExcludeCidr: pick(rand, [
      '',
      '',
      '10.96.0.1/32',
      '192.168.0.0/16,fd00::/8',
      '169.254.169.254/32',
    ]),
    istioOutboundPorts: pick(rand, ['', '', '80,443']),
    istioLocalOutboundPortsExclude: pick(rand, ['', '', '25', '3306,5432']),
    kubeVirtInterfaces: pick(rand, ['', '', 'veth0', 'k6t-eth0,tap0']),
    istioInboundTproxyMark: pick(rand, ['1337', '1337', '7']),
    redirectDns: bool(),
    captureAllDns: bool(),
    dropInvalid: bool(),
    iptablesTraceLogging: bool(),
    ownerGroupsInclude: pick(rand, ['*', '*', '1337,2000']),
    ownerGroupsExclude: pick(rand, ['', '', '1000']),
    hostIPv4LoopbackCidr: pick(rand, ['127.0.0.1/32', '127.0.0.1/32', '127.0.0.1/8']),
    enableIPv6: bool(),
    dnsServersV4: pick(rand, [[], ['10.96.0.10'], ['10.96.0.10', '8.8.8.8']]),
    dnsServersV6: pick(rand, [[], ['fd00::a']]),
  };
}

/** `count` seeded random generator runs across all profiles. */
export function randomCases(count: number, seed = 20260): RenderCase[] {
  const rand = seededRandom(seed);
  const cases: RenderCase[] = [];
  for (let i = 0; i < count; i++) {
    const version = pick(rand, RULE_PROFILES);
    cases.push(...restoreCases(`random/${i}/${version}`, randomConfig(rand), version));
  }
  return cases;
}

/** A fixture: realistic input `<case>.rules` whose kernel output is `<case>.iptables-save`. */
export interface Fixture extends RenderCase {
  readonly base: string;
}

/** The fixtures' inputs (`<case>.rules`, plus `<case>.ipset` when the rules use ipsets). */
export function fixtures(): Fixture[] {
  const files = readdirSync(FIXTURES);
  return files
    .filter((f) => f.endsWith('.rules'))
    .sort()
    .map((file) => {
      const base = file.replace(/\.rules$/, '');
      const ipsetFile = `${base}.ipset`;
      const ipset = files.includes(ipsetFile)
        ? readFileSync(join(FIXTURES, ipsetFile), 'utf8')
        : undefined;
      return {
        name: `fixture/${file}`,
        base,
        family: /ip6|v6/.test(file) ? (6 as const) : (4 as const),
        text: readFileSync(join(FIXTURES, file), 'utf8'),
        ...(ipset === undefined ? {} : { ipset }),
      };
    });
}

/** The committed kernel outputs of the fixtures, re-loaded (they must be fixpoints). */
export function savedFixtureCases(): RenderCase[] {
  return fixtures()
    .filter((f) => existsSync(join(FIXTURES, `${f.base}.iptables-save`)))
    .map((f) => ({
      ...f,
      name: `fixture/${f.base}.iptables-save`,
      text: readFileSync(join(FIXTURES, `${f.base}.iptables-save`), 'utf8'),
    }));
}

/** One line of the forms corpus: `4|6 table chain rule-spec…`. */
export interface FormLine {
  readonly family: 4 | 6;
  readonly table: string;
  readonly chain: string;
  readonly spec: string;
  readonly line: number;
}

export function formLines(): FormLine[] {
  const text = readFileSync(join(FIXTURES, 'forms.txt'), 'utf8');
  const out: FormLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^([46])\s+(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m) throw new Error(`forms.txt:${i + 1}: expected "4|6 table chain spec"`);
    out.push({
      family: m[1] === '6' ? 6 : 4,
      table: m[2] ?? '',
      chain: m[3] ?? '',
      spec: m[4] ?? '',
      line: i + 1,
    });
  });
  return out;
}

/** A restore text holding the given form lines (a user chain U exists in every table). */
export function formsRestoreText(lines: readonly FormLine[]): string {
  const tables = [...new Set(lines.map((l) => l.table))];
  return (
    tables
      .map((t) =>
        [
          `*${t}`,
          ':U - [0:0]',
          ...lines.filter((l) => l.table === t).map((l) => `-A ${l.chain} ${l.spec}`.trimEnd()),
          'COMMIT',
        ].join('\n'),
      )
      .join('\n') + '\n'
  );
}

const STRUCTURE: readonly (readonly [string, string])[] = [
  [
    'second block flushes the table',
    '*filter\n:X - [0:0]\n:INPUT DROP [0:0]\n-A X -j ACCEPT\n-A INPUT -j X\nCOMMIT\n*filter\n-A OUTPUT -j ACCEPT\nCOMMIT\n',
  ],
  [
    'empty block deletes the table',
    '*filter\n-A INPUT -j ACCEPT\nCOMMIT\n*filter\nCOMMIT\n*nat\nCOMMIT\n',
  ],
  [
    'user header twice flushes the chain',
    '*filter\n:X - [0:0]\n-A X -j ACCEPT\n:X - [0:0]\n-A X -j DROP\n:INPUT DROP [3:4]\n-A INPUT -j DROP\n:INPUT ACCEPT [0:0]\nCOMMIT\n',
  ],
  [
    'header-only tables exist',
    '*raw\n-N X\nCOMMIT\n*mangle\n:INPUT DROP [0:0]\nCOMMIT\n*nat\n:INPUT ACCEPT [0:0]\nCOMMIT\n',
  ],
  [
    '-P, -Z, -F, -X, -N',
    '*filter\n:INPUT DROP [5:100]\n-P OUTPUT DROP\n-Z OUTPUT\n-N BAR\n-A BAR -j RETURN\n-F BAR\n-X BAR\n-N BAZ\n-A BAZ -j ACCEPT\n-F BAZ\n-A BAZ -j DROP\nCOMMIT\n',
  ],
  ['-Z resets every policy', '*filter\n:INPUT DROP [0:0]\n-Z\n-P OUTPUT DROP\nCOMMIT\n'],
  [
    '-I positions and address lists',
    '*filter\n-A INPUT -j DROP\n-I INPUT -s 1.1.1.1,2.2.2.2 -d 3.3.3.3,4.4.4.4 -j ACCEPT\n-I INPUT 3 -p udp -j RETURN\n-A OUTPUT -s 1.1.1.1,2.2.2.2 -d 3.3.3.3,4.4.4.4 -j ACCEPT\nCOMMIT\n',
  ],
  [
    '-D by number and by spec',
    '*filter\n-A FORWARD -p tcp --dport 80 -j ACCEPT\n-A FORWARD -p tcp -m tcp --dport 80 -j ACCEPT\n-A FORWARD -p tcp --dport 81 -j ACCEPT\n-D FORWARD -p tcp -m tcp --dport 80 -j ACCEPT\n-A OUTPUT -j ACCEPT\n-A OUTPUT -j DROP\n-A OUTPUT -j RETURN\n-D OUTPUT 2\nCOMMIT\n',
  ],
  [
    'counters and comments',
    '# Generated by iptables-save v1.8.9\n*nat\n:PREROUTING ACCEPT [12:720]\n:X - [3:4]\n[7:8] -A PREROUTING -j X\n# a comment line\n[0:0] -A X -p tcp -c 5 6 -j RETURN\nCOMMIT\n# Completed\n',
  ],
  [
    'unreachable loop is accepted',
    '*filter\n:A - [0:0]\n:B - [0:0]\n-A A -j B\n-A B -j A\nCOMMIT\n',
  ],
  ['self loop not reachable', '*filter\n:A - [0:0]\n-A A -j A\nCOMMIT\n'],
  [
    'reachable loop is refused',
    '*filter\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -g B\n-A B -g A\nCOMMIT\n',
  ],
  ['reachable self loop is refused', '*filter\n:A - [0:0]\n-A INPUT -j A\n-A A -j A\nCOMMIT\n'],
  ['-A to an undeclared chain', '*filter\n-A NOPE -j ACCEPT\nCOMMIT\n'],
  ['jump to a missing chain', '*filter\n-A INPUT -j NOPE\nCOMMIT\n'],
  ['missing COMMIT', '*filter\n-A INPUT -j ACCEPT\n'],
  ['unknown table', '*bogus\n-A INPUT -j ACCEPT\nCOMMIT\n'],
  ['-X of a busy chain', '*filter\n-N A\n-A A -j RETURN\n-X A\nCOMMIT\n'],
  ['-X of a referenced chain', '*raw\n-N A\n-N B\n-A A -j B\n-X B\nCOMMIT\n'],
  ['-N of an existing chain', '*filter\n-N A\n-N A\nCOMMIT\n'],
  ['-I past the end', '*filter\n-I INPUT 2 -j ACCEPT\nCOMMIT\n'],
  ['-D of a missing rule', '*filter\n-D INPUT -j ACCEPT\nCOMMIT\n'],
  ['-E inside restore', '*filter\n-N A\n-E A B\nCOMMIT\n'],
  ['chain name too long', '*filter\n:ABCDEFGHIJKLMNOPQRSTUVWXYZ123 - [0:0]\nCOMMIT\n'],
  [
    'owner in a user chain reached from INPUT',
    '*filter\n:U - [0:0]\n-A INPUT -j U\n-A U -m owner --uid-owner 1 -j ACCEPT\nCOMMIT\n',
  ],
  [
    'owner in an unreachable user chain',
    '*filter\n:U - [0:0]\n-A U -m owner --uid-owner 1 -j ACCEPT\nCOMMIT\n',
  ],
  ['REJECT in an unreachable mangle chain', '*mangle\n:U - [0:0]\n-A U -j REJECT\nCOMMIT\n'],
  [
    'TPROXY chain reached from OUTPUT',
    '*mangle\n:U - [0:0]\n-A U -p tcp -j TPROXY --on-port 1\n-A OUTPUT -j U\nCOMMIT\n',
  ],
  [
    'TPROXY chain reached from PREROUTING only',
    '*mangle\n:U - [0:0]\n:V - [0:0]\n-A U -p tcp -j TPROXY --on-port 1\n-A PREROUTING -j V\n-A V -g U\nCOMMIT\n',
  ],
  [
    'REDIRECT via a goto from POSTROUTING',
    '*nat\n:U - [0:0]\n-A POSTROUTING -g U\n-A U -p tcp -j REDIRECT --to-ports 1\nCOMMIT\n',
  ],
  ['command outside a table', '-A INPUT -j ACCEPT\n*filter\nCOMMIT\n'],
  ['-t inside restore', '*filter\n-t nat -A OUTPUT -j ACCEPT\nCOMMIT\n'],
];

/** Structural replay cases (flushes, -I/-D/-X/-Z, loops): the kernel and we agree on each. */
export function structureCases(): RenderCase[] {
  return STRUCTURE.map(([name, text]) => ({ name: `structure/${name}`, family: 4, text }));
}
