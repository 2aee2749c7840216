export * from './model.ts';
export {
  buildNftTransaction,
  concatNftParams,
  createNftRuleBuilder,
  SIDECAR_TRANSACTION,
  type NftRuleBuilder,
  type NftRuleDraft,
  type NftTableLayout,
  type NftTransactionOptions,
} from './builder.ts';
export { renderNftCommand, renderNftElements, renderNftScript } from './script.ts';
export type { NftStateSet } from './set-state.ts';
export { lookupNftSet } from './set-lookup.ts';
export {
  compareNftElements,
  nftKeyTypes,
  readNftElement,
  readNftTypedValue,
  type NftListedElement,
  type NftTypedValue,
} from './set-elements.ts';
export {
  applyNftCommands,
  loadNft,
  renderNftDump,
  type NftState,
  type NftStateChain,
  type NftStateRule,
  type NftStateTable,
} from './state.ts';
export { isNftText, parseNft } from './parse-text.ts';
export { renderNftList, renderNftListRule } from './render-list.ts';
export { buildNftJumpGraph } from './jump-graph.ts';
export { parseNftRuleWords } from './rule-parse.ts';
export { renderNftRuleBody, formatIPv6Glibc } from './rule-render.ts';
export type { NftRuleBody, NftStatement, NftValue } from './rule-model.ts';
