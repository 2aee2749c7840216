/**
 * Kernel conformance of the mesh model: every netfilter packet the default Bookinfo paths imply
 * (per profile) and the mesh golden cases imply (TPROXY, -u 1000, -b 15090, -x, …, and the
 * ambient ones: istio-cni's in-pod rules with their table-100 policy route, ztunnel's 0x539-marked
 * sockets) is sent for real into a pod namespace holding that pod's generated rules, and the kernel's ordered rule hits (nft monitor trace) must equal the path
 * step's `matched`, `matched_after_loopback` and `final`.
 *
 * The harness pod has the address 10.44.0.5/24. Istio's default rules never name the pod's own
 * address, so each packet is replayed with the pod's address renamed to 10.44.0.5 (everything
 * else — peers, ClusterIPs, 127.0.0.6, ports, uid/gid — unchanged). Only packets that open a
 * connection (conntrack NEW) can be sent this way; the response path's ESTABLISHED packets are
 * covered by the simulator's own conformance of conntrack states.
 */
import { describe, expect, it } from 'vitest';
import {
  computeRequestPath,
  createBookinfoRequest,
  createBookinfoScenario,
  RULE_PROFILES,
  type NetfilterStep,
  type PodView,
  type RequestPath,
} from '@core';
import { computeCase, loadCases } from '../golden/mesh/cases.ts';
import { kernelStatus, requireKernelOrSkip } from './netns.ts';
import type { KernelTrace, Probe } from './packet-trace.ts';
import { withTracePod } from './packet-trace.ts';
import { helperAvailable } from './probe-helper.ts';

const HARNESS_POD_IP = '10.44.0.5';

interface Replay {
  readonly label: string;
  readonly step: NetfilterStep;
  readonly probe: Probe;
}

interface PodJob {
  readonly key: string;
  readonly pod: PodView;
  readonly replays: Replay[];
}

function netfilterSteps(p: RequestPath): NetfilterStep[] {
  const steps = p.hops
    .flatMap((h) => [...h.steps, ...h.response])
    .filter((s): s is NetfilterStep => s.kind === 'netfilter');
  return [...steps, ...p.probes.map((x) => x.step)];
}

function toProbe(step: NetfilterStep): Probe {
  const own = step.podIp.split('/')[0] ?? '';
  const rename = (a: string) => (a === own ? HARNESS_POD_IP : a);
  const p = step.packet;
  const outbound = p.direction === 'outbound';
  return {
    direction: p.direction,
    family: 4,
    proto: p.proto,
    src: rename(p.src),
    dst: rename(p.dst),
    sport: p.sport,
    dport: p.dport,
    uid: outbound ? (p.uid ?? 0) : 0,
    gid: outbound ? (p.gid ?? p.uid ?? 0) : 0,
    // Inbound probes come from other hosts; ambient's ztunnel connects to the app with the
    // caller's address (a transparent socket), which the namespace does not own either.
    freebind: !outbound || (rename(p.src) !== HARNESS_POD_IP && !p.src.startsWith('127.')),
    // ztunnel's sockets in an ambient pod carry SO_MARK 0x539.
    ...(p.mark === undefined ? {} : { mark: p.mark }),
  };
}

/** The paths replayed: each profile's default GET /productpage, then every mesh golden case (TPROXY, -u 1000, -b 15090, …). */
function paths(): { name: string; path: RequestPath }[] {
  const defaults = RULE_PROFILES.map((version) => ({
    name: `default ${version}`,
    path: computeRequestPath(createBookinfoScenario(), createBookinfoRequest(), { version }),
  }));
  return [...defaults, ...loadCases().map((c) => ({ name: c.name, path: computeCase(c) }))];
}

