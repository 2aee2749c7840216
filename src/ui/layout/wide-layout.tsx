import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import type { PanelImperativeHandle } from 'react-resizable-panels';
import { useT } from '../i18n/use-t.ts';
import { useExplorer } from '../store/context.tsx';
import { selectMainView } from '../store/selectors.ts';
import { EDITOR_CONTENT_HEIGHT_EVENT } from '../editor/editor-events.ts';
import { editorHeight, groupLayoutId, presetSizes } from './layout-presets.ts';
import type { LayoutPreset } from './layout-presets.ts';
import { ChecksSlot, EditorSlot, RulesSlot, ViewSlot } from './panes.tsx';

function Splitter(props: { label: string }): ReactNode {
  return <Separator className="splitter" aria-label={props.label} />;
}

/**
 * Keeps the editor's row sized to its text (a two-line command line stays small, a pod YAML
 * grows) until the reader drags the splitter or a remembered size exists.
 */
function useEditorAutoSize(preset: LayoutPreset, remembered: boolean) {
  const panel = useRef<PanelImperativeHandle>(null);
  const draggedRef = useRef(remembered);
  const { editorPx } = presetSizes(preset);
  const groupRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = groupRef.current;
    if (!el) return undefined;
    const onHeight = (e: Event): void => {
      const target = panel.current;
      if (draggedRef.current || !target || !(e instanceof CustomEvent)) return;
      const content = typeof e.detail === 'number' ? e.detail : 0;
      target.resize(editorHeight(content, editorPx, el.getBoundingClientRect().height));
    };
    el.addEventListener(EDITOR_CONTENT_HEIGHT_EVENT, onHeight);
    return () => el.removeEventListener(EDITOR_CONTENT_HEIGHT_EVENT, onHeight);
  }, [editorPx]);
  return { panel, draggedRef, groupRef };
}

/** The left column: the editor (sized to its text) above problems and the workbench. */
function InputsColumn(props: { preset: LayoutPreset }): ReactNode {
  const t = useT();
  const saved = useDefaultLayout({ id: groupLayoutId(props.preset, 'inputs') });
  const { panel, draggedRef, groupRef } = useEditorAutoSize(
    props.preset,
    saved.defaultLayout !== undefined,
  );
  return (
    <Group
      orientation="vertical"
      className="pane-group"
      elementRef={groupRef}
      defaultLayout={saved.defaultLayout}
      onLayoutChanged={(layout, meta) => {
        if (!meta.isUserInteraction) return;
        draggedRef.current = true;
        saved.onLayoutChanged(layout, meta);
      }}
    >
      <Panel
        id="pane-editor"
        className="pane"
        panelRef={panel}
        defaultSize={presetSizes(props.preset).editorPx}
        minSize={90}
      >
        <EditorSlot />
      </Panel>
      <Splitter label={t('layout.resizeEditor')} />
      <Panel id="pane-checks" className="pane" minSize={160}>
        <ChecksSlot />
      </Panel>
    </Group>
  );
}

/**
 * Wide screens: resizable columns (react-resizable-panels). The chain graph view has three,
 * inputs | graph | rules; the Bookinfo path view takes the two right ones. Each preset and view
 * remembers its own dragged sizes in this browser.
 */
export function WideLayout(props: { preset: LayoutPreset }): ReactNode {
  const { preset } = props;
  const t = useT();
  const path = useExplorer(selectMainView) === 'path';
  const sizes = presetSizes(preset);
  const saved = useDefaultLayout({ id: groupLayoutId(preset, path ? 'path-columns' : 'columns') });
  return (
    <Group
      key={path ? 'path' : 'graph'}
      orientation="horizontal"
      className="workspace-columns"
      data-layout={preset}
      defaultLayout={saved.defaultLayout}
      onLayoutChanged={saved.onLayoutChanged}
    >
      <Panel
        id="pane-inputs"
        className="pane"
        defaultSize={`${path ? sizes.pathColumns.inputs : sizes.columns.inputs}%`}
        minSize={260}
      >
        <InputsColumn preset={preset} />
      </Panel>
      <Splitter label={t('layout.resizeInputs')} />
      <Panel
        id="pane-view"
        className="pane column"
        defaultSize={`${path ? sizes.pathColumns.view : sizes.columns.view}%`}
        minSize={320}
      >
        <ViewSlot />
      </Panel>
      {!path && <Splitter label={t('layout.resizeRules')} />}
      {!path && (
        <Panel
          id="pane-rules"
          className="pane"
          defaultSize={`${sizes.columns.rules}%`}
          minSize={240}
        >
          <RulesSlot />
        </Panel>
      )}
    </Group>
  );
}
