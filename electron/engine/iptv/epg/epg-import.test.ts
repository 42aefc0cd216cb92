import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Provider } from '@shared/contract/iptv';
import { m3uChunks, programmeTitle, writeChunks, xmltvChunks } from '../../../../tests/support/iptv/catalog-fixtures';
import { bundledEpgWorker } from '../../../../tests/support/iptv/epg-worker-bundle';
import { QUICK_POLICY, startIptvEngine, type IptvTestEngine } from '../../../../tests/support/iptv/iptv-engine';
import { TestHttpServer } from '../../../../tests/support/iptv/test-http-server';
import type { Page } from '../catalog/catalog-reader';
import { epgTables } from '../catalog/catalog-tables';
import { VLC_USER_AGENT } from '../net/http-get';
import { runEpgWorker } from './epg-runner';

const NOW = Date.now();

describe('XMLTV guides: files and URLs, gzip or not, read in a worker thread', () => {
  let dir: string;
  let server: TestHttpServer;
  let t: IptvTestEngine;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lm-iptv-epg-'));
    const guide = { channels: 3000, programmesPerChannel: 30, startMs: NOW - 3600_000, descriptionChars: 200 };
    await writeChunks(path.join(dir, 'guide.xml.gz'), xmltvChunks(guide), { gzip: true });
    await writeChunks(path.join(dir, 'playlist.m3u'), m3uChunks({ channels: 3000, streamOrigin: 'http://h' }));
    server = await new TestHttpServer().listen();
    server.route('/guide.xml', () => ({
      body: () => xmltvChunks({ ...guide, channels: 50 }),
      gzipEncoding: true,
      contentType: 'application/xml',
    }));
    t = await startIptvEngine();
  });

  afterAll(async () => {
    await t?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a gzip file without blocking the engine’s event loop, and gives now/next per channel', async () => {
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const added = await t.call<Provider>('iptv.addProvider', {
      kind: 'm3u',
      name: 'With guide',
      playlist: { file: path.join(dir, 'playlist.m3u') },
      epg: [{ file: path.join(dir, 'guide.xml.gz') }],
    });
    const provider = await t.settled(added.id);
    lag.disable();
    expect(provider.status.epg).toMatchObject({ state: 'ready', programmeCount: 3000 * 30, lastError: null });
    // 90,000 programmes parsed and written: on the main thread this would stall it for seconds.
    expect(lag.max / 1e6).toBeLessThan(1500);
    const page = await t.call<Page<Channel>>('iptv.listChannels', { providerId: provider.id, limit: 3 });
    expect(page.items.map((c) => c.now?.title)).toEqual([programmeTitle(0, 1), programmeTitle(1, 1), programmeTitle(2, 1)]);
    expect(page.items.map((c) => c.next?.title)).toEqual([programmeTitle(0, 2), programmeTitle(1, 2), programmeTitle(2, 2)]);
    const guide = await t.call<{ source: string; programmes: { title: string }[] }>('iptv.channelGuide', {
      providerId: provider.id,
      channelId: page.items[0]?.id,
      limit: 5,
    });
    expect(guide.source).toBe('xmltv');
    expect(guide.programmes.map((p) => p.title)).toEqual([1, 2, 3, 4, 5].map((j) => programmeTitle(0, j)));
  });

  it('reads a guide compressed on the wire (Content-Encoding: gzip)', async () => {
    const added = await t.call<Provider>('iptv.addProvider', {
      kind: 'm3u',
      name: 'Guide by URL',
      playlist: { file: path.join(dir, 'playlist.m3u') },
      epg: [{ url: server.url('/guide.xml') }],
    });
    const provider = await t.settled(added.id);
    expect(provider.status.epg).toMatchObject({ state: 'ready', programmeCount: 50 * 30, lastError: null });
  });

  it('ships in the app build beside the engine bundle and runs from there (npx electron-vite build first)', async () => {
    const built = path.resolve(import.meta.dirname, '../../../../out/main/iptv-epg-worker.js');
    expect(existsSync(built), 'run `npx electron-vite build` first').toBe(true);
    const dbPath = path.join(dir, 'built.db');
    new DatabaseSync(dbPath).close();
    const reply = await runEpgWorker(built, {
      dbPath,
      seq: 9,
      generation: 1,
      sources: [{ file: path.join(dir, 'guide.xml.gz') }],
      userAgent: VLC_USER_AGENT,
      policy: QUICK_POLICY,
      maxBytes: 512 * 1024 * 1024,
      window: { fromMs: 0, toMs: Number.MAX_SAFE_INTEGER },
      secrets: [],
    });
    expect(reply.programmes).toBe(90_000);
    const db = new DatabaseSync(dbPath);
    const count = db.prepare(`SELECT count(*) AS n FROM ${epgTables(9, 1).programmes}`).get() as { n: number };
    db.close();
    expect(count.n).toBe(90_000);
  });

  it('says when the worker script is missing from a build', async () => {
    await expect(
      runEpgWorker(null, {
        dbPath: ':memory:',
        seq: 1,
        generation: 1,
        sources: [],
        userAgent: VLC_USER_AGENT,
        policy: QUICK_POLICY,
        maxBytes: 1,
        window: { fromMs: 0, toMs: 1 },
        secrets: [],
      }),
    ).rejects.toThrow('The EPG reader (iptv-epg-worker.js) is missing from this build.');
    expect(await bundledEpgWorker()).toMatch(/epg-worker-\d+\.mjs$/);
  });
});
