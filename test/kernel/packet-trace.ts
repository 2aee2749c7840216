/**
 * Kernel packet tracing for the conformance suite: a "pod" namespace (eth0 = veth with the pod
 * IPs, lo, Istio's policy routing) wired to a "peer" namespace (the gateway / outside world),
 * the rules loaded for real, a separate `inet trace_probe` table at priority -500 that sets
 * nftrace for probe packets only (source ports 50000-65535), and `nft -a monitor trace` reading
 * the kernel's ordered rule hits. Traffic never leaves the two namespaces.
 */
import type { Netns } from './netns.ts';
import { execBounded, withNetns } from './netns.ts';
import type { HandleMap, KernelVerdict, Pass, TraceEvent } from './nft-trace.ts';
import {
  indexSaveLines,
  parseHandles,
  parseTraceLine,
  splitPasses,
  verdictOf,
} from './nft-trace.ts';
import type { ProbeHelper, SendCommand } from './probe-helper.ts';
import { startHelper } from './probe-helper.ts';
import {
  fence,
  FENCE_PORT,
  readTracerSocket,
  startMonitor,
  waitForMonitor,
} from './trace-monitor.ts';

export const FIRST_PROBE_PORT = FENCE_PORT + 1;

export interface TracePodSetup {
  readonly v4Rules: string;
  readonly v6Rules?: string;
  /** `ip …` commands that go with the rules (the generator's TPROXY policy routing). */
  readonly setup?: readonly string[];
  /** Ports of transparent listeners (TPROXY --on-port), like Envoy's. */
  readonly tproxyPorts?: readonly number[];
  /** Probes below port 50000 that will be sent: their port pairs are traced from the start. */
  readonly special?: readonly Probe[];
  /** `ipset restore` input loaded before the rules (sets they reference). */
  readonly ipset?: string;
  /**
   * A native nftables program loaded with `nft -f` after the iptables rules; its rules are then
   * named `family/table/chain#N` in the kernel's answer.
   */
  readonly nft?: string;
}

export interface Probe extends SendCommand {
  readonly direction: 'outbound' | 'inbound';
}

export interface KernelTrace extends KernelVerdict {
  readonly passes: readonly Pass[];
  /**
   * The errno of the socket call when the kernel refused to send (EINVAL: a loopback source on a
   * route out of eth0). With no pass it was refused before the OUTPUT hook; `final` is then DROP.
   */
  readonly errno?: string;
  /** Events the monitor's socket dropped (its rcvbuf overflowed) while this probe was traced. */
  readonly lostEvents: number;
  /** The monitor's lines for this probe (kept to explain a probe that shows no pass). */
  readonly raw: readonly string[];
}

export interface TracePod {
  readonly name: string;
  probe(p: Probe): Promise<KernelTrace>;
}

const POD = {
  v4: '10.44.0.5/24',
  v6: 'fd00:44::5/64',
  gw4: '10.44.0.1',
  gw6: 'fd00:44::1',
  mac: '02:00:0a:2c:00:05',
  peerMac: '02:00:0a:2c:00:01',
};

/**
 * Permanent neighbour entries: a probe that waits for ARP/NDP would be traced after the fence
 * and look lost. The peer answers for every on-link address the corpus uses.
 */
const POD_NEIGHBOURS = [
  '10.44.0.1',
  '10.44.0.7',
  '10.44.0.9',
  'fd00:44::1',
  'fd00:44::7',
  'fd00:44::9',
];

/**
 * Probes use source ports 50000-65535 (replies never do: our destination ports stay below).
 * A probe that must use another source port (Envoy's DNS proxy answering from 15053) is added
 * to the `special` set of exact source.destination port pairs first.
 */
const traceTable = (special: readonly Probe[]) => `table inet trace_probe {
  set special {
    type inet_service . inet_service;${special.length > 0 ? `\n    elements = { ${special.map((p) => `${p.sport} . ${p.dport}`).join(', ')} }` : ''}
  }
  chain pre {
    type filter hook prerouting priority -500;
    meta l4proto { tcp, udp } th sport ${FENCE_PORT}-65535 meta nftrace set 1
    meta l4proto { tcp, udp } th sport . th dport @special meta nftrace set 1
  }
  chain out {
    type filter hook output priority -500;
    meta l4proto { tcp, udp } th sport ${FENCE_PORT}-65535 meta nftrace set 1
    meta l4proto { tcp, udp } th sport . th dport @special meta nftrace set 1
  }
}
`;

