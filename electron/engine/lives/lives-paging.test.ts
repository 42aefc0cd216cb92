import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcError } from '@shared/contract/errors';
import type { Live, LiveFieldsInput } from '@shared/contract/lives';
import type { Page } from '@shared/contract/paging';
import { DEFAULT_MAX_FRAME_BYTES } from '@shared/rpc/protocol';
import { createEngine, type Engine } from '../engine';
import { MemorySecretStore } from '../secrets/secret-store';
import { livesModule } from './lives-module';
import { startLivesKit, type LivesKit } from '../../../tests/support/engine/lives-kit';

let engine: Engine | undefined;
let dataDir: string | undefined;
let kit: LivesKit | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
  kit?.close();
  kit = undefined;
});

/** A real engine with the lives domain only (no FFmpeg runtime), on a clock the test moves. */
async function livesEngine(options: { maxLivesPerOwner?: number } = {}) {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'lm-paging-'));
  // Several lives per millisecond, so the order of equal creation times (by id) is exercised too.
  const clock = { now: Date.parse('2026-03-01T12:00:00Z'), calls: 0 };
  engine = await createEngine({
    appVersion: 'test',
    dataDir,
    secrets: new MemorySecretStore(),
    mode: 'single-owner',
    now: () => clock.now + Math.floor(clock.calls++ / 3),
    modules: [livesModule(undefined, options)],
  });
  const e = engine;
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const result = await e.router.call(method, params, { transport: 'ipc' });
    if (!result.ok) throw RpcError.fromPayload(result.error);
    return result.value as T;
  };
  return {
    call,
    clock,
    create: (title: string, fields: Partial<LiveFieldsInput> = {}) =>
      call<Live>('lives.create', { title, source: { kind: 'testPattern' }, ...fields }),
  };
}

const newestFirst = (a: Live, b: Live): number => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);

describe('lives.list pages', () => {
  it(
    'lists 1,600 lives page by page in a stable order, none twice or missed, while lives are created between pages',
    { timeout: 120_000 },
    async () => {
      const { call, create } = await livesEngine({ maxLivesPerOwner: 5_000 });
      const before: Live[] = [];
      for (let i = 0; i < 1_600; i++) before.push(await create(`Live ${i}`));

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Page<Live> = await call('lives.list', { limit: 100, ...(cursor ? { cursor } : {}) });
        expect(JSON.stringify(page).length).toBeLessThan(DEFAULT_MAX_FRAME_BYTES);
        seen.push(...page.items.map((l) => l.id));
        cursor = page.nextCursor;
        pages++;
        // Newer lives arrive while the list is read: they belong before the first page, not in a later one.
        for (let i = 0; i < 3; i++) await create(`Arrived during page ${pages}`);
      } while (cursor);

      expect(pages).toBe(16);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...before].sort(newestFirst).map((l) => l.id));
    },
  );

  it('cuts a page of large lives short of the frame limit, and the next page goes on from there', async () => {
    const { call, clock, create } = await livesEngine();
    // 500 paths of 1,000 characters: each live is about half a megabyte of JSON.
    const paths = Array.from({ length: 500 }, (_, i) => `/media/${String(i).padStart(4, '0')}-${'x'.repeat(985)}.mp4`);
    const big: Live[] = [];
    for (const title of ['Big 1', 'Big 2']) {
      big.push(await create(title, { source: { kind: 'playlist', paths } }));
      clock.now += 1_000;
    }
    const small = await create('Small');
    const first: Page<Live> = await call('lives.list', { limit: 50 });
    // The small live and one big one fit; a second big one would not.
    expect(first.items.map((l) => l.id)).toEqual([small.id, big[1]!.id]);
    expect(JSON.stringify(first).length).toBeLessThan(DEFAULT_MAX_FRAME_BYTES);
    expect(first.nextCursor).not.toBeNull();
    const second: Page<Live> = await call('lives.list', { limit: 50, cursor: first.nextCursor });
    expect(second.nextCursor).toBeNull();
    expect(second.items.map((l) => l.id)).toEqual([big[0]!.id]);
  });

  it('keeps the state filter across pages and refuses a forged cursor or an oversized page', async () => {
    const { call, create } = await livesEngine();
    for (let i = 0; i < 5; i++) await create(`Draft ${i}`);
    const scheduled = await create('Later', { start: { kind: 'once', at: '2030-01-01T20:00:00Z', timeZone: 'UTC' } });
    const page: Page<Live> = await call('lives.list', { state: ['scheduled'], limit: 1 });
    expect(page).toEqual({ items: [expect.objectContaining({ id: scheduled.id })], nextCursor: null });

    const forged = await call('lives.list', { cursor: 'bm90LWEtY3Vyc29y' }).catch((e: unknown) => e);
    expect(forged).toMatchObject({ code: 'INVALID_PARAMS', message: expect.stringContaining('start again from the first page') });
    const tooMany = await call('lives.list', { limit: 201 }).catch((e: unknown) => e);
    expect(tooMany).toMatchObject({ code: 'INVALID_PARAMS', issues: [expect.objectContaining({ path: ['limit'] })] });
  });
});

