import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveFieldsInput } from '@shared/contract/lives';
import { integrityCheck } from '../storage/database';
import { MemorySecretStore } from '../secrets/secret-store';
import { startLivesKit, type LivesKit } from '../../../tests/support/engine/lives-kit';
import { livesMigrations } from './migrations';

const YT_KEY = 'abcd-efgh-ijkl-mnop-qrst';
const TWITCH_KEY = 'live_987654321_ZyXwVuTsRqPoNmLk';
const CUSTOM_KEY = 'myPrivateIngestKey2026';
const ALL_KEYS = [YT_KEY, TWITCH_KEY, CUSTOM_KEY];

const show: LiveFieldsInput = {
  title: 'Marathon',
  source: { kind: 'playlist', paths: ['/videos/a.mp4', '/videos/b.mp4'] },
  loop: { kind: 'forever' },
  destinations: [
    { name: 'YouTube', kind: 'youtube-primary', streamKey: YT_KEY },
    { name: 'Twitch', kind: 'twitch', streamKey: TWITCH_KEY },
    { name: 'Mine', kind: 'custom-rtmp', url: 'rtmp://127.0.0.1:1935/live', streamKey: CUSTOM_KEY },
  ],
};

/** Every byte the database has on disk: the main file, the WAL and the shared-memory index. */
function databaseBytes(dataDir: string): Buffer {
  const files = readdirSync(dataDir).filter((f) => f.startsWith('livemanager.db'));
  expect(files).toContain('livemanager.db');
  return Buffer.concat(files.map((f) => readFileSync(path.join(dataDir, f))));
}

/** A secret store that can fail `set` on demand (to show a failed update loses nothing) and shows what it holds. */
class FlakySecretStore extends MemorySecretStore {
  failSets = false;
  /** When set, `set` waits for this before storing (to start the live meanwhile). */
  gate: Promise<void> | undefined;
  readonly stored = new Map<string, string>();

  override async set(id: string, value: string): Promise<void> {
    if (this.failSets) throw new Error('keychain locked');
    await this.gate;
    await super.set(id, value);
    this.stored.set(id, value);
  }

  override async delete(id: string): Promise<void> {
    await super.delete(id);
    this.stored.delete(id);
  }
}

let kit: LivesKit;
let secrets: FlakySecretStore;
let stored: Map<string, string>;
beforeEach(async () => {
  secrets = new FlakySecretStore();
  stored = secrets.stored;
  kit = await startLivesKit({ secrets });
});
afterEach(() => kit.close());