async function must(ns: Netns, argv: readonly string[], input?: string): Promise<string> {
  const r = await ns.exec(argv, input === undefined ? {} : { input });
  if (r.code !== 0)
    throw new Error(`${argv.join(' ')} in ${ns.name} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

async function wire(pod: Netns, peer: Netns, setup: TracePodSetup): Promise<void> {
  const link = await execBounded([
    'ip',
    'link',
    'add',
    'eth0',
    'netns',
    pod.name,
    'address',
    POD.mac,
    'type',
    'veth',
    'peer',
    'name',
    'veth0',
    'netns',
    peer.name,
    'address',
    POD.peerMac,
  ]);
  if (link.code !== 0) throw new Error(`veth: ${link.stderr.trim()}`);
  const podCommands = [
    'link set lo up',
    `addr add ${POD.v4} dev eth0`,
    `addr add ${POD.v6} dev eth0 nodad`,
    'link set eth0 up',
    `route add default via ${POD.gw4}`,
    `route add default via ${POD.gw6}`,
    'addr add ::6/128 dev lo',
    ...POD_NEIGHBOURS.map((a) => `neigh replace ${a} lladdr ${POD.peerMac} dev eth0 nud permanent`),
  ];
  await must(pod, ['ip', '-batch', '-'], `${podCommands.join('\n')}\n`);
  for (const command of setup.setup ?? []) {
    if (!command.includes('::6/128')) await must(pod, command.split(' '));
  }
  await must(pod, [
    'sysctl',
    '-qw',
    'net.ipv4.conf.all.rp_filter=0',
    'net.ipv4.conf.eth0.rp_filter=0',
  ]);
  const peerCommands = [
    'link set lo up',
    `addr add ${POD.gw4}/24 dev veth0`,
    `addr add ${POD.gw6}/64 dev veth0 nodad`,
    'link set veth0 up',
    `neigh replace 10.44.0.5 lladdr ${POD.mac} dev veth0 nud permanent`,
    `neigh replace fd00:44::5 lladdr ${POD.mac} dev veth0 nud permanent`,
  ];
  await must(peer, ['ip', '-batch', '-'], `${peerCommands.join('\n')}\n`);
}

function probeEvents(lines: readonly string[], from: number, to: number): TraceEvent[] {
  return lines.slice(from, to).flatMap((l) => {
    const e = parseTraceLine(l);
    return e ? [e] : [];
  });
}

/** The probe's first pass and, for outbound, its loopback pass: headers carry its port and, for TCP, SYN. */
function selectPasses(all: readonly Pass[], probe: Probe): Pass[] {
  const ours = (p: Pass) =>
    p.header.includes(`${probe.proto} sport ${probe.sport} `) &&
    (probe.proto === 'udp' || p.header.includes('tcp flags == syn'));
  const first = all.findIndex(
    (p) => ours(p) && p.hook === (probe.direction === 'outbound' ? 'out' : 'pre'),
  );
  if (first < 0) return [];
  const passes = [all[first] as Pass];
  const next = all[first + 1];
  if (probe.direction === 'outbound' && next && next.hook === 'pre' && ours(next))
    passes.push(next);
  return passes;
}

/**
 * Builds the pod and its peer, loads the rules for real, and runs `fn` with a probe function.
 * Everything (namespaces, monitor, helpers) is torn down afterwards, also on failure.
 */
export async function withTracePod<T>(
  setup: TracePodSetup,
  fn: (pod: TracePod) => Promise<T>,
): Promise<T> {
  return withNetns(
    (pod) =>
      withNetns(
        async (peer) => {
          await wire(pod, peer, setup);
          if (setup.ipset !== undefined) await must(pod, ['ipset', 'restore'], setup.ipset);
          if (setup.v4Rules.trim() !== '') await pod.restore(setup.v4Rules, 4);
          if (setup.v6Rules !== undefined && setup.v6Rules.trim() !== '')
            await pod.restore(setup.v6Rules, 6);
          if (setup.nft !== undefined) await must(pod, ['nft', '-f', '-'], setup.nft);
          const special = (setup.special ?? []).filter((p) => p.sport < FENCE_PORT);
          await must(pod, ['nft', '-f', '-'], traceTable(special));
          const registered = new Set(special.map((p) => `${p.sport} . ${p.dport}`));
          const handles: HandleMap = parseHandles(
            await must(pod, ['nft', '-a', 'list', 'ruleset']),
          );
          const saveOf = async (family: 4 | 6, rules: string | undefined) =>
            indexSaveLines(
              setup.nft === undefined || (rules ?? '').trim() !== '' ? await pod.save(family) : '',
            );
          const saves = {
            4: await saveOf(4, setup.v4Rules),
            6: await saveOf(6, setup.v6Rules),
          };
          const monitor = startMonitor(pod.name);
          const helpers: ProbeHelper[] = [];
          try {
            const podHelper = await startHelper(pod.name, {
              listen: setup.tproxyPorts ?? [],
              v6: true,
            });
            helpers.push(podHelper);
            const peerHelper = await startHelper(peer.name, {});
            helpers.push(peerHelper);
            await waitForMonitor(monitor, podHelper);
            return await fn({
              name: pod.name,
              async probe(p) {
                const pair = `${p.sport} . ${p.dport}`;
                if (p.sport < FENCE_PORT && !registered.has(pair)) {
                  await must(pod, [
                    'nft',
                    'add',
                    'element',
                    'inet',
                    'trace_probe',
                    'special',
                    `{ ${pair} }`,
                  ]);
                  registered.add(pair);
                }
                const dropsBefore = (await readTracerSocket(monitor))?.drops ?? 0;
                const from = monitor.lines.length;
                const { errno } = await (p.direction === 'outbound' ? podHelper : peerHelper).send(
                  p,
                );
                const end = await fence(monitor, podHelper, from, { timeoutMs: 3000, attempts: 3 });
                const passes = selectPasses(splitPasses(probeEvents(monitor.lines, from, end)), p);
                const lostEvents = ((await readTracerSocket(monitor))?.drops ?? 0) - dropsBefore;
                const raw =
                  passes.length > 0
                    ? []
                    : [...monitor.lines.slice(from, end + 1), `stderr: ${monitor.stderr()}`];
                const verdict = verdictOf(
                  passes,
                  handles,
                  saves[p.family],
                  setup.nft !== undefined,
                );
                // The socket call failed: the packet did not leave, whatever the rules said.
                const refused = errno !== undefined && !/^(DROP|REJECT)$/.test(verdict.final);
                return {
                  ...verdict,
                  ...(refused ? { final: 'DROP' } : {}),
                  ...(errno === undefined ? {} : { errno }),
                  passes,
                  lostEvents,
                  raw,
                };
              },
            });
          } finally {
            for (const h of helpers) h.close();
            monitor.stop();
          }
        },
        { prefix: 'peer', timeoutMs: 600_000 },
      ),
    { prefix: 'pod', timeoutMs: 600_000 },
  );
}
