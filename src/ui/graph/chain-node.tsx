import { memo } from 'react';
import type { ReactNode } from 'react';
import { Handle, Position } from '@xyflow/react';
import type { NodeProps } from '@xyflow/react';
import type { IpFamily, RuleRef } from '@core';
import { useT } from '../i18n/use-t.ts';
import {
  useDerived,
  useExplorer,
  useExplorerActions,
  useExplorerDerived,
} from '../store/context.tsx';
import type { WorkbenchDerived } from '../workbench/workbench-derived.ts';
import type { Derived } from '../store/derived.ts';
import type { ExplorerState } from '../store/store.ts';
import type { ChainRuleView } from './graph-model.ts';
import { hookLabel } from './graph-model.ts';
import type { ChainFlowNode } from './to-flow.ts';
import { selectLinkedRules } from '../diff/link-selectors.ts';

/** Class names of a chain box: from the derived highlight, never written into node data. */
function chainClass(d: WorkbenchDerived, id: string): string {
  return d.highlight.chains.has(id as never) ? 'chain-node visited' : 'chain-node';
}

function ruleClass(d: WorkbenchDerived, ref: RuleRef): string {
  if (d.highlight.matched.has(ref)) return 'rule-row matched';
  if (d.highlight.evaluated.has(ref)) return 'rule-row evaluated';
  return 'rule-row';
}

function batchPackets(d: WorkbenchDerived, family: IpFamily, ref: RuleRef): number | undefined {
  const counters = d.batch?.counters[family === 4 ? 'v4' : 'v6'];
  return counters?.rules.get(ref)?.packets ?? (d.batch ? 0 : undefined);
}

const isSelected = (s: ExplorerState, ref: RuleRef): boolean => s.selectedRule === ref;
/** Produced by the flag hovered in the editor (flag ↔ rule linking). */
const isLinked = (s: ExplorerState, d: Derived, family: IpFamily, ref: RuleRef): boolean =>
  selectLinkedRules(s, d).has(`${family}:${ref}`);

const RuleRow = memo(function RuleRow(props: { row: ChainRuleView; family: IpFamily }): ReactNode {
  const { row, family } = props;
  const ref = row.rule.ref;
  const className = useDerived((d) => ruleClass(d, ref));
  const selected = useExplorer((s) => isSelected(s, ref));
  const linked = useExplorerDerived((s, d) => isLinked(s, d, family, ref));
  const packets = useDerived((d) => batchPackets(d, family, ref));
  const { selectRule } = useExplorerActions();
  return (
    <button
      type="button"
      className={`${className}${selected ? ' selected' : ''}${linked ? ' linked' : ''} nodrag`}
      data-rule={ref}
      title={`${ref}: ${row.rule.label}`}
      aria-pressed={selected}
      onClick={() => selectRule(selected ? null : ref)}
    >
      <span className="rule-text">{row.text}</span>
      {packets !== undefined && <span className="rule-count">{packets}</span>}
    </button>
  );
});

/** A chain box listing its rules (memo: React Flow re-renders nodes often). */
export const ChainNode = memo(function ChainNode(props: NodeProps<ChainFlowNode>): ReactNode {
  const { view, family } = props.data;
  const { node } = view;
  const className = useDerived((d) => chainClass(d, node.id));
  const t = useT();
  return (
    <div className={`${className}${node.builtin ? ' builtin' : ''}`} data-chain={node.id}>
      <Handle
        type="target"
        position={Position.Top}
        className="chain-handle"
        isConnectable={false}
      />
      <div className="chain-title">
        <span className="chain-table">{node.table}</span> <strong>{node.chain}</strong>
        {node.policy && (
          <span className="chain-policy" title={t('graph.policy', { policy: node.policy })}>
            {node.policy}
          </span>
        )}
        {node.hook && (
          <span className="chain-policy chain-hook" title={t('graph.hook', { ...node.hook })}>
            {hookLabel(node).slice(3)}
          </span>
        )}
      </div>
      <div className="chain-rules">
        {view.rules.map((row) => (
          <RuleRow key={row.rule.ref} row={row} family={family} />
        ))}
        {view.hidden > 0 && (
          <div className="rule-more">{t('graph.moreRules', { n: view.hidden })}</div>
        )}
      </div>
      <Handle
        type="source"
        position={Position.Bottom}
        className="chain-handle"
        isConnectable={false}
      />
    </div>
  );
});
