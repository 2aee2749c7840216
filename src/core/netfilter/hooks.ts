import type { TableName } from '../iptables/model.ts';

/** The five netfilter hooks of the IPv4/IPv6 stacks. */
export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

export const HOOKS: readonly Hook[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/**
 * Tables registered at each hook, in the order the kernel runs them (ascending priority):
 * raw -300, [conntrack -200], mangle -150, nat dstnat -100, filter 0, security 50, nat srcnat 100.
 * That is why nat comes last at INPUT and POSTROUTING (source NAT) but third at PREROUTING and
 * OUTPUT (destination NAT).
 */
export const HOOK_TABLES: Readonly<Record<Hook, readonly TableName[]>> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  INPUT: ['mangle', 'filter', 'security', 'nat'],
  FORWARD: ['mangle', 'filter', 'security'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter', 'security'],
  POSTROUTING: ['mangle', 'nat'],
};

/** Which pass of a packet a hook traversal belongs to. */
export type Pass = 'first' | 'loopback';