describe('the cap on lives per account', () => {
  it(
    'refuses the 201st live with a clear LIMIT_REACHED, even when creates race, and frees a place on delete',
    { timeout: 60_000 },
    async () => {
      const { call, create } = await livesEngine();
      const made: Live[] = [];
      for (let i = 0; i < 197; i++) made.push(await create(`Live ${i}`));
      // Five at once for the last three places: exactly three get one.
      const racing = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => create(`Racing ${i}`)));
      expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      const refused = racing.flatMap((r) => (r.status === 'rejected' ? [r.reason as RpcError] : []));
      expect(refused).toHaveLength(2);
      for (const error of refused) {
        expect(error).toMatchObject({
          code: 'LIMIT_REACHED',
          method: 'lives.create',
          message:
            'You already have 200 lives, the most one account may keep on this engine. Delete lives you no longer need to create new ones.',
        });
      }
      await expect(create('The 201st')).rejects.toMatchObject({ code: 'LIMIT_REACHED' });
      await call('lives.delete', { liveId: made[0]!.id });
      await expect(create('In the freed place')).resolves.toMatchObject({ title: 'In the freed place' });
    },
  );

  it('is configurable per engine', async () => {
    const { create } = await livesEngine({ maxLivesPerOwner: 2 });
    await create('One');
    await create('Two');
    await expect(create('Three')).rejects.toMatchObject({
      code: 'LIMIT_REACHED',
      message: expect.stringContaining('already have 2 lives'),
    });
  });
});

describe('lives.listRuns pages', () => {
  it('pages the runs of a live newest first, without repeats when a run starts between pages', async () => {
    kit = await startLivesKit();
    const k = kit;
    const live = await k.call('lives.create', {
      title: 'Daily',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    const runs: string[] = [];
    const run = async (): Promise<void> => {
      // The kit's clock stands still: every run starts at the same millisecond, ordered by insertion.
      runs.push((await k.call('lives.start', { liveId: live.id })).currentRunId ?? '');
      await k.call('lives.stop', { liveId: live.id });
    };
    for (let i = 0; i < 7; i++) await run();
    const first = await k.call('lives.listRuns', { liveId: live.id, limit: 3 });
    await run();
    const second = await k.call('lives.listRuns', { liveId: live.id, limit: 3, cursor: first.nextCursor ?? undefined });
    const third = await k.call('lives.listRuns', { liveId: live.id, limit: 3, cursor: second.nextCursor ?? undefined });
    expect([...first.items, ...second.items, ...third.items].map((r) => r.id)).toEqual(runs.slice(0, 7).reverse());
    expect(third.nextCursor).toBeNull();
  });
});
