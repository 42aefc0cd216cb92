import type { Live, RunStats } from '@shared/contract/lives';
import type { Page } from '@shared/contract/paging';
import { describe, expect, it } from 'vitest';
import type { LiveManagerApi } from '../bridge/api';
import { connectLivesStore, createLivesStore, HISTORY_SAMPLES, HOT_STATES, newestFirst, sortedLives } from './lives-store';

type Listener = (payload: unknown) => void;

/** The two things the store uses from the API: `lives.list` and `on`, with events we push by hand. */
function fakeApi() {
  const listeners = new Map<string, Set<Listener>>();
  let resolveList: (page: Page<Live>) => void = () => undefined;
  const listInputs: unknown[] = [];
  const api = {
    lives: {
      list: (input: unknown) => {
        listInputs.push(input);
        return new Promise<Page<Live>>((resolve) => (resolveList = resolve));
      },
    },
    on: (event: string, fn: Listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(fn);
      listeners.set(event, set);
      return () => set.delete(fn);
    },
  } as unknown as Pick<LiveManagerApi, 'lives' | 'on'>;
  return {
    api,
    emit: (event: string, payload: unknown) => listeners.get(event)?.forEach((fn) => fn(payload)),
    /** Answer the pending `lives.list` call with one page. */
    resolveList: (lives: Live[], nextCursor: string | null = null) => resolveList({ items: lives, nextCursor }),
    listeners: (event: string) => listeners.get(event)?.size ?? 0,
    listCalls: () => listInputs.length,
    listInputs,
  };
}

function live(id: string, patch: Partial<Live> = {}): Live {
  return {
    id,
    title: `Live ${id}`,
    ownerId: 'local',
    source: { kind: 'testPattern' },
    destinations: [],
    encoding: { mode: 'auto' },
    loop: { kind: 'once' },
    start: { kind: 'manual' },
    end: { kind: 'none' },
    state: 'draft',
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    ...patch,
  };
}

