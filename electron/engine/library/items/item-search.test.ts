import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaInfo, Verdict } from '@shared/contract/library';
import { openDatabase } from '../../storage/database';
import { libraryMigrations } from '../migrations';
import { ItemStore, type NewItem } from './item-store';

const media = (codec: string | null, durationSec: number): MediaInfo =>
  ({ durationSec, video: codec === null ? null : { codec } }) as unknown as MediaInfo;
const ready: Verdict = { kind: 'asIs' } as unknown as Verdict;

function item(i: number, name: string, overrides: Partial<NewItem> = {}): NewItem {
  return {
    id: `item-${i}`,
    ownerId: 'alice',
    name,
    path: `/media/${i}.mp4`,
    storage: 'reference',
    sizeBytes: 1000,
    fileMtimeMs: 0,
    fingerprint: null,
    addedAt: 1_000_000 + i,
    status: 'ready',
    notes: [],
    media: media('h264', 60),
    verdict: ready,
    thumbs: null,
    originalId: null,
    rendition: null,
    ...overrides,
  };
}

describe('library search (FTS5 index)', () => {
  let dir: string;
  let db: DatabaseSync;
  let store: ItemStore;
  const names = (query: string, extra: Record<string, unknown> = {}, owner?: string) =>
    store.page({ query, ...extra }, owner, undefined, 100).map((r) => r.name);

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lm-lib-search-'));
    db = openDatabase({ dataDir: dir, migrations: libraryMigrations });
    store = new ItemStore(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds words anywhere in a name, accents and case ignored, every word required', () => {
    store.insert(item(1, 'Concert Été 2024.mp4'));
    store.insert(item(2, 'Morning show.mkv'));
    store.insert(item(3, 'Show du matin été.mp4'));
    expect(names('ete')).toEqual(['Show du matin été.mp4', 'Concert Été 2024.mp4']);
    expect(names('ONCER')).toEqual(['Concert Été 2024.mp4']);
    expect(names('show été')).toEqual(['Show du matin été.mp4']);
    expect(names('show du')).toEqual(['Show du matin été.mp4']);
    expect(names('nothing')).toEqual([]);
    expect(store.count({ query: 'show' }, undefined)).toBe(2);
  });

  it('treats FTS syntax in the box as text', () => {
    store.insert(item(1, 'a "quoted" OR name*.mp4'));
    expect(names('"quoted" OR')).toEqual(['a "quoted" OR name*.mp4']);
    expect(names('name* -x')).toEqual([]);
    expect(names('name*')).toEqual(['a "quoted" OR name*.mp4']);
  });

  it('applies the owner and the filters in the same query', () => {
    store.insert(item(1, 'replay one.mp4'));
    store.insert(item(2, 'replay two.mp4', { ownerId: 'bob' }));
    store.insert(
      item(3, 'replay three.mkv', { media: media('hevc', 7200), verdict: { kind: 'reencode' } as unknown as Verdict }),
    );
    expect(names('replay', {}, 'alice')).toEqual(['replay three.mkv', 'replay one.mp4']);
    expect(names('replay', {}, 'bob')).toEqual(['replay two.mp4']);
    expect(names('replay', { codec: 'hevc' })).toEqual(['replay three.mkv']);
    expect(names('replay', { duration: 'long' })).toEqual(['replay three.mkv']);
    expect(names('replay', { verdict: 'asIs' })).toEqual(['replay two.mp4', 'replay one.mp4']);
    expect(store.count({ query: 'replay', codec: 'h264' }, 'alice')).toBe(1);
  });

  it('forgets a deleted item', () => {
    store.insert(item(1, 'trailer.mp4'));
    store.insert(item(2, 'trailer 2.mp4'));
    store.delete('item-1');
    expect(names('trailer')).toEqual(['trailer 2.mp4']);
    expect(db.prepare('SELECT count(*) AS n FROM library_items_fts WHERE library_items_fts MATCH \'"trailer"\'').get()).toEqual({
      n: 1,
    });
  });

  it('gives a search’s first page and its total from one statement, as page and count do', () => {
    for (let i = 1; i <= 30; i++)
      store.insert(item(i, `${i % 3 === 0 ? 'concert' : 'replay'} ${i}.mp4`, { ownerId: i % 2 ? 'alice' : 'bob' }));
    for (const [filter, owner] of [
      [{ query: 'concert' }, undefined],
      [{ query: 'concert 1' }, 'alice'],
      [{ query: 'replay', codec: 'h264' }, 'bob'],
      [{ query: 'nothing' }, undefined],
    ] as const) {
      const { rows, total } = store.searchPage(filter, owner, 4);
      expect(rows.map((r) => r.id)).toEqual(store.page(filter, owner, undefined, 4).map((r) => r.id));
      expect(total).toBe(store.count(filter, owner));
    }
    expect(store.searchPage({ query: 'concert' }, undefined, 4).total).toBe(10);
  });
});
