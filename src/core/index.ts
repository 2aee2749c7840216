/**
 * The only import surface of the core for `ui/` and `cli/` (STYLE.md §2).
 */
export * from './shared/index.ts';
export * from './generator/index.ts';
export * from './iptables/index.ts';
export * from './netfilter/index.ts';
export * from './mesh/index.ts';
export * from './ambient/index.ts';
export * from './explain/index.ts';