describe('stream keys are only secret references', () => {
  it('keeps no key in the database files (main, WAL, SHM), only references and masks', async () => {
    const live = await kit.call('lives.create', show);
    await kit.call('lives.update', {
      liveId: live.id,
      patch: { destinations: [...live.destinations.map((d) => ({ id: d.id, name: d.name, kind: d.kind, url: d.url }))] },
    });
    await kit.call('lives.start', { liveId: live.id });
    await kit.call('lives.stop', { liveId: live.id });
    // The keys did reach the secret store…
    expect([...stored.values()].sort()).toEqual([...ALL_KEYS].sort());
    // …and no byte sequence of any of them is in the database, nor a long piece of one.
    const bytes = databaseBytes(kit.dataDir);
    for (const key of ALL_KEYS) {
      expect(bytes.includes(Buffer.from(key))).toBe(false);
      expect(bytes.includes(Buffer.from(key.slice(4, -4)))).toBe(false);
    }
    const row = kit.deps.db.prepare('SELECT key_ref, key_masked FROM live_destinations ORDER BY position').all();
    expect(row).toEqual([
      { key_ref: expect.stringMatching(/^secret:/), key_masked: '••••qrst' },
      { key_ref: expect.stringMatching(/^secret:/), key_masked: '••••NmLk' },
      { key_ref: expect.stringMatching(/^secret:/), key_masked: '••••2026' },
    ]);
    // Nor did any event carry one.
    expect(JSON.stringify(kit.seen('live.updated'))).not.toMatch(new RegExp(ALL_KEYS.join('|')));
  });

  it('deletes the secret of a removed destination, and of a replaced key, after the change commits', async () => {
    const live = await kit.call('lives.create', show);
    const [yt, twitch] = live.destinations;
    if (!yt || !twitch) throw new Error('destinations missing');
    const updated = await kit.call('lives.update', {
      liveId: live.id,
      patch: { destinations: [{ id: twitch.id, name: 'Twitch', kind: 'twitch', streamKey: 'live_000000000_NewKeyNewKey' }] },
    });
    expect([...stored.values()]).toEqual(['live_000000000_NewKeyNewKey']);
    expect(updated.destinations[0]?.streamKey).toMatchObject({ keySet: true, keyMasked: '••••wKey' });
    expect(updated.destinations[0]?.streamKey.keyRef).not.toBe(twitch.streamKey.keyRef);
  });

  it('deleting a live deletes all its secrets', async () => {
    const live = await kit.call('lives.create', show);
    expect(stored.size).toBe(3);
    await kit.call('lives.delete', { liveId: live.id });
    expect(stored.size).toBe(0);
    expect(kit.deps.db.prepare('SELECT COUNT(*) AS n FROM live_destinations').get()).toEqual({ n: 0 });
  });

  it('loses nothing when the secret store fails during an update', async () => {
    const live = await kit.call('lives.create', show);
    const before = await kit.call('lives.get', { liveId: live.id });
    secrets.failSets = true;
    const attempt = kit.call('lives.update', {
      liveId: live.id,
      patch: {
        title: 'Changed',
        destinations: before.destinations.map((d) => ({
          id: d.id,
          name: d.name,
          kind: d.kind,
          url: d.url,
          streamKey: 'zzzzzzzzzzzzzzzzzzzz',
        })),
      },
    });
    await expect(attempt).rejects.toBeInstanceOf(Error);
    expect(await kit.call('lives.get', { liveId: live.id })).toEqual(before);
    expect([...stored.values()].sort()).toEqual([...ALL_KEYS].sort());
  });

  it('refuses an update whose live started while its new key was being stored, keeping the old key', async () => {
    const live = await kit.call('lives.create', show);
    let open = (): void => undefined;
    secrets.gate = new Promise((resolve) => (open = resolve));
    const [yt] = live.destinations;
    if (!yt) throw new Error('no destination');
    const update = kit.call('lives.update', {
      liveId: live.id,
      patch: { destinations: [{ id: yt.id, name: 'YouTube', kind: 'youtube-primary', streamKey: 'yyyyyyyyyyyyyyyyyyyy' }] },
    });
    secrets.gate = undefined;
    await kit.call('lives.start', { liveId: live.id });
    open();
    await expect(update).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const after = await kit.call('lives.get', { liveId: live.id });
    expect(after.destinations).toEqual(live.destinations);
    expect([...stored.values()].sort()).toEqual([...ALL_KEYS].sort());
  });

  it('discards the keys it stored when the database refuses the live', async () => {
    kit.deps.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON lives BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expect(kit.call('lives.create', show)).rejects.toThrow(/lives.create failed unexpectedly.*disk full/);
    expect(stored.size).toBe(0);
  });
});