/** One namespace per distinct rule set; each NEW packet of each path to that pod is one probe. */
function jobs(): PodJob[] {
  const byKey = new Map<string, PodJob>();
  for (const { name, path } of paths()) {
    for (const step of netfilterSteps(path)) {
      if (step.packet.ctstate !== undefined && step.packet.ctstate !== 'NEW') continue;
      const pod = path.pods.find((p) => p.name === step.pod);
      if (!pod)
        throw new Error(`${name}: step ${step.id} names pod ${step.pod} the path does not list`);
      const key = `${pod.rules}\n--\n${pod.setup.join('\n')}`;
      const job = byKey.get(key) ?? { key, pod, replays: [] };
      job.replays.push({ label: `${name} ${step.id} (${step.pod})`, step, probe: toProbe(step) });
      byKey.set(key, job);
    }
  }
  return [...byKey.values()];
}

function tproxyPorts(rules: string): number[] {
  return [...new Set([...rules.matchAll(/--on-port ([0-9]+)/g)].map((m) => Number(m[1])))];
}

function differs(kernel: KernelTrace, step: NetfilterStep): boolean {
  return (
    JSON.stringify(kernel.matched) !== JSON.stringify(step.matched) ||
    JSON.stringify(kernel.matchedAfterLoopback) !== JSON.stringify(step.matchedAfterLoopback) ||
    kernel.final !== step.final
  );
}

const runnable = (() => {
  if (!requireKernelOrSkip()) return false;
  if (helperAvailable()) return true;
  const message = 'KERNEL MESH CONFORMANCE SKIPPED: python3 is needed to send probe packets';
  if (process.env['CI']) throw new Error(`${message} — in CI the kernel suite must run`);
  console.warn(message);
  return false;
})();

describe('kernel conformance of the request path (nft monitor trace vs path steps)', () => {
  it.runIf(runnable)(
    'every NEW packet of the default paths (each profile) and of the golden cases matches the kernel',
    async () => {
      const started = Date.now();
      const all = jobs();
      const differences: string[] = [];
      const lost: string[] = [];
      let sent = 0;
      for (const job of all) {
        const setup = {
          v4Rules: job.pod.rules,
          setup: job.pod.setup,
          tproxyPorts: tproxyPorts(job.pod.rules),
        };
        await withTracePod(setup, async (pod) => {
          // The same 4-tuple twice would hit the first one's conntrack entry (nat is then skipped):
          // paths of profiles with identical rules repeat packets, so each distinct packet is sent once.
          const seen = new Map<string, KernelTrace>();
          for (const r of job.replays) {
            const key = JSON.stringify(r.probe);
            let kernel = seen.get(key);
            if (!kernel) {
              kernel = await pod.probe(r.probe);
              seen.set(key, kernel);
              sent++;
            }
            if (kernel.passes.length === 0) lost.push(r.label);
            else if (differs(kernel, r.step)) {
              differences.push(
                `${r.label}: kernel ${kernel.final} [${kernel.matched.join(' ')}] / [${kernel.matchedAfterLoopback.join(' ')}] · path ${r.step.final} [${r.step.matched.join(' ')}] / [${r.step.matchedAfterLoopback.join(' ')}]`,
              );
            }
          }
        });
      }
      const compared = all.reduce((n, j) => n + j.replays.length, 0);
      console.log(
        `mesh conformance: ${all.length} pod rule sets, ${sent} real packets for ${compared} path steps, ${differences.length} differences, ${Math.round((Date.now() - started) / 1000)} s`,
      );
      expect(lost).toEqual([]);
      expect(differences).toEqual([]);
      expect(sent).toBeGreaterThanOrEqual(200);
      // The ambient goldens took part: ztunnel's marked sockets, its spoofed connects to the app.
      const ztunnel = all.flatMap((j) => j.replays).filter((r) => r.step.packet.mark === 0x539);
      expect(ztunnel.length).toBeGreaterThanOrEqual(15);
      expect(ztunnel.some((r) => r.probe.freebind === true)).toBe(true);
    },
    600_000,
  );

  if (!runnable) {
    const reason = kernelStatus().ok
      ? 'python3 is missing'
      : 'no kernel access (see the warning above)';
    it.skip(`KERNEL MESH CONFORMANCE SKIPPED: ${reason}`, () => undefined);
  }
});
