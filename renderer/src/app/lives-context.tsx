import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { connectLivesStore, createLivesStore, type LivesState, type LivesStore } from '../lives/lives-store';
import { useApi, useConnection, useTarget } from './api-context';

const LivesContext = createContext<LivesStore | null>(null);

/**
 * One lives store per target, kept for the window's life so switching back to a target shows
 * its lives at once. The selected one is connected to its engine, and connected again after
 * each reconnection (events missed while the link was down are read back by `lives.list`).
 */
export function LivesProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const { targetId } = useTarget();
  const { epoch } = useConnection();
  const [stores] = useState(() => new Map<string, LivesStore>());
  let store = stores.get(targetId);
  if (!store) {
    store = createLivesStore();
    stores.set(targetId, store);
  }
  useEffect(() => connectLivesStore(api, store), [api, store, epoch]);
  return <LivesContext.Provider value={store}>{children}</LivesContext.Provider>;
}

export function useLivesStore(): LivesStore {
  const store = useContext(LivesContext);
  if (!store) throw new Error('useLives must be used inside <LivesProvider>.');
  return store;
}

export function useLives<T>(selector: (state: LivesState) => T): T {
  return useStore(useLivesStore(), selector);
}
