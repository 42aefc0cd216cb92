import { LIVES_PAGE, type Live, type LiveState, type RunStats } from '@shared/contract/lives';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LiveManagerApi } from '../bridge/api';

export interface LiveStatsSample {
  readonly runId: string;
  readonly stats: RunStats;
}

/** The last figures of a running live, oldest first, for its sparkline. */
export interface StatsHistory {
  readonly runId: string;
  /** Seconds since the epoch (uPlot's x axis). */
  readonly at: readonly number[];
  readonly bitrateKbps: readonly (number | null)[];
}

/** Samples kept per live: at one every 5 s, the last five minutes. */
export const HISTORY_SAMPLES = 60;

export interface LivesState {
  status: 'loading' | 'ready' | 'error';
  /**
   * The lives that need attention (running, failed, scheduled) are loaded: the dashboard can
   * draw before the rest of a long list has arrived.
   */
  hotReady: boolean;
  error: string | null;
  lives: Readonly<Record<string, Live>>;
  /** The latest `run.stats` sample of each running live. */
  stats: Readonly<Record<string, LiveStatsSample>>;
  /** The figures of each running live since the window saw it run (from the same events). */
  history: Readonly<Record<string, StatsHistory>>;
}

/** Read first: what the dashboard shows. The rest (drafts, ended lives) follows. */
export const HOT_STATES: readonly LiveState[] = ['queued', 'starting', 'live', 'reconnecting', 'stopping', 'failed', 'scheduled'];
const COLD_STATES: readonly LiveState[] = ['draft', 'ended', 'interrupted'];

export type LivesStore = StoreApi<LivesState>;

export function createLivesStore(): LivesStore {
  return createStore<LivesState>(() => ({ status: 'loading', hotReady: false, error: null, lives: {}, stats: {}, history: {} }));
}

/**
 * Newest first, as `lives.list` returns them. ISO timestamps and ids order by code unit, so a
 * plain comparison gives the same order as `localeCompare` at a fraction of its cost (thousands
 * of lives are sorted on every keystroke of the search).
 */
export function newestFirst(a: Live, b: Live): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export function sortedLives(lives: LivesState['lives']): Live[] {
  return Object.values(lives).sort(newestFirst);
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
      const { [live.id]: _past, ...history } = s.history;
      next.stats = stats;
      next.history = history;
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
        const { [liveId]: _history, ...history } = s.history;
        return { ...s, lives, stats, history };
      });
    }),
    api.on('run.stats', ({ liveId, runId, stats }) => {
      store.setState((s) => {
        const live = s.lives[liveId];
        if (live && live.currentRunId !== undefined && live.currentRunId !== runId) return s;
        return {
          ...s,
          stats: { ...s.stats, [liveId]: { runId, stats } },
          history: { ...s.history, [liveId]: appendSample(s.history[liveId], runId, stats) },
        };
      });
    }),
  ];
  let closed = false;
  const loadPages = async (state: readonly LiveState[]): Promise<void> => {
    let cursor: string | null | undefined;
    do {
      const page = await api.lives.list({ state: [...state], limit: LIVES_PAGE.maxLimit, ...(cursor ? { cursor } : {}) });
      if (closed) return;
      // One store update a page, not one per live: a list of thousands arrives in a few renders.
      store.setState((s) => {
        const lives = { ...s.lives };
        for (const live of page.items) if (!deleted.has(live.id) && newer(lives[live.id], live)) lives[live.id] = live;
        return { ...s, lives };
      });
      cursor = page.nextCursor;
    } while (cursor);
  };
  const load = async (): Promise<void> => {
    // Two disjoint reads; a live that moves from one to the other meanwhile arrives as an event.
    await loadPages(HOT_STATES);
    if (closed) return;
    store.setState({ hotReady: true });
    await loadPages(COLD_STATES);
    if (!closed) store.setState({ status: 'ready', error: null });
  };
  load().catch((error: unknown) => {
    if (!closed) store.setState({ status: 'error', error: error instanceof Error ? error.message : String(error) });
  });
  return () => {
    closed = true;
    for (const off of offs) off();
  };
}

function appendSample(previous: StatsHistory | undefined, runId: string, stats: RunStats): StatsHistory {
  const base = previous?.runId === runId ? previous : { runId, at: [], bitrateKbps: [] };
  const at = Date.parse(stats.at) / 1000;
  // Out of order (a late sample): keep the history increasing for the chart.
  if (base.at.length > 0 && at <= (base.at.at(-1) ?? 0)) return base;
  return {
    runId,
    at: [...base.at.slice(-(HISTORY_SAMPLES - 1)), at],
    bitrateKbps: [...base.bitrateKbps.slice(-(HISTORY_SAMPLES - 1)), stats.bitrateKbps],
  };
}
