import { describe, expect, it } from 'vitest';
import { RpcError } from '@shared/contract/errors';
import type { Channel } from '@shared/contract/iptv';
import { ChannelPages, effectiveQuery, PAGE_SIZE, type ChannelPage, type ChannelQuery, type PageStart } from './channel-pages';

const QUERY: ChannelQuery = { providerId: 'p1', view: 'all', categoryId: null, query: '' };

const channel = (i: number): Channel => ({
  id: `c${i}`,
  providerId: 'p1',
  name: `Channel ${i}`,
  number: i,
  logo: null,
  categoryId: null,
  categoryName: null,
  tvgId: null,
  format: 'hls',
  catchupDays: null,
  favourite: false,
  hidden: false,
  watchedAt: null,
  now: null,
  next: null,
  match: null,
});

/** A catalog of `size` channels behind offset cursors; records every request (`@offset` or the cursor). */
function catalog(size: number, total: boolean) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let conflictOnce = false;
  const load = async (_query: ChannelQuery, start: PageStart, limit: number): Promise<ChannelPage> => {
    calls.push(start.cursor ?? `@${start.offset}`);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    inFlight -= 1;
    if (conflictOnce && start.cursor !== null) {
      conflictOnce = false;
      throw new RpcError('CONFLICT', 'The catalog was refreshed: load it again from the top.');
    }
    const from = (start.cursor === null ? 0 : Number(start.cursor)) + start.offset;
    const items = Array.from({ length: Math.max(0, Math.min(limit, size - from)) }, (_v, i) => channel(from + i));
    const next = from + items.length < size ? String(from + items.length) : null;
    return { items, nextCursor: next, total: start.cursor === null && total ? size : null };
  };
  return { load, calls, maxInFlight: () => maxInFlight, conflictNext: () => (conflictOnce = true) };
}

const ids = (s: ReturnType<ChannelPages['snapshot']>, from: number, to: number): (string | undefined)[] =>
  Array.from({ length: to - from }, (_v, i) => s.rowAt(from + i)?.id);

/** Resolves once the list's snapshot satisfies `done` (it changes on every page loaded). */
function until(pages: ChannelPages, done: (s: ReturnType<ChannelPages['snapshot']>) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the list never reached the expected state')), 5000);
    const check = (): void => {
      if (!done(pages.snapshot())) return;
      clearTimeout(timer);
      off();
      resolve();
    };
    const off = pages.subscribe(check);
    check();
  });
}

describe('channel pages as the list scrolls', () => {
  it('shows the whole catalog’s length at once and loads the pages in view, one request at a time', async () => {
    const c = catalog(10 * PAGE_SIZE, true);
    const pages = new ChannelPages(QUERY, c.load);
    pages.show(0, 0);
    await until(pages, (s) => s.status === 'ready');
    expect(pages.snapshot()).toMatchObject({ count: 10 * PAGE_SIZE, loaded: PAGE_SIZE, hasMore: true, status: 'ready' });
    // Scrolling on: the next page goes on from the cursor of the one before.
    pages.show(PAGE_SIZE - 10, PAGE_SIZE + 10);
    await until(pages, (s) => s.loaded >= 2 * PAGE_SIZE);
    expect(c.calls).toEqual(['@0', String(PAGE_SIZE)]);
    expect(c.maxInFlight()).toBe(1);
  });

  it('a jump far down loads the page it lands on at its row, not the pages before it', async () => {
    const c = catalog(100_000, true);
    const pages = new ChannelPages(QUERY, c.load);
    pages.show(0, 0);
    await until(pages, (s) => s.status === 'ready');
    pages.show(99_990, 99_999);
    await until(pages, (s) => s.rowAt(99_999) !== undefined);
    const start = Math.floor(99_990 / PAGE_SIZE) * PAGE_SIZE;
    expect(c.calls).toEqual(['@0', `@${start}`]);
    expect(ids(pages.snapshot(), 99_998, 100_000)).toEqual(['c99998', 'c99999']);
    // The rows between were never loaded; the list still knows its length.
    expect(pages.snapshot().rowAt(50_000)).toBeUndefined();
    expect(pages.snapshot()).toMatchObject({ count: 100_000, loaded: PAGE_SIZE });
    // Scrolling back up from there: the page before, by its row too.
    pages.show(start - 5, start + 5);
    await until(pages, (s) => s.rowAt(start - 5) !== undefined);
    expect(c.calls.at(-1)).toBe(`@${start - PAGE_SIZE}`);
  });

  it('a search has no total: one “more” row while there are more pages, which load in order', async () => {
    const c = catalog(PAGE_SIZE + 50, false);
    const pages = new ChannelPages({ ...QUERY, query: 'sport' }, c.load);
    pages.show(0, 0);
    await until(pages, (s) => s.status === 'ready');
    expect(pages.snapshot()).toMatchObject({ count: PAGE_SIZE + 1, hasMore: true });
    pages.show(PAGE_SIZE, PAGE_SIZE + 40);
    await until(pages, (s) => !s.hasMore);
    expect(pages.snapshot()).toMatchObject({ count: PAGE_SIZE + 50, loaded: PAGE_SIZE + 50, hasMore: false });
    expect(c.calls).toEqual(['@0', String(PAGE_SIZE)]);
  });

  it('starts again from the top when the catalog was refreshed under it', async () => {
    const c = catalog(5 * PAGE_SIZE, true);
    const pages = new ChannelPages(QUERY, c.load);
    pages.show(0, 0);
    await until(pages, (s) => s.status === 'ready');
    c.conflictNext();
    pages.show(PAGE_SIZE, PAGE_SIZE + 10);
    await until(pages, (s) => s.loaded >= 2 * PAGE_SIZE);
    expect(c.calls).toEqual(['@0', String(PAGE_SIZE), '@0', String(PAGE_SIZE)]);
    expect(ids(pages.snapshot(), 0, 2)).toEqual(['c0', 'c1']);
  });

  it('changes a row in place (a favourite) without reloading', async () => {
    const c = catalog(10, true);
    const pages = new ChannelPages(QUERY, c.load);
    pages.show(0, 0);
    await until(pages, (s) => s.status === 'ready');
    pages.update('c3', { favourite: true });
    expect(pages.snapshot().rowAt(3)?.favourite).toBe(true);
    expect(c.calls).toHaveLength(1);
  });
});

describe('the search box', () => {
  it('searches from three characters; shorter text browses', () => {
    expect(effectiveQuery('')).toBe('');
    expect(effectiveQuery(' tf ')).toBe('');
    expect(effectiveQuery('  caf ')).toBe('caf');
    expect(effectiveQuery('café télé')).toBe('café télé');
  });
});
