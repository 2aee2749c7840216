import type { TableName } from '../iptables/model.ts';

/**
 * The five netfilter hooks of the IPv4/IPv6 stacks.
 *
 * @example
 * const hook: Hook = 'OUTPUT';
 */
export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

/**
 * Every hook, in the order of the kernel's `NF_INET_*` numbers.
 *
 * @example
 * HOOKS.includes('FORWARD'); // true
 */
export const HOOKS: readonly Hook[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/**
 * Tables registered at each hook, in the order the kernel runs them (ascending priority):
 * raw -300, [conntrack -200], mangle -150, nat dstnat -100, filter 0, security 50, nat srcnat 100.
 * That is why nat comes last at INPUT and POSTROUTING (source NAT) but third at PREROUTING and
 * OUTPUT (destination NAT).
 *
 * @example
 * HOOK_TABLES.OUTPUT; // ['raw', 'mangle', 'nat', 'filter', 'security']
 */
export const HOOK_TABLES: Readonly<Record<Hook, readonly TableName[]>> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  INPUT: ['mangle', 'filter', 'security', 'nat'],
  FORWARD: ['mangle', 'filter', 'security'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter', 'security'],
  POSTROUTING: ['mangle', 'nat'],
};

/**
 * Which pass of a packet a hook traversal belongs to: as sent, or its re-entry through `lo`.
 *
 * @example
 * const steps = result.steps.filter((s) => s.pass === 'loopback');
 */
export type Pass = 'first' | 'loopback';
