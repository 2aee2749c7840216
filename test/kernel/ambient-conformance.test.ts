/**
 * Kernel conformance of the ambient (istio-cni) rules: every in-pod, host-probe and CNI-plugin
 * case of the vendored cases.json is computed, loaded into a real namespace (the host probe with
 * its ipset) and printed back by the kernel's iptables-save; and the in-pod rules are loaded into
 * a traced pod with the policy route istio-cni adds through netlink (fwmark 0x111/0xfff → table
 * 100, `local default dev lo`), real packets are sent — the app's, ztunnel's (socket mark 0x539,
 * spoofed sources), DNS, kubelet probes from the SNAT address, marked replies — and the kernel's
 * rule hits are compared with the simulator's. The kernel is the truth.
 */
import { describe, expect, it } from 'vitest';
import {
  createPod,
  generateCniPluginRules,
  generateHostProbeRules,
  generateInpodRules,
  normalizePacket,
  parseIptables,
  renderRestore,
  simulatePacket,
  type AmbientConfig,
  type GeneratedRules,
  type PodEntrySpec,
  type TraceResult,
} from '@core';
import { ambientConfigFromArgv, saveOf } from '../../src/cli/ambient.ts';
import { argvOf, loadAmbientCases, loadCniPluginCases } from '../golden/ambient/reference.ts';
import { execBounded, requireKernelOrSkip, withNetns } from './netns.ts';
import type { KernelTrace, Probe } from './packet-trace.ts';
import { FIRST_PROBE_PORT, withTracePod } from './packet-trace.ts';
import { helperAvailable } from './probe-helper.ts';

const run = requireKernelOrSkip() && helperAvailable();
const hasIpset = run && (await execBounded(['sh', '-c', 'command -v ipset'])).code === 0;

const ZTUNNEL_MARK = 0x539;
const POD = createPod({
  fwmarkRoutes: [{ mark: 0x111, mask: 0xfff, table: 100 }],
}).value;

interface Computed {
  readonly name: string;
  readonly rules: GeneratedRules;
  readonly hostProbe: boolean;
  readonly config?: AmbientConfig;
}

function cniRules(cli: string): GeneratedRules {
  const argv = argvOf(cli).slice(1);
  const entries = (flag: string): PodEntrySpec[] =>
    argv.flatMap((a, i) => {
      if (argv[i - 1] !== flag) return [];
      const eq = a.indexOf('=');
      return [{ key: a.slice(0, eq), value: a.slice(eq + 1) }];
    });
  const value = (flag: string) => argv[argv.indexOf(flag) + 1] ?? '';
  const { value: out } = generateCniPluginRules({
    annotations: entries('--annotation'),
    proxyEnv: entries('--proxy-env'),
    ...(argv.includes('--run-as-user')
      ? { runAsUser: { key: 'runAsUser', value: value('--run-as-user') } }
      : {}),
    ...(argv.includes('--run-as-group')
      ? { runAsGroup: { key: 'runAsGroup', value: value('--run-as-group') } }
      : {}),
  });
  return out.rules;
}

function computed(): Computed[] {
  const ambient = loadAmbientCases().map((c) => {
    const argv = argvOf(c.cli).slice(1);
    const config = ambientConfigFromArgv(argv.filter((a) => a !== '--host-probe'));
    const hostProbe = argv.includes('--host-probe');
    const rules = hostProbe ? generateHostProbeRules(config) : generateInpodRules(config);
    return { name: c.name, rules, hostProbe, config };
  });
  const plugin = loadCniPluginCases().map((c) => ({
    name: `cni-plugin ${c.name}`,
    rules: cniRules(c.cli),
    hostProbe: false,
  }));
  return [...ambient, ...plugin];
}

const IPSETS = `create istio-inpod-probes-v4 hash:ip family inet comment
add istio-inpod-probes-v4 10.44.0.5 comment "pod"
create istio-inpod-probes-v6 hash:ip family inet6 comment
add istio-inpod-probes-v6 fd00:44::5 comment "pod"
`;

