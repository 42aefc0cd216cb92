import { LIVES_PAGE, type Live, type RunStats } from '@shared/contract/lives';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LiveManagerApi } from '../bridge/api';

export interface LiveStatsSample {
  readonly runId: string;
  readonly stats: RunStats;
}

export interface LivesState {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  lives: Readonly<Record<string, Live>>;
  /** The latest `run.stats` sample of each running live. */
  stats: Readonly<Record<string, LiveStatsSample>>;
}

export type LivesStore = StoreApi<LivesState>;

export function createLivesStore(): LivesStore {
  return createStore<LivesState>(() => ({ status: 'loading', error: null, lives: {}, stats: {} }));
}

/** Newest first, as `lives.list` returns them. */
export function sortedLives(lives: LivesState['lives']): Live[] {
  return Object.values(lives).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** A newer copy wins; equal timestamps take the incoming one (the event after a change). */
function newer(current: Live | undefined, incoming: Live): boolean {
  return current === undefined || incoming.updatedAt >= current.updatedAt;
}

export function upsertLive(store: LivesStore, live: Live): void {
  store.setState((s) => {
    if (!newer(s.lives[live.id], live)) return s;
    const next: LivesState = { ...s, lives: { ...s.lives, [live.id]: live } };
    // A run that ended leaves no current statistics behind.
    if (live.currentRunId === undefined && s.stats[live.id]) {
      const { [live.id]: _gone, ...stats } = s.stats;
      next.stats = stats;
    }
    return next;
  });
}

/**
 * Fill the store from `lives.list`, page after page until the last, then keep it current from
 * `live.updated`, `live.deleted` and `run.stats` — no polling. Events are listened to before the
 * list is asked for, so a change made while the pages travel is not lost; the newer copy of each
 * live wins. Returns the unsubscribe.
 */
export function connectLivesStore(api: Pick<LiveManagerApi, 'lives' | 'on'>, store: LivesStore): () => void {
  const deleted = new Set<string>();
  const offs = [
    api.on('live.updated', (live) => upsertLive(store, live)),
    api.on('live.deleted', ({ liveId }) => {
      deleted.add(liveId);
      store.setState((s) => {
        const { [liveId]: _live, ...lives } = s.lives;
        const { [liveId]: _stats, ...stats } = s.stats;
        return { ...s, lives, stats };
      });
    }),
    api.on('run.stats', ({ liveId, runId, stats }) => {
      store.setState((s) => {
        const live = s.lives[liveId];
        if (live && live.currentRunId !== undefined && live.currentRunId !== runId) return s;
        return { ...s, stats: { ...s.stats, [liveId]: { runId, stats } } };
      });
    }),
  ];
  let closed = false;
  const loadPages = async (): Promise<void> => {
    let cursor: string | null | undefined;
    do {
      const page = await api.lives.list({ limit: LIVES_PAGE.maxLimit, ...(cursor ? { cursor } : {}) });
      if (closed) return;
      for (const live of page.items) if (!deleted.has(live.id)) upsertLive(store, live);
      cursor = page.nextCursor;
    } while (cursor);
    store.setState({ status: 'ready', error: null });
  };
  loadPages().catch((error: unknown) => {
    if (!closed) store.setState({ status: 'error', error: error instanceof Error ? error.message : String(error) });
  });
  return () => {
    closed = true;
    for (const off of offs) off();
  };
}
