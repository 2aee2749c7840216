export * from './model.ts';
export { parseIptables, guessFamily, type ParseIptablesOptions } from './parse.ts';
export {
  renderIptablesSave,
  renderIptablesS,
  renderRuleSpec,
  SAVE_TABLE_ORDER,
} from './render-save.ts';
export {
  canonicalizeRule,
  type CanonicalRule,
  type CanonicalMatch,
  type CanonicalTarget,
} from './canonical.ts';
export { quoteSaveString } from './lex.ts';
export { knownExtensionNames } from './extensions/registry.ts';
export {
  IPTABLES_1_8_9,
  renderIptablesList,
  type ListOptions,
  type ListUserspace,
} from './render-list.ts';
export {
  buildJumpGraph,
  type JumpGraph,
  type JumpGraphNode,
  type JumpGraphEdge,
  type JumpGraphRule,
} from './jump-graph.ts';
