import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category, Channel, Provider } from '@shared/contract/iptv';
import { channelName, groupName, m3uChunks, writeChunks } from '../../../tests/support/iptv/catalog-fixtures';
import { rpcErrorOf, startIptvEngine, type IptvTestEngine } from '../../../tests/support/iptv/iptv-engine';
import type { Page } from './catalog/catalog-reader';
import { foldForSearch } from './catalog/search-text';

const CHANNELS = 100_000;
const GROUPS = 200;

describe('a 100,000-channel catalog: paging, search, favourites, hidden categories', () => {
  let dir: string;
  let t: IptvTestEngine;
  let provider: Provider;
  const list = (params: Record<string, unknown>) =>
    t.call<Page<Channel>>('iptv.listChannels', { providerId: provider.id, ...params });
  const all = async (params: Record<string, unknown>): Promise<Channel[]> => {
    const out: Channel[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Channel> = await list({ ...params, cursor, limit: 500 });
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return out;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lm-iptv-100k-'));
    const file = path.join(dir, 'big.m3u');
    await writeChunks(file, m3uChunks({ channels: CHANNELS, groups: GROUPS, streamOrigin: 'http://provider.example' }));
    t = await startIptvEngine();
    const added = await t.call<Provider>('iptv.addProvider', { kind: 'm3u', name: 'Big', playlist: { file } });
    provider = await t.settled(added.id);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports every channel and category', () => {
    expect(provider.status.catalog).toMatchObject({
      state: 'ready',
      channelCount: CHANNELS,
      categoryCount: GROUPS,
      lastError: null,
    });
  });

  it('pages through all of it in the playlist order, with no gap or repeat', { timeout: 120_000 }, async () => {
    const first = await list({ limit: 10 });
    expect(first.total).toBe(CHANNELS);
    expect(first.items.map((c) => c.name)).toEqual(Array.from({ length: 10 }, (_v, i) => channelName(i)));
    const everything = await all({});
    expect(everything).toHaveLength(CHANNELS);
    expect(new Set(everything.map((c) => c.id)).size).toBe(CHANNELS);
    expect(everything[CHANNELS - 1]?.name).toBe(channelName(CHANNELS - 1));
  });

  it('finds "Café" for "cafe" and "Eurosport 1" for "sport" (substring, accents and case ignored)', async () => {
    const cafe = await list({ query: 'cafe', limit: 3 });
    expect(cafe.items.map((c) => c.name)).toEqual(['Café Télé 1', 'Café Télé 11', 'Café Télé 21']);
    const eurosport1 = await list({ query: 'sport 1', limit: 500 });
    expect(eurosport1.items.map((c) => c.name)).toContain('Eurosport 10');
    const sport = await all({ query: 'sport' });
    const expected = Array.from({ length: CHANNELS }, (_v, i) => i).filter(
      (i) => foldForSearch(channelName(i)).includes('sport') || foldForSearch(groupName(i, GROUPS)).includes('sport'),
    );
    expect(sport.map((c) => c.name)).toEqual(expected.map(channelName));
    expect(sport.find((c) => c.name === 'Eurosport 1000')?.match).toEqual({ field: 'name', programme: null });
    const byCategory = sport.find((c) => !foldForSearch(c.name).includes('sport'));
    expect(byCategory?.match?.field).toBe('category');
  });

  it('keeps favourites per channel id, in the playlist order, across a refresh', { timeout: 120_000 }, async () => {
    for (const i of [500, 7, 99_999]) {
      const id = (await list({ query: channelName(i), limit: 1 })).items[0]?.id as string;
      await t.call('iptv.setFavourite', { providerId: provider.id, channelId: id, favourite: true });
    }
    const favourites = async () => (await list({ view: 'favourites' })).items.map((c) => [c.name, c.favourite]);
    expect(await favourites()).toEqual([
      [channelName(7), true],
      [channelName(500), true],
      [channelName(99_999), true],
    ]);
    const stale = await list({ limit: 5 });
    await t.call('iptv.refreshProvider', { providerId: provider.id });
    await t.settled(provider.id);
    expect(await favourites()).toHaveLength(3);
    // A cursor from before the refresh is refused rather than skipping or repeating channels.
    const error = await rpcErrorOf(list({ cursor: stale.nextCursor }));
    expect(error.code).toBe('CONFLICT');
  });

  it('starts a page at any row (offset): the same rows paging would reach, and goes on from there', async () => {
    const names = (page: Page<Channel>) => page.items.map((c) => c.name);
    const expected = (from: number, n: number) => Array.from({ length: n }, (_v, i) => channelName(from + i));
    // The end of the list, at once (a scrollbar dragged to the bottom).
    const end = await list({ offset: CHANNELS - 5, limit: 10 });
    expect(names(end)).toEqual(expected(CHANNELS - 5, 5));
    expect(end.nextCursor).toBeNull();
    // Counting the list is for its first page: a page at a row does not scan the catalog again.
    expect(end.total).toBeNull();
    const middle = await list({ offset: 54_321, limit: 3 });
    expect(names(middle)).toEqual(expected(54_321, 3));
    // The page's cursor goes on after its last row; an offset with a cursor skips after it.
    expect(names(await list({ cursor: middle.nextCursor, limit: 2 }))).toEqual(expected(54_324, 2));
    expect(names(await list({ cursor: middle.nextCursor, offset: 10, limit: 2 }))).toEqual(expected(54_334, 2));
    expect((await list({ offset: CHANNELS, limit: 10 })).items).toEqual([]);

    // In a category, with a hidden category, in a search: the rows paging by cursor reaches.
    const categories = await t.call<Page<Category>>('iptv.listCategories', { providerId: provider.id, limit: 500 });
    const [first, second] = categories.items as [Category, Category];
    const inCategory = await all({ categoryId: second.id });
    expect(names(await list({ categoryId: second.id, offset: 300, limit: 4 }))).toEqual(
      inCategory.slice(300, 304).map((c) => c.name),
    );
    await t.call('iptv.setCategoryHidden', { providerId: provider.id, categoryId: first.id, hidden: true });
    try {
      const visible = await list({ offset: 20_000, limit: 3 });
      const inOrder = Array.from({ length: CHANNELS }, (_v, i) => i).filter((i) => groupName(i, GROUPS) !== first.name);
      expect(names(visible)).toEqual(inOrder.slice(20_000, 20_003).map((i) => channelName(i)));
    } finally {
      await t.call('iptv.setCategoryHidden', { providerId: provider.id, categoryId: first.id, hidden: false });
    }
    const sport = await all({ query: 'sport' });
    expect(names(await list({ query: 'sport', offset: 700, limit: 5 }))).toEqual(sport.slice(700, 705).map((c) => c.name));

    const bad = await rpcErrorOf(list({ offset: -1 }));
    expect(bad.code).toBe('INVALID_PARAMS');
  });

  it('hides a category from lists and searches, and lists it under hidden', async () => {
    const categories = await t.call<Page<Category>>('iptv.listCategories', { providerId: provider.id, limit: 500 });
    const sports0 = categories.items.find((c) => c.name === 'Sports 0') as Category;
    expect(sports0.channelCount).toBe(CHANNELS / GROUPS);
    await t.call('iptv.setCategoryHidden', { providerId: provider.id, categoryId: sports0.id, hidden: true });
    expect((await list({ limit: 1 })).total).toBe(CHANNELS - sports0.channelCount);
    const hidden = await all({ view: 'hidden' });
    expect(hidden).toHaveLength(sports0.channelCount);
    expect(hidden.every((c) => c.hidden && c.categoryId === sports0.id)).toBe(true);
    const searched = await all({ query: 'sports 0' });
    expect(searched.some((c) => c.categoryId === sports0.id)).toBe(false);
    await t.call('iptv.setCategoryHidden', { providerId: provider.id, categoryId: sports0.id, hidden: false });
    expect((await list({ limit: 1 })).total).toBe(CHANNELS);
  });

  it('pages categories and providers by cursor too, in their order, with no gap or repeat', async () => {
    const categories: Category[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Category> = await t.call('iptv.listCategories', { providerId: provider.id, cursor, limit: 30 });
      expect(page.items.length).toBeLessThanOrEqual(30);
      categories.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(categories.map((c) => c.name)).toEqual(Array.from({ length: GROUPS }, (_v, i) => groupName(i, GROUPS)));

    const small = path.join(dir, 'small.m3u');
    await writeChunks(small, m3uChunks({ channels: 3, streamOrigin: 'http://provider.example' }));
    const extra: string[] = [];
    for (const name of ['Second', 'Third']) {
      extra.push((await t.call<Provider>('iptv.addProvider', { kind: 'm3u', name, playlist: { file: small } })).id);
    }
    const names: string[] = [];
    cursor = null;
    do {
      const page: Page<Provider> = await t.call('iptv.listProviders', { cursor, limit: 1 });
      expect(page.items).toHaveLength(1);
      names.push(...page.items.map((p) => p.name));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(names).toEqual(['Big', 'Second', 'Third']);
    for (const providerId of extra) {
      await t.settled(providerId);
      await t.call('iptv.deleteProvider', { providerId });
    }
  });
});
