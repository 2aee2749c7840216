import type { ReactNode } from 'react';
import type { IpFamily, RuleRef } from '@core';
import { useExplorerActions } from '../store/context.tsx';

/**
 * A `table/CHAIN#N` as a link: hovering lights the rule in iptables-save and its flags in the
 * editor; clicking selects it (graph, trace).
 */
export function RuleLink(props: { rule: RuleRef; family?: IpFamily }): ReactNode {
  const { hoverRule, selectRule } = useExplorerActions();
  const family = props.family ?? 4;
  return (
    <button
      type="button"
      className="rule-link"
      data-rule-link={props.rule}
      onMouseEnter={() => hoverRule({ family, ref: props.rule })}
      onMouseLeave={() => hoverRule(null)}
      onFocus={() => hoverRule({ family, ref: props.rule })}
      onBlur={() => hoverRule(null)}
      onClick={(e) => {
        e.stopPropagation();
        selectRule(props.rule);
      }}
    >
      {props.rule}
    </button>
  );
}
