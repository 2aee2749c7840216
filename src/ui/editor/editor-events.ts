/**
 * Bubbles from the editor host whenever Monaco's content height changes (`detail`: px), so the
 * layout can size the editor's pane to its text without the editor knowing about the layout.
 */
export const EDITOR_CONTENT_HEIGHT_EVENT = 'editor-content-height';
