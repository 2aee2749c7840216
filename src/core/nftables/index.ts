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
export { renderNftCommand, renderNftScript } from './script.ts';
export {
  applyNftCommands,
  renderNftDump,
  type NftState,
  type NftStateChain,
  type NftStateRule,
  type NftStateTable,
} from './state.ts';
