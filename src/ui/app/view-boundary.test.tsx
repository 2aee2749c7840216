// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import { ViewBoundary } from './view-boundary.tsx';

function Broken(): never {
  throw new Error('boom');
}

describe('ViewBoundary', () => {
  it('contains a render error to its own view; siblings keep rendering', () => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const host = document.createElement('div');
    const root = createRoot(host);
    act(() => {
      root.render(
        <>
          <ViewBoundary fallback={(m) => <p data-testid="fallback">failed: {m}</p>}>
            <Broken />
          </ViewBoundary>
          <ViewBoundary fallback={() => <p>unused</p>}>
            <p data-testid="sibling">still here</p>
          </ViewBoundary>
        </>,
      );
    });
    expect(host.querySelector('[data-testid="fallback"]')?.textContent).toBe('failed: boom');
    expect(host.querySelector('[data-testid="sibling"]')?.textContent).toBe('still here');
    act(() => root.unmount());
    quiet.mockRestore();
  });
});
