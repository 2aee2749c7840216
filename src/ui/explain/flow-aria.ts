import type { AriaLabelConfig } from '@xyflow/react';
import type { Translate } from '../i18n/translate.ts';

/**
 * React Flow's own labels (controls, minimap, keyboard help) in the reader's language.
 *
 * @example
 * <ReactFlow ariaLabelConfig={flowAriaLabels(t)} />
 */
export function flowAriaLabels(t: Translate): Partial<AriaLabelConfig> {
  return {
    'controls.ariaLabel': t('flow.controls'),
    'controls.zoomIn.ariaLabel': t('flow.zoomIn'),
    'controls.zoomOut.ariaLabel': t('flow.zoomOut'),
    'controls.fitView.ariaLabel': t('flow.fitView'),
    'controls.interactive.ariaLabel': t('flow.interactive'),
    'minimap.ariaLabel': t('flow.minimap'),
    'node.a11yDescription.default': t('flow.node'),
    'node.a11yDescription.keyboardDisabled': t('flow.node'),
    'edge.a11yDescription.default': t('flow.edge'),
    'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }) =>
      t('flow.moved', { direction, x, y }),
  };
}