describe.runIf(run)('ambient rules vs the kernel', () => {
  it('iptables-save of every computed ambient, host-probe and CNI-plugin rule set', async () => {
    const cases = computed().filter((c) => !c.hostProbe || hasIpset);
    const problems: string[] = [];
    let compared = 0;
    await withNetns(
      async (ns) => {
        for (const c of cases) {
          for (const family of c.rules.enableIPv6 ? ([4, 6] as const) : ([4] as const)) {
            await ns.reset();
            await ns.exec(['ipset', 'destroy']);
            if (c.hostProbe) await ns.exec(['ipset', 'restore'], { input: IPSETS });
            await ns.restore(renderRestore(c.rules, family), family);
            const kernel = await ns.save(family);
            if (kernel !== saveOf(c.rules, family)) problems.push(`${c.name} IPv${family}`);
            compared++;
          }
        }
      },
      { prefix: 'ambient' },
    );
    console.log(`ambient render conformance: ${compared} rule sets byte-identical to the kernel`);
    expect(problems).toEqual([]);
    expect(compared).toBe(hasIpset ? 30 : 27);
  }, 120_000);
});

type Labeled = Probe & { readonly label: string };

const ADDR = {
  4: {
    service: '10.96.0.20',
    peer: '10.44.0.9',
    own: '10.44.0.5',
    lo: '127.0.0.1',
    dns: '10.96.0.10',
  },
  6: {
    service: 'fd00:96::20',
    peer: 'fd00:44::9',
    own: 'fd00:44::5',
    lo: '::1',
    dns: 'fd00:96::10',
  },
} as const;

/** The packets an ambient pod sees: the app's, ztunnel's (marked 0x539), probes, DNS, replies. */
function probesFor(config: AmbientConfig, family: 4 | 6, first: number): Labeled[] {
  const a = ADDR[family];
  const probe = family === 4 ? config.probeSnatV4 : config.probeSnatV6;
  const app = { uid: 1000, gid: 1000 };
  const zt = { uid: 0, gid: 0, mark: ZTUNNEL_MARK };
  type T = Omit<Labeled, 'family' | 'sport'> & { sport?: number };
  const out = (label: string, t: Omit<T, 'label' | 'direction'>): T => ({
    label,
    direction: 'outbound',
    ...t,
  });
  const inb = (label: string, t: Omit<T, 'label' | 'direction' | 'uid' | 'gid'>): T => ({
    label,
    direction: 'inbound',
    uid: 0,
    gid: 0,
    ...t,
  });
  const list: T[] = [
    out('app→service', { proto: 'tcp', dst: a.service, dport: 9080, ...app }),
    out('app→peer pod', { proto: 'tcp', dst: a.peer, dport: 8080, ...app }),
    out('app→localhost', { proto: 'tcp', dst: a.lo, dport: 8080, ...app }),
    out('app→own pod ip', { proto: 'tcp', dst: a.own, dport: 9080, ...app }),
    out('app→dns udp', { proto: 'udp', dst: a.dns, dport: 53, ...app }),
    out('app→dns tcp', { proto: 'tcp', dst: a.dns, dport: 53, ...app }),
    out('app→udp', { proto: 'udp', dst: a.peer, dport: 8125, ...app }),
    out('app→probe address (probe reply)', { proto: 'tcp', dst: probe, dport: 40000, ...app }),
    // A TCP socket needs a bound source for the table-100 lookup at connect() (else ENETUNREACH).
    out('app reply marked 0x111 (table 100)', {
      proto: 'tcp',
      src: a.own,
      dst: a.peer,
      dport: 9080,
      ...app,
      mark: 0x111,
    }),
    out('app udp marked 0x111 (table 100)', {
      proto: 'udp',
      dst: a.service,
      dport: 8125,
      ...app,
      mark: 0x111,
    }),
    out('ztunnel→peer HBONE', { proto: 'tcp', dst: a.peer, dport: 15008, ...zt }),
    out('ztunnel→service', { proto: 'tcp', dst: a.service, dport: 9080, ...zt }),
    out('ztunnel→dns udp', { proto: 'udp', dst: a.dns, dport: 53, ...zt }),
    out('ztunnel→app, spoofed source', {
      proto: 'tcp',
      src: a.peer,
      freebind: true,
      dst: a.own,
      dport: 9080,
      ...zt,
    }),
    inb('in→app 9080', { proto: 'tcp', dst: a.own, dport: 9080 }),
    inb('in→HBONE 15008', { proto: 'tcp', dst: a.own, dport: 15008 }),
    inb('in→15006', { proto: 'tcp', dst: a.own, dport: 15006 }),
    inb('kubelet probe (SNAT source)→app', {
      proto: 'tcp',
      src: probe,
      freebind: true,
      dst: a.own,
      dport: 8080,
    }),
    inb('dns answer→app (sport 53)', {
      proto: 'udp',
      src: a.dns,
      freebind: true,
      sport: 53,
      dst: a.own,
      dport: 45678 + family,
    }),
    inb('in udp', { proto: 'udp', dst: a.own, dport: 8125 }),
  ];
  return list.map((t, i) => ({ ...t, family, sport: t.sport ?? first + i }));
}

