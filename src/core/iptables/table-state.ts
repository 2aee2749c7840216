/** The mutable chain and table records a parse replays commands into (a leaf: types only). */
import type { SourceRange } from '../shared/source-range.ts';
import type { Policy, Rule, TableName } from './model.ts';

export interface ChainState {
  readonly name: string;
  readonly builtin: boolean;
  policy: Policy | undefined;
  rules: Rule[];
  /** Save text of each rule (parallel to `rules`), when the parser could assemble it. */
  texts: (string | undefined)[];
  range: SourceRange | undefined;
}

export interface TableState {
  readonly name: TableName;
  exists: boolean;
  readonly chains: Map<string, ChainState>;
}
