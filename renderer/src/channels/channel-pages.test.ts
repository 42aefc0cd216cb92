import { describe, expect, it } from 'vitest';
import { RpcError } from '@shared/contract/errors';
import type { Channel } from '@shared/contract/iptv';
import { ChannelPages, effectiveQuery, PAGE_SIZE, type ChannelPage, type ChannelQuery } from './channel-pages';

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

/** A catalog of `size` channels behind offset cursors; records every request. */
function catalog(size: number, total: boolean) {
  const calls: (string | null)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let conflictOnce = false;
  const load = async (_query: ChannelQuery, cursor: string | null, limit: number): Promise<ChannelPage> => {
    calls.push(cursor);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    inFlight -= 1;
    if (conflictOnce && cursor !== null) {
      conflictOnce = false;
      throw new RpcError('CONFLICT', 'The catalog was refreshed: load it again from the top.');
    }
    const from = cursor === null ? 0 : Number(cursor);
    const items = Array.from({ length: Math.max(0, Math.min(limit, size - from)) }, (_v, i) => channel(from + i));
    const next = from + items.length < size ? String(from + items.length) : null;
    return { items, nextCursor: next, total: cursor === null && total ? size : null };
  };
  return { load, calls, maxInFlight: () => maxInFlight, conflictNext: () => (conflictOnce = true) };
}

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
  it('shows the whole catalog’s length at once and loads the pages up to a row, in order, one at a time', async () => {
    const c = catalog(1000, true);
    const pages = new ChannelPages(QUERY, c.load);
    pages.want(0);
    await until(pages, (s) => s.status === 'ready');
    expect(pages.snapshot()).toMatchObject({ count: 1000, hasMore: true, status: 'ready' });
    expect(pages.snapshot().rows).toHaveLength(PAGE_SIZE);
    pages.want(650);
    pages.want(700);
    await until(pages, (s) => s.rows.length >= 800);
    expect(pages.snapshot().rows).toHaveLength(800);
    expect(c.calls).toEqual([null, '200', '400', '600']);
    expect(c.maxInFlight()).toBe(1);
  });

  it('a search has no total: one “more” row while there are more pages', async () => {
    const c = catalog(250, false);
    const pages = new ChannelPages({ ...QUERY, query: 'sport' }, c.load);
    pages.want(0);
    await until(pages, (s) => s.status === 'ready');
    expect(pages.snapshot()).toMatchObject({ count: PAGE_SIZE + 1, hasMore: true });
    pages.want(PAGE_SIZE);
    await until(pages, (s) => !s.hasMore);
    expect(pages.snapshot()).toMatchObject({ count: 250, hasMore: false });
  });

  it('starts again from the top when the catalog was refreshed under it', async () => {
    const c = catalog(500, true);
    const pages = new ChannelPages(QUERY, c.load);
    pages.want(0);
    await until(pages, (s) => s.status === 'ready');
    c.conflictNext();
    pages.want(300);
    await until(pages, (s) => s.rows.length >= 400);
    expect(c.calls).toEqual([null, '200', null, '200']);
    expect(
      pages
        .snapshot()
        .rows.map((r) => r.id)
        .slice(0, 2),
    ).toEqual(['c0', 'c1']);
    expect(pages.snapshot().rows).toHaveLength(400);
  });

  it('changes a row in place (a favourite) without reloading', async () => {
    const c = catalog(10, true);
    const pages = new ChannelPages(QUERY, c.load);
    pages.want(0);
    await until(pages, (s) => s.status === 'ready');
    pages.update('c3', { favourite: true });
    expect(pages.snapshot().rows[3]?.favourite).toBe(true);
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