function simulate(rules: GeneratedRules, p: Labeled, pod = POD): TraceResult {
  const parse = (family: 4 | 6) => parseIptables(renderRestore(rules, family), { family }).value;
  const spec = {
    id: p.label,
    direction: p.direction,
    proto: p.proto,
    dst: p.dst,
    sport: p.sport,
    dport: p.dport,
    ...(p.src === undefined ? {} : { src: p.src }),
    ...(p.direction === 'outbound' ? { uid: p.uid, gid: p.gid, mark: p.mark ?? 0 } : {}),
  };
  const { value, diagnostics } = normalizePacket(spec, pod);
  if (!value) throw new Error(`probe rejected: ${diagnostics.map((d) => d.message).join('; ')}`);
  return simulatePacket(
    { v4: parse(4), ...(rules.enableIPv6 ? { v6: parse(6) } : {}) },
    value,
    pod,
  );
}

/** Every ambient rule set starts with a hook jump, so a probe the trace lost shows up here too. */
const same = (k: KernelTrace, s: TraceResult): boolean =>
  JSON.stringify([k.matched, k.matchedAfterLoopback, k.final]) ===
  JSON.stringify([s.matched, s.matchedAfterLoopback, s.final]);

/** Node packets: kubelet (a local socket) to an enrolled pod (in the ipset) and to another host. */
function hostProbes(family: 4 | 6, first: number): Labeled[] {
  const a = ADDR[family];
  const other = family === 4 ? '10.44.0.7' : 'fd00:44::7';
  const list = [
    { label: 'kubelet→enrolled pod', proto: 'tcp', dst: a.peer, dport: 8080, uid: 0, gid: 0 },
    { label: 'kubelet→other host', proto: 'tcp', dst: other, dport: 8080, uid: 0, gid: 0 },
    { label: 'node udp→enrolled pod', proto: 'udp', dst: a.peer, dport: 8125, uid: 0, gid: 0 },
    {
      label: 'node user→enrolled pod',
      proto: 'tcp',
      dst: a.peer,
      dport: 15021,
      uid: 1000,
      gid: 1000,
    },
  ] as const;
  return list.map((t, i) => ({ ...t, direction: 'outbound', family, sport: first + i }));
}

const HOST_IPSETS = `create istio-inpod-probes-v4 hash:ip family inet comment
add istio-inpod-probes-v4 ${ADDR[4].peer} comment "enrolled pod"
create istio-inpod-probes-v6 hash:ip family inet6 comment
add istio-inpod-probes-v6 ${ADDR[6].peer} comment "enrolled pod"
`;