describe('bounded run history', () => {
  const sample = (atMs: number) => ({
    at: new Date(atMs).toISOString(),
    fps: 30,
    bitrateKbps: 2500,
    speed: 1,
    frames: atMs / 33,
    dropped: 0,
    duplicated: 0,
    outTimeMs: atMs,
    cpuPercent: 3,
    rssBytes: 50e6,
    destinations: [{ id: 'd1', health: 'live' as const }],
  });

  it('keeps one stats sample per 5 s and only the last 24 h, but pushes every sample', async () => {
    const live = await kit.call('lives.create', show);
    const runId = (await kit.call('lives.start', { liveId: live.id })).currentRunId ?? '';
    const journal = kit.runtime.host?.journal;
    if (!journal) throw new Error('no journal');
    const t0 = Date.parse('2026-03-01T12:00:00Z');
    // 26 hours of one sample per 2.5 s would be 37,441 rows; one per 5 s in 24 h is 17,281.
    const step = 2500;
    const span = 26 * 3600 * 1000;
    kit.deps.db.exec('BEGIN');
    for (let t = 0; t <= span; t += step) journal.recordStats(runId, sample(t0 + t));
    kit.deps.db.exec('COMMIT');
    expect(kit.seen('run.stats')).toHaveLength(span / step + 1);
    const { n, oldest, newest } = kit.deps.db
      .prepare('SELECT COUNT(*) AS n, MIN(at) AS oldest, MAX(at) AS newest FROM live_run_stats WHERE run_id = ?')
      .get(runId) as { n: number; oldest: number; newest: number };
    expect(newest).toBe(t0 + span);
    expect(newest - oldest).toBe(24 * 3600 * 1000);
    expect(n).toBe((24 * 3600) / 5 + 1);
  });

  it('also keeps the newest sample between kept ones, so a short run’s summary has its final averages', async () => {
    const live = await kit.call('lives.create', show);
    const runId = (await kit.call('lives.start', { liveId: live.id })).currentRunId ?? '';
    const journal = kit.runtime.host?.journal;
    if (!journal) throw new Error('no journal');
    const t0 = Date.parse('2026-03-01T12:00:00Z');
    for (let t = 0; t <= 7000; t += 1000) journal.recordStats(runId, sample(t0 + t));
    const { stats } = await kit.call('lives.getRun', { runId });
    // Kept: 0 s and 5 s (one per 5 s), plus the newest (7 s) as the tail; 6 s gave way to it.
    expect(stats.map((s) => Date.parse(s.at) - t0)).toEqual([0, 5000, 7000]);
  });

  it('keeps the last 200 log lines of a run', async () => {
    const live = await kit.call('lives.create', show);
    const runId = (await kit.call('lives.start', { liveId: live.id })).currentRunId ?? '';
    const journal = kit.runtime.host?.journal;
    for (let i = 0; i < 50; i++)
      journal?.appendLog(
        runId,
        Array.from({ length: 7 }, (_, j) => `line ${i * 7 + j}`),
      );
    const { log } = await kit.call('lives.getRun', { runId });
    expect(log).toHaveLength(200);
    expect(log[0]).toBe('line 150');
    expect(log.at(-1)).toBe('line 349');
  });

  it('keeps the last 1000 events of a run in a restart storm', async () => {
    const live = await kit.call('lives.create', show);
    const runId = (await kit.call('lives.start', { liveId: live.id })).currentRunId ?? '';
    const journal = kit.runtime.host?.journal;
    for (let i = 0; i < 1100; i++) journal?.recordRestart(runId, `crash ${i}`);
    const { run, events } = await kit.call('lives.getRun', { runId });
    expect(run.restarts).toBe(1100);
    expect(events).toHaveLength(1000);
    expect(events.at(-1)?.reason).toBe('crash 1099');
  });
});

describe('database', () => {
  it('migrates once, runs in WAL mode and passes the integrity check after a reopen', async () => {
    await kit.call('lives.create', show);
    expect(kit.deps.db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    const again = await kit.reopen();
    expect(integrityCheck(again.deps.db)).toBe('ok');
    expect((await again.call('lives.list', undefined)).items).toHaveLength(1);
    expect(again.deps.db.prepare("SELECT COUNT(*) AS n FROM schema_migrations WHERE id LIKE 'lives-%'").get()).toEqual({
      n: livesMigrations.length,
    });
    again.close();
  });
});
