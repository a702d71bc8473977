import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { OptionsState, OptionsStore } from './store';

const StoreContext = createContext<OptionsStore | null>(null);

export function OptionsStoreProvider({ store, children }: { store: OptionsStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** Reads a slice of the options store; re-renders only when that slice changes. */
export function useOptions<T>(selector: (state: OptionsState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useOptions needs an <OptionsStoreProvider>.');
  return useStore(store, selector);
}