const HOST = createPod({
  fwmarkRoutes: [],
  ipsets: { 'istio-inpod-probes-v4': [ADDR[4].peer], 'istio-inpod-probes-v6': [ADDR[6].peer] },
}).value;

async function traceHostProbe(
  sets: readonly Computed[],
): Promise<{ sets: number; compared: number; differences: string[] }> {
  if (!hasIpset) {
    if (process.env['CI']) throw new Error('the host-probe trace needs the ipset binary');
    console.warn('SKIPPED host-probe packets: no ipset binary');
    return { sets: 0, compared: 0, differences: [] };
  }
  let compared = 0;
  const differences: string[] = [];
  for (const c of sets) {
    const probes = [
      ...hostProbes(4, FIRST_PROBE_PORT + 300),
      ...(c.rules.enableIPv6 ? hostProbes(6, FIRST_PROBE_PORT + 400) : []),
    ];
    const setup = {
      v4Rules: renderRestore(c.rules, 4),
      ...(c.rules.enableIPv6 ? { v6Rules: renderRestore(c.rules, 6) } : {}),
      ipset: HOST_IPSETS,
    };
    await withTracePod(setup, async (node) => {
      for (const p of probes) {
        const kernel = await node.probe(p);
        const sim = simulate(c.rules, p, HOST);
        compared++;
        if (!same(kernel, sim)) differences.push(explain(c.name, p, kernel, sim));
      }
    });
  }
  return { sets: sets.length, compared, differences };
}

function explain(name: string, p: Labeled, kernel: KernelTrace, sim: TraceResult): string {
  const show = (m: readonly string[], l: readonly string[], f: string) => JSON.stringify([m, l, f]);
  return `${name} | ${p.label} IPv${p.family}\n  kernel: ${show(kernel.matched, kernel.matchedAfterLoopback, kernel.final)}\n  sim:    ${show(sim.matched, sim.matchedAfterLoopback, sim.final)}`;
}

describe.runIf(run)('ambient packets vs the kernel (nft monitor trace)', () => {
  it('gives the same matched, matched_after_loopback and final as the kernel', async () => {
    const seen = new Set<string>();
    const configs = computed().filter((c) => {
      if (c.hostProbe || c.config === undefined) return false;
      const key = renderRestore(c.rules, 4) + renderRestore(c.rules, 6);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const differences: string[] = [];
    let compared = 0;
    let looped = 0;
    for (const c of configs) {
      const config = c.config as AmbientConfig;
      const probes = [
        ...probesFor(config, 4, FIRST_PROBE_PORT),
        ...(c.rules.enableIPv6 ? probesFor(config, 6, FIRST_PROBE_PORT + 100) : []),
      ];
      await withTracePod(
        {
          v4Rules: renderRestore(c.rules, 4),
          ...(c.rules.enableIPv6 ? { v6Rules: renderRestore(c.rules, 6) } : {}),
          setup: c.rules.setup,
          special: probes,
        },
        async (pod) => {
          for (const p of probes) {
            const kernel = await pod.probe(p);
            const sim = simulate(c.rules, p);
            compared++;
            if (kernel.passes.length > 1) looped++;
            if (!same(kernel, sim)) differences.push(explain(c.name, p, kernel, sim));
          }
        },
      );
    }
    const host = await traceHostProbe(computed().filter((c) => c.hostProbe));
    compared += host.compared;
    differences.push(...host.differences);
    console.log(
      `ambient packet conformance: ${configs.length} rule sets + ${host.sets} host-probe sets (${host.compared} node packets), ${compared} real packets (${looped} looped back over lo), ${differences.length} differences`,
    );
    expect(differences.slice(0, 12).join('\n')).toBe('');
    expect(compared).toBeGreaterThanOrEqual(300);
  }, 300_000);
});