const stats = (fps: number): RunStats => ({
  at: '2026-01-01T10:00:05.000Z',
  fps,
  bitrateKbps: 2500,
  speed: 1,
  frames: 100,
  dropped: 0,
  duplicated: 0,
  outTimeMs: 5000,
  cpuPercent: 12,
  rssBytes: 50e6,
  destinations: [],
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('lives store', () => {
  it('loads lives.list once (what needs attention first), newest first, then follows events without asking again', async () => {
    const fake = fakeApi();
    const store = createLivesStore();
    connectLivesStore(fake.api, store);
    expect(store.getState().status).toBe('loading');
    fake.resolveList([live('b', { createdAt: '2026-01-02T00:00:00.000Z', state: 'failed' })]);
    await flush();
    expect(store.getState()).toMatchObject({ status: 'loading', hotReady: true });
    fake.resolveList([live('a')]);
    await flush();
    expect(store.getState().status).toBe('ready');
    expect(sortedLives(store.getState().lives).map((l) => l.id)).toEqual(['b', 'a']);

    fake.emit('live.updated', live('a', { state: 'live', currentRunId: 'r1', updatedAt: '2026-01-01T10:01:00.000Z' }));
    expect(store.getState().lives.a?.state).toBe('live');
    fake.emit('run.stats', { liveId: 'a', runId: 'r1', stats: stats(30) });
    expect(store.getState().stats.a?.stats.fps).toBe(30);
    fake.emit('live.deleted', { liveId: 'b', ownerId: 'local' });
    expect(Object.keys(store.getState().lives)).toEqual(['a']);
    expect(fake.listCalls()).toBe(2);
  });

  it('fetches page after page, passing each nextCursor back, and is ready only after the last', async () => {
    const fake = fakeApi();
    const store = createLivesStore();
    connectLivesStore(fake.api, store);
    fake.resolveList([live('c', { createdAt: '2026-01-03T00:00:00.000Z' })], 'cursor-1');
    await flush();
    expect(store.getState().status).toBe('loading');
    expect(Object.keys(store.getState().lives)).toEqual(['c']);
    fake.resolveList([live('b', { createdAt: '2026-01-02T00:00:00.000Z' })], 'cursor-2');
    await flush();
    fake.resolveList([live('a')]);
    await flush();
    expect(store.getState()).toMatchObject({ status: 'loading', hotReady: true });
    fake.resolveList([]);
    await flush();
    expect(store.getState().status).toBe('ready');
    expect(sortedLives(store.getState().lives).map((l) => l.id)).toEqual(['c', 'b', 'a']);
    const hot = [...HOT_STATES];
    expect(fake.listInputs).toEqual([
      { state: hot, limit: 200 },
      { state: hot, limit: 200, cursor: 'cursor-1' },
      { state: hot, limit: 200, cursor: 'cursor-2' },
      { state: ['draft', 'ended', 'interrupted'], limit: 200 },
    ]);
  });

  it('keeps a change that arrived while the list was travelling', async () => {
    const fake = fakeApi();
    const store = createLivesStore();
    connectLivesStore(fake.api, store);
    fake.emit('live.updated', live('a', { state: 'starting', updatedAt: '2026-01-01T10:05:00.000Z' }));
    fake.emit('live.deleted', { liveId: 'gone', ownerId: 'local' });
    fake.resolveList([]);
    await flush();
    fake.resolveList([live('a'), live('gone')]);
    await flush();
    expect(store.getState().lives.a?.state).toBe('starting');
    expect(store.getState().lives.gone).toBeUndefined();
  });

  it('drops the statistics of a run that is over and ignores samples of an older run', async () => {
    const fake = fakeApi();
    const store = createLivesStore();
    connectLivesStore(fake.api, store);
    fake.resolveList([live('a', { state: 'live', currentRunId: 'r2' })]);
    await flush();
    fake.emit('run.stats', { liveId: 'a', runId: 'r1', stats: stats(10) });
    expect(store.getState().stats.a).toBeUndefined();
    fake.emit('run.stats', { liveId: 'a', runId: 'r2', stats: stats(25) });
    expect(store.getState().stats.a?.runId).toBe('r2');
    fake.emit('live.updated', live('a', { state: 'ended', updatedAt: '2026-01-01T11:00:00.000Z' }));
    expect(store.getState().stats.a).toBeUndefined();
    expect(store.getState().history.a).toBeUndefined();
  });

  it('keeps the last figures of each running live for its sparkline, oldest first, bounded', async () => {
    const fake = fakeApi();
    const store = createLivesStore();
    connectLivesStore(fake.api, store);
    fake.resolveList([live('a', { state: 'live', currentRunId: 'r1' })]);
    await flush();
    const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, 0) + second * 1000).toISOString();
    for (let i = 0; i < HISTORY_SAMPLES + 5; i++) {
      fake.emit('run.stats', { liveId: 'a', runId: 'r1', stats: { ...stats(30), at: at(i * 5), bitrateKbps: 1000 + i } });
    }
    fake.emit('run.stats', { liveId: 'a', runId: 'r1', stats: { ...stats(30), at: at(0), bitrateKbps: 1 } }); // late: ignored
    const history = store.getState().history.a!;
    expect(history.at).toHaveLength(HISTORY_SAMPLES);
    expect(history.bitrateKbps.at(0)).toBe(1005);
    expect(history.bitrateKbps.at(-1)).toBe(1000 + HISTORY_SAMPLES + 4);
    expect(history.at.at(-1)! - history.at.at(-2)!).toBe(5);
  });

  it('reports a failed list and unsubscribes every listener', async () => {
    const fake = fakeApi();
    const store = createLivesStore();
    const off = connectLivesStore(
      { ...fake.api, lives: { list: () => Promise.reject(new Error('engine unreachable')) } } as unknown as Pick<
        LiveManagerApi,
        'lives' | 'on'
      >,
      store,
    );
    await flush();
    expect(store.getState()).toMatchObject({ status: 'error', error: 'engine unreachable' });
    expect(fake.listeners('live.updated')).toBe(1);
    off();
    expect(fake.listeners('live.updated') + fake.listeners('live.deleted') + fake.listeners('run.stats')).toBe(0);
  });
});

describe('newest first', () => {
  it('orders as lives.list does (createdAt, then id, both descending) without localeCompare', () => {
    const at = (day: number, id: string) =>
      ({ id, createdAt: `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z` }) as unknown as Live;
    const lives = [at(3, 'b'), at(12, 'a'), at(3, 'c'), at(1, 'z'), at(12, 'A')];
    expect(lives.sort(newestFirst).map((l) => `${l.createdAt.slice(8, 10)}${l.id}`)).toEqual(['12a', '12A', '03c', '03b', '01z']);
    expect(newestFirst(at(3, 'b'), at(3, 'b'))).toBe(0);
  });
});
