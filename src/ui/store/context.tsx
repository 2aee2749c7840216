import { createContext, useContext, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Derived, Deriver } from './derived.ts';
import type { ExplorerActions, ExplorerState, ExplorerStore } from './store.ts';

interface ExplorerContextValue {
  readonly store: ExplorerStore;
  readonly derive: Deriver;
  /** A fresh, synchronous deriver with its own memo stages (a second profile, an exercise check). */
  readonly newDeriver: () => Deriver;
}

const ExplorerContext = createContext<ExplorerContextValue | null>(null);

export function ExplorerProvider(props: {
  store: ExplorerStore;
  derive: Deriver;
  newDeriver: () => Deriver;
  children: ReactNode;
}): ReactNode {
  const { store, derive, newDeriver, children } = props;
  const value = useMemo(() => ({ store, derive, newDeriver }), [store, derive, newDeriver]);
  return <ExplorerContext value={value}>{children}</ExplorerContext>;
}

function useExplorerContext(): ExplorerContextValue {
  const value = useContext(ExplorerContext);
  if (value === null) throw new Error('useExplorer must be used inside <ExplorerProvider>');
  return value;
}

/** Subscribes to one slice of the store; pass a module-scope `selectX`. */
export function useExplorer<T>(selector: (s: ExplorerState) => T): T {
  return useStore(useExplorerContext().store, selector);
}

/**
 * Subscribes to one slice of the derived data (pass a module-scope `selectX` from
 * derived-selectors.ts); the component re-renders only when that slice changes.
 */
export function useDerived<T>(selector: (d: Derived) => T): T {
  const { store, derive } = useExplorerContext();
  return useStore(store, (s) => selector(derive(s)));
}

/**
 * Subscribes to a slice computed from the store state and its derived data together (pass a
 * module-scope selector), e.g. the rules the hovered flag produced in the loaded rules.
 */
export function useExplorerDerived<T>(selector: (s: ExplorerState, d: Derived) => T): T {
  const { store, derive } = useExplorerContext();
  return useStore(store, (s) => selector(s, derive(s)));
}

/** The store's deriver, for reads that must not subscribe (event handlers). */
export function useDeriver(): Deriver {
  return useExplorerContext().derive;
}

/** The store's actions: stable functions, read without subscribing. */
export function useExplorerActions(): ExplorerActions {
  return useExplorerContext().store.getState();
}

/** The store itself, for reads that must not subscribe (e.g. an editor's initial value). */
export function useExplorerStore(): ExplorerStore {
  return useExplorerContext().store;
}

/**
 * Makes a fresh deriver (the composition's `createDeriver`, handed in by the page): for work
 * that must not disturb the page's own memo stages.
 */
export function useNewDeriver(): () => Deriver {
  return useExplorerContext().newDeriver;
}
