import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { LiveManagerApi } from '../bridge/api';
import { connectLivesStore, createLivesStore, type LivesState, type LivesStore } from '../lives/lives-store';

interface LivesContextValue {
  readonly api: LiveManagerApi;
  readonly store: LivesStore;
}

const LivesContext = createContext<LivesContextValue | null>(null);

/** One lives store for the window, connected to the engine for as long as the app is mounted. */
export function LivesProvider({ api, children }: { api: LiveManagerApi; children: ReactNode }) {
  const [store] = useState(createLivesStore);
  useEffect(() => connectLivesStore(api, store), [api, store]);
  return <LivesContext.Provider value={{ api, store }}>{children}</LivesContext.Provider>;
}

function useLivesContext(): LivesContextValue {
  const value = useContext(LivesContext);
  if (!value) throw new Error('useLives must be used inside <LivesProvider>.');
  return value;
}

export function useLives<T>(selector: (state: LivesState) => T): T {
  return useStore(useLivesContext().store, selector);
}

export function useLivesStore(): LivesStore {
  return useLivesContext().store;
}

export function useApi(): LiveManagerApi {
  return useLivesContext().api;
}
