import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, Provider } from '@shared/contract/iptv';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RecordingSecretStore, startIptvEngine, type IptvTestEngine } from '../../../tests/support/iptv/iptv-engine';
import { TestHttpServer } from '../../../tests/support/iptv/test-http-server';
import { waitFor } from '../../../tests/support/wait-for';
import { ManualClock } from '../../../tests/support/engine/manual-clock';
import type { Page } from './catalog/catalog-reader';

const playlist = (names: string[]) => `#EXTM3U\n${names.map((n, i) => `#EXTINF:-1,${n}\nhttp://h/${i}.ts\n`).join('')}`;

describe('refresh on a schedule (injected clock and timers)', () => {
  let server: TestHttpServer;
  let t: IptvTestEngine;

  afterEach(async () => {
    await t?.close();
    await server?.close();
  });

  it('refreshes each provider once its interval has passed, not before, and reports when it will next', async () => {
    const clock = new ManualClock(Date.parse('2026-03-01T12:00:00Z'));
    server = await new TestHttpServer().listen();
    let names = ['One', 'Two'];
    server.route('/list.m3u', () => ({ body: playlist(names) }));
    t = await startIptvEngine({ now: clock.now, iptv: { timers: clock } });
    const added = await t.call<Provider>('iptv.addProvider', {
      kind: 'm3u',
      name: 'Hourly',
      playlist: { url: server.url('/list.m3u') },
      refreshIntervalMinutes: 60,
    });
    const first = await t.settled(added.id);
    expect(first.status.catalog).toMatchObject({ channelCount: 2, nextRefreshAt: '2026-03-01T13:00:00.000Z' });
    const fetches = () => server.requests.filter((r) => r.path === '/list.m3u').length;
    expect(fetches()).toBe(1);

    names = ['One', 'Two', 'Three'];
    clock.advanceBy(59 * 60_000);
    expect(fetches()).toBe(1);
    clock.advanceBy(60_000);
    await waitFor(() => fetches() === 2, { what: 'the scheduled refresh' });
    const second = await t.settled(added.id);
    expect(second.status.catalog).toMatchObject({
      channelCount: 3,
      refreshedAt: '2026-03-01T13:00:00.000Z',
      nextRefreshAt: '2026-03-01T14:00:00.000Z',
    });
    const page = await t.call<Page<Channel>>('iptv.listChannels', { providerId: added.id });
    expect(page.items.map((c) => c.name)).toEqual(['One', 'Two', 'Three']);
  });

  it('retries a failed refresh within the hour rather than waiting for a daily interval', async () => {
    const clock = new ManualClock(Date.parse('2026-03-01T12:00:00Z'));
    server = await new TestHttpServer().listen();
    server.route('/list.m3u', () => ({ status: 503, body: 'maintenance' }));
    t = await startIptvEngine({ now: clock.now, iptv: { timers: clock } });
    const added = await t.call<Provider>('iptv.addProvider', {
      kind: 'm3u',
      name: 'Daily',
      playlist: { url: server.url('/list.m3u') },
    });
    const failed = await t.settled(added.id);
    expect(failed.status.catalog.lastError?.code).toBe('http-status');
    expect(failed.status.catalog.nextRefreshAt).toBe('2026-03-01T13:00:00.000Z');
    // 503 is worth retrying: the request was tried again (with backoff) before giving up.
    expect(server.requests.filter((r) => r.path === '/list.m3u')).toHaveLength(2);
  });

  it('refreshes again with the new address when the playlist changes during a refresh', async () => {
    server = await new TestHttpServer().listen();
    server.route('/slow.m3u', { stallAfter: '#EXTM3U\n#EXTINF:-1,Old\n' });
    server.route('/new.m3u', { body: playlist(['New one', 'New two']) });
    t = await startIptvEngine();
    const added = await t.call<Provider>('iptv.addProvider', {
      kind: 'm3u',
      name: 'Moving',
      playlist: { url: server.url('/slow.m3u') },
    });
    await waitFor(() => server.requests.some((r) => r.path === '/slow.m3u'));
    await t.call('iptv.updateProvider', { providerId: added.id, patch: { playlist: { url: server.url('/new.m3u') } } });
    const after = await t.settled(added.id);
    expect(after.status.catalog).toMatchObject({ channelCount: 2, lastError: null });
    expect(after.source).toBe(server.url('/new.m3u'));
  });

  it('drops what an interrupted refresh left behind when the engine starts again, and refreshes', async () => {
    server = await new TestHttpServer().listen();
    server.route('/list.m3u', { body: playlist(['Kept']) });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lm-iptv-restart-'));
    const secrets = new RecordingSecretStore();
    try {
      t = await startIptvEngine({ dataDir, secrets });
      const added = await t.call<Provider>('iptv.addProvider', {
        kind: 'm3u',
        name: 'Crashy',
        playlist: { url: server.url('/list.m3u') },
      });
      await t.settled(added.id);
      // A refresh killed half-way (SIGKILL) leaves a generation nobody points at.
      t.engine.db.exec(
        'CREATE TABLE iptv_cat_1_999_channels (id INTEGER PRIMARY KEY); CREATE TABLE iptv_epg_1_998_programmes (id INTEGER PRIMARY KEY);',
      );
      await t.close();
      t = await startIptvEngine({ dataDir, secrets });
      const stray = t.engine.db
        .prepare("SELECT name FROM sqlite_schema WHERE name IN ('iptv_cat_1_999_channels', 'iptv_epg_1_998_programmes')")
        .all();
      expect(stray).toEqual([]);
      const page = await t.call<Page<Channel>>('iptv.listChannels', { providerId: added.id });
      expect(page.items.map((c) => c.name)).toEqual(['Kept']);
    } finally {
      await t?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
