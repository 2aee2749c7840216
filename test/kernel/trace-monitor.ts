/**
 * The `nft monitor trace` process of the packet-trace harness, and how the harness knows what it
 * has seen: the kernel's own record of the monitor's netlink socket (its NFTRACE subscription is
 * the tracer's readiness; its drop counter says whether events were lost) and fences, UDP packets
 * each with its own destination port, whose loopback pass marks the end of a probe's events.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { TraceEvent } from './nft-trace.ts';
import { parseTraceLine } from './nft-trace.ts';
import type { ProbeHelper } from './probe-helper.ts';

/** Source port of every fence; probes use the ports above it. */
export const FENCE_PORT = 50000;
/** Fences use destination ports FENCE_DPORT_BASE.. (cycling over FENCE_DPORTS), never a probe's. */
const FENCE_DPORT_BASE = 30000;
const FENCE_DPORTS = 10000;
/** NETLINK_NETFILTER, and the bit of NFNLGRP_NFTRACE (group 9) in /proc/net/netlink's Groups. */
const NETLINK_NETFILTER = 12;
const NFTRACE_GROUP_BIT = 1 << 8;

export interface Monitor {
  readonly pid: number | undefined;
  readonly lines: string[];
  readonly stderr: () => string;
  stop(): void;
}

export function startMonitor(ns: string): Monitor {
  const child = spawn('ip', ['netns', 'exec', ns, 'nft', '-a', 'monitor', 'trace'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffer = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
  });
  return {
    // `ip netns exec` execs nft in place: the monitor's netlink port id is this pid.
    pid: child.pid,
    lines,
    stderr: () => stderr,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}

/** One netfilter netlink socket of /proc/net/netlink. */
export interface NetlinkSocket {
  readonly portId: number;
  readonly groups: number;
  readonly drops: number;
}

/** The NETLINK_NETFILTER sockets listed in a namespace's /proc/net/netlink. */
export function parseNetlinkSockets(text: string): NetlinkSocket[] {
  const out: NetlinkSocket[] = [];
  for (const line of text.split('\n')) {
    // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || Number(f[1]) !== NETLINK_NETFILTER) continue;
    out.push({ portId: Number(f[2]), groups: parseInt(f[3] ?? '0', 16), drops: Number(f[8]) });
  }
  return out;
}

/** The monitor's socket once it has joined the trace group (the tracer's own readiness). */
export function tracerSocket(
  sockets: readonly NetlinkSocket[],
  pid: number | undefined,
): NetlinkSocket | undefined {
  return sockets.find((s) => s.portId === pid && (s.groups & NFTRACE_GROUP_BIT) !== 0);
}

/** The monitor's socket as its own namespace lists it (`/proc/<pid>/net` is the pid's netns). */
export async function readTracerSocket(monitor: Monitor): Promise<NetlinkSocket | undefined> {
  if (monitor.pid === undefined) return undefined;
  try {
    const text = await readFile(`/proc/${monitor.pid}/net/netlink`, 'utf8');
    return tracerSocket(parseNetlinkSockets(text), monitor.pid);
  } catch {
    return undefined; // not started yet, or gone
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let fences = 0;

/** The destination port of the next fence: no two fences of a run share one. */
function nextFenceDport(): number {
  fences += 1;
  return FENCE_DPORT_BASE + (fences % FENCE_DPORTS);
}

/** Whether `e` is the loopback pass (`pre`) of the fence sent to `dport`. */
export function isFenceEnd(e: TraceEvent | undefined, dport: number): boolean {
  return (
    e?.table === 'trace_probe' &&
    e.type === 'packet' &&
    e.chain === 'pre' &&
    e.text.includes(`udp sport ${FENCE_PORT} udp dport ${dport} `)
  );
}

/** The index of the first line from `from` on that ends one of `dports`' fences, or -1. */
export function findFenceEnd(
  lines: readonly string[],
  from: number,
  dports: readonly number[],
): number {
  for (let i = from; i < lines.length; i++) {
    const e = parseTraceLine(lines[i] ?? '');
    if (dports.some((d) => isFenceEnd(e, d))) return i;
  }
  return -1;
}

/**
 * Sends a fence (UDP 127.0.0.1 from FENCE_PORT to a port no other fence uses) and waits until its
 * loopback pass is traced: every event of packets sent before it on the same CPU has then been
 * printed. A fence not seen within `timeoutMs` is followed by another, up to `attempts`; any of
 * them ends the wait (all were sent after the probe), and a late fence of an earlier wait can
 * never end this one.
 */
export async function fence(
  monitor: Monitor,
  helper: ProbeHelper,
  from: number,
  opts: { readonly timeoutMs: number; readonly attempts: number },
): Promise<number> {
  const sent: number[] = [];
  for (let attempt = 0; attempt < opts.attempts; attempt++) {
    const dport = nextFenceDport();
    sent.push(dport);
    await helper.send({
      family: 4,
      proto: 'udp',
      dst: '127.0.0.1',
      sport: FENCE_PORT,
      dport,
      uid: 0,
      gid: 0,
    });
    const deadline = Date.now() + opts.timeoutMs;
    for (let polls = 0; Date.now() < deadline; polls++) {
      const end = findFenceEnd(monitor.lines, from, sent);
      if (end >= 0) return end;
      await sleep(polls < 20 ? 1 : 5);
    }
  }
  throw new Error(
    `nft monitor: none of ${opts.attempts} fences traced within ${opts.timeoutMs} ms each; stderr: ${monitor.stderr()}`,
  );
}

/**
 * Waits for the tracer's own readiness: the kernel lists the monitor's netlink socket in the
 * NFTRACE group (polled, bounded by `timeoutMs`). Then one fence proves the whole chain (trace
 * table → kernel → monitor → our line buffer) end to end.
 */
export async function waitForMonitor(
  monitor: Monitor,
  helper: ProbeHelper,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await readTracerSocket(monitor)) === undefined) {
    if (Date.now() > deadline)
      throw new Error(
        `nft monitor trace did not join the trace group within ${timeoutMs} ms; stderr: ${monitor.stderr()}`,
      );
    await sleep(20);
  }
  await fence(monitor, helper, 0, { timeoutMs: 5000, attempts: 3 });
}
