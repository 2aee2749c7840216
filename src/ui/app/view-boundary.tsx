import { Component } from 'react';
import type { ReactNode } from 'react';

interface Props {
  /** What to show instead of the view once it has thrown while rendering. */
  readonly fallback: (message: string) => ReactNode;
  readonly children: ReactNode;
}

/**
 * A render error in one view stays in that view (issue 5): the other views, the editor and the
 * user's text are untouched.
 *
 * @example
 * <ViewBoundary fallback={(m) => <p role="alert">{m}</p>}><RulesPane /></ViewBoundary>
 */
export class ViewBoundary extends Component<Props, { error: string | undefined }> {
  override state = { error: undefined as string | undefined };

  static getDerivedStateFromError(e: unknown): { error: string } {
    return { error: e instanceof Error ? e.message : String(e) };
  }

  override render(): ReactNode {
    return this.state.error === undefined
      ? this.props.children
      : this.props.fallback(this.state.error);
  }
}
