import { IPTV_LIMITS, type Provider } from '@shared/contract/iptv';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LiveManagerApi } from '../bridge/api';

export interface ProvidersState {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  providers: Readonly<Record<string, Provider>>;
}

export type ProvidersStore = StoreApi<ProvidersState>;

export function createProvidersStore(): ProvidersStore {
  return createStore<ProvidersState>(() => ({ status: 'loading', error: null, providers: {} }));
}

/** Oldest first, as `iptv.listProviders` returns them. */
export function sortedProviders(providers: ProvidersState['providers']): Provider[] {
  return Object.values(providers).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

export function upsertProvider(store: ProvidersStore, provider: Provider): void {
  store.setState((s) => ({ ...s, providers: { ...s.providers, [provider.id]: provider } }));
}

export function removeProvider(store: ProvidersStore, providerId: string): void {
  store.setState((s) => {
    const { [providerId]: _gone, ...providers } = s.providers;
    return { ...s, providers };
  });
}

/**
 * Fill the store from `iptv.listProviders` (every page), then keep it current from
 * `iptv.providerUpdated` (refresh started or ended, account checked, a tuner taken) and
 * `iptv.providerDeleted`. Events are listened to first, so nothing that changes while the pages
 * travel is lost. Returns the unsubscribe.
 */
export function connectProvidersStore(api: Pick<LiveManagerApi, 'iptv' | 'on'>, store: ProvidersStore): () => void {
  const deleted = new Set<string>();
  /** Sent while the pages travel: at least as new as the list. */
  const meanwhile = new Map<string, Provider>();
  const offs = [
    api.on('iptv.providerUpdated', (provider) => {
      meanwhile.set(provider.id, provider);
      upsertProvider(store, provider);
    }),
    api.on('iptv.providerDeleted', ({ providerId }) => {
      deleted.add(providerId);
      removeProvider(store, providerId);
    }),
  ];
  let closed = false;
  const load = async (): Promise<void> => {
    let cursor: string | null = null;
    const seen: Record<string, Provider> = {};
    do {
      const page = await api.iptv.listProviders({ cursor, limit: IPTV_LIMITS.pageMax });
      if (closed) return;
      for (const provider of page.items) if (!deleted.has(provider.id)) seen[provider.id] = provider;
      cursor = page.nextCursor;
    } while (cursor);
    // The list replaces what an earlier connection left (a provider deleted while cut off goes).
    for (const [id, provider] of meanwhile) if (!deleted.has(id)) seen[id] = provider;
    store.setState({ status: 'ready', error: null, providers: seen });
  };
  load().catch((error: unknown) => {
    if (!closed) store.setState({ status: 'error', error: error instanceof Error ? error.message : String(error) });
  });
  return () => {
    closed = true;
    for (const off of offs) off();
  };
}
