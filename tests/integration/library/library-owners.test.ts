import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryItem } from '@shared/contract/library';
import type { Caller } from '../../../electron/engine/context';
import { ordinaryClip } from '../../support/library/hostile-corpus';
import { ADMIN, ALICE, BOB, startLibraryEngine, type LibraryTestEngine } from '../../support/library/library-engine';

interface ListPage {
  items: LibraryItem[];
  total: number | null;
}

/** On a shared engine library.list shows each user their own items and an admin everyone's. */
describe('library.list on a shared engine', () => {
  let engine: LibraryTestEngine;
  let workDir: string;
  const added = new Map<string, LibraryItem>();

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'lm-library-owners-'));
    engine = await startLibraryEngine({ mode: 'shared' });
    // Each user's file where an upload leaves it (their own library folder), registered by them.
    for (const [caller, tone] of [
      [ALICE, 440],
      [BOB, 880],
    ] as [Caller, number][]) {
      const { myFolder } = await engine.call<{ myFolder: string }>('library.getSettings', undefined, caller);
      await mkdir(myFolder, { recursive: true });
      const file = await ordinaryClip(path.join(myFolder, `clip of ${caller.userId}.mp4`), 2, { tone });
      const { item } = await engine.call<{ item: LibraryItem }>('library.importPath', { path: file }, caller);
      added.set(caller.userId, item);
    }
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  const list = (caller: Caller, params: Record<string, unknown> = {}) => engine.call<ListPage>('library.list', params, caller);

  it('shows a user only their own items, searched or not', async () => {
    for (const [caller, other] of [
      [ALICE, BOB],
      [BOB, ALICE],
    ] as [Caller, Caller][]) {
      const page = await list(caller);
      expect(page.items.map((i) => i.ownerId)).toEqual([caller.userId]);
      expect(page.total).toBe(1);
      const search = await list(caller, { query: 'clip of' });
      expect(search.items.map((i) => i.name)).toEqual([`clip of ${caller.userId}.mp4`]);
      expect(search.total).toBe(1);
      expect((await list(caller, { query: other.userId })).items).toEqual([]);
      // Nor one by its id.
      await expect(engine.call('library.get', { itemId: added.get(other.userId)?.id }, caller)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
  });

  it('shows an admin every user’s items', async () => {
    const page = await list(ADMIN);
    expect(page.items.map((i) => i.ownerId).sort()).toEqual([ALICE.userId, BOB.userId]);
    expect(page.total).toBe(2);
    const search = await list(ADMIN, { query: 'clip of', codec: 'h264' });
    expect(search.items.map((i) => i.name).sort()).toEqual([`clip of ${ALICE.userId}.mp4`, `clip of ${BOB.userId}.mp4`]);
    expect(search.total).toBe(2);
  });
});
