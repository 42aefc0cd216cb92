import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Provider } from '@shared/contract/iptv';
import { xmltvChunks } from '../../../tests/support/iptv/catalog-fixtures';
import { startIptvEngine, type IptvTestEngine } from '../../../tests/support/iptv/iptv-engine';
import { TestHttpServer, type TestAnswer } from '../../../tests/support/iptv/test-http-server';
import { freeLoopbackPort } from '../../../tests/support/ports';
import { waitFor } from '../../../tests/support/wait-for';
import type { Page } from './catalog/catalog-reader';

const GOOD =
  '#EXTM3U\n#EXTINF:-1 tvg-id="ch0.tv",Alpha\nhttp://h/a.ts\n#EXTINF:-1 tvg-id="ch1.tv",Beta\nhttp://h/b.ts\n#EXTINF:-1,Gamma\nhttp://h/c.ts\n';
const LOGIN_PAGE = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form>Password</form></body></html>';

/** 200 MB of playlist, generated as it is sent. */
function* hugePlaylist(): Generator<string> {
  yield '#EXTM3U\n';
  const line = `#EXTINF:-1 group-title="Filler",Filler channel\nhttp://h/${'x'.repeat(160)}.ts\n`;
  const block = line.repeat(Math.floor((1024 * 1024) / line.length));
  for (let i = 0; i < 200; i++) yield block;
}

describe('bad input: each a specific message, the previous catalog kept', () => {
  let server: TestHttpServer;
  let t: IptvTestEngine;
  let provider: Provider;
  let playlist: TestAnswer;

  const refresh = async (): Promise<Provider> => {
    await t.call('iptv.refreshProvider', { providerId: provider.id });
    return t.settled(provider.id);
  };
  const channels = async () =>
    (await t.call<Page<Channel>>('iptv.listChannels', { providerId: provider.id })).items.map((c) => c.name);
  const expectKept = async (after: Provider) => {
    expect(after.status.catalog).toMatchObject({ state: 'ready', channelCount: 3 });
    expect(await channels()).toEqual(['Alpha', 'Beta', 'Gamma']);
  };

  beforeAll(async () => {
    server = await new TestHttpServer().listen();
    playlist = { body: GOOD };
    server.route('/list.m3u', () => playlist);
    server.route('/guide.xml', () => ({
      body: () => xmltvChunks({ channels: 2, programmesPerChannel: 4, startMs: Date.now() - 3600_000 }),
    }));
    t = await startIptvEngine({ iptv: { limits: { maxPlaylistBytes: 100 * 1024 * 1024 } } });
    const added = await t.call<Provider>('iptv.addProvider', {
      kind: 'm3u',
      name: 'Fragile',
      playlist: { url: server.url('/list.m3u') },
      epg: [{ url: server.url('/guide.xml') }],
    });
    provider = await t.settled(added.id);
    await expectKept(provider);
    expect(provider.status.epg.programmeCount).toBe(8);
  });

  afterAll(async () => {
    await t?.close();
    await server?.close();
  });

  it('an HTML login page instead of a playlist', async () => {
    playlist = { body: LOGIN_PAGE, contentType: 'text/html' };
    const after = await refresh();
    expect(after.status.catalog.lastError).toMatchObject({
      code: 'html-page',
      message: `${server.url('/list.m3u')} returned a web page (HTML) instead of a playlist: usually a login page, a blocked User-Agent or an expired subscription.`,
    });
    await expectKept(after);
  });

  it('binary junk', async () => {
    const junk = Buffer.alloc(64 * 1024);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 256;
    playlist = { body: junk, contentType: 'application/octet-stream' };
    const after = await refresh();
    expect(after.status.catalog.lastError).toMatchObject({
      code: 'binary',
      message: `${server.url('/list.m3u')} is binary data, not an M3U playlist.`,
    });
    await expectKept(after);
  });

  it('text that is not a playlist', async () => {
    playlist = { body: 'Service temporarily unavailable\nplease retry\n' };
    const after = await refresh();
    expect(after.status.catalog.lastError?.code).toBe('empty');
    expect(after.status.catalog.lastError?.message).toBe(
      `${server.url('/list.m3u')} is not an M3U playlist: no #EXTM3U header and no channel entry. First problem, line 1: stream URL refused: the URL must start with http://, https://, rtmp://, rtmps:// or srt:// (lower case) and name a host.`,
    );
    await expectKept(after);
  });

  it('a 200 MB playlist announced by its Content-Length: refused before reading', async () => {
    playlist = { body: hugePlaylist, contentLength: 200 * 1024 * 1024 };
    const after = await refresh();
    expect(after.status.catalog.lastError).toMatchObject({
      code: 'too-large',
      message: 'The playlist is larger than the 100 MB limit (200 MB); LiveManager stops there to keep memory and disk in check.',
    });
    await expectKept(after);
  });

  it('a dead host', async () => {
    const port = await freeLoopbackPort();
    await t.call('iptv.updateProvider', {
      providerId: provider.id,
      patch: { playlist: { url: `http://127.0.0.1:${port}/list.m3u` } },
    });
    const after = await t.settled(provider.id);
    expect(after.status.catalog.lastError).toMatchObject({
      code: 'unreachable',
      message: `Cannot reach 127.0.0.1:${port}: connection refused: nothing listens there.`,
    });
    await expectKept(after);
    await t.call('iptv.updateProvider', { providerId: provider.id, patch: { playlist: { url: server.url('/list.m3u') } } });
    playlist = { body: GOOD };
    await t.settled(provider.id);
  });

  it('a server that never answers, and one that answers HTTP 404', async () => {
    playlist = { hang: true };
    const hung = await refresh();
    expect(hung.status.catalog.lastError).toMatchObject({
      code: 'timeout',
      message: '127.0.0.1:' + new URL(server.origin).port + ' accepted the connection but did not answer within 1.5 s.',
    });
    await expectKept(hung);
    playlist = { status: 404, body: 'gone' };
    const missing = await refresh();
    expect(missing.status.catalog.lastError).toMatchObject({
      code: 'http-status',
      message: `${server.url('/list.m3u')} answered HTTP 404 (Not Found).`,
    });
    await expectKept(missing);
  });

  it('a download cut short keeps serving the old catalog while it runs and after it fails', async () => {
    playlist = { stallAfter: '#EXTM3U\n#EXTINF:-1,Half\nhttp://h/half.ts\n#EXTINF:-1,Cut' };
    await t.call('iptv.refreshProvider', { providerId: provider.id });
    const during = await t.call<Provider>('iptv.getProvider', { providerId: provider.id });
    expect(during.status.catalog.state).toBe('refreshing');
    expect(await channels()).toEqual(['Alpha', 'Beta', 'Gamma']);
    const after = await t.settled(provider.id);
    expect(after.status.catalog.lastError).toMatchObject({
      code: 'timeout',
      message: `127.0.0.1:${new URL(server.origin).port} stopped sending for 1.5 s; the download was cut short.`,
    });
    await expectKept(after);
  });

  it('an EPG with broken XML keeps the previous guide', async () => {
    playlist = { body: GOOD };
    server.route('/guide.xml', () => ({
      body: '<?xml version="1.0"?>\n<tv>\n<programme start="20240101120000 +0000" channel="a"><title>Cut</title>\n</tv>',
    }));
    const after = await refresh();
    expect(after.status.catalog.lastError).toBeNull();
    expect(after.status.epg).toMatchObject({ state: 'ready', programmeCount: 8 });
    expect(after.status.epg.lastError).toMatchObject({ code: 'epg-xml' });
    expect(after.status.epg.lastError?.message).toMatch(
      /^The EPG is not valid XML: unexpected close tag\. \(line 4, column \d+\)\.$/,
    );
    const [alpha] = (await t.call<Page<Channel>>('iptv.listChannels', { providerId: provider.id })).items;
    expect(alpha?.now?.title ?? alpha?.next?.title).toBeTruthy();
  });
});

describe('a playlist streamed past the size limit (no Content-Length)', () => {
  it('stops at the limit with bounded memory and leaves no half-built catalog behind', async () => {
    const server = await new TestHttpServer().listen();
    server.route('/huge.m3u', () => ({ body: hugePlaylist }));
    const t = await startIptvEngine({ iptv: { limits: { maxPlaylistBytes: 5 * 1024 * 1024 } } });
    try {
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
      const added = await t.call<Provider>('iptv.addProvider', {
        kind: 'm3u',
        name: 'Huge',
        playlist: { url: server.url('/huge.m3u') },
      });
      const after = await t.settled(added.id);
      clearInterval(sampler);
      expect(after.status.catalog.lastError).toMatchObject({
        code: 'too-large',
        message: 'The playlist is larger than the 5 MB limit; LiveManager stops there to keep memory and disk in check.',
      });
      expect(after.status.catalog).toMatchObject({ state: 'empty', channelCount: 0 });
      // Read as a stream: never the whole 5 MB as one string (plus the rows being inserted).
      expect(rssPeak - rssBefore).toBeLessThan(80 * 1024 * 1024);
      const tables = await waitFor(() => {
        const rows = t.engine.db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name LIKE 'iptv_cat_%'").get() as {
          n: number;
        };
        return rows.n === 0 ? 'none' : null;
      });
      expect(tables).toBe('none');
    } finally {
      await t.close();
      await server.close();
    }
  });
});

describe('a 200 MB playlist', () => {
  it('is read as a stream in bounded memory (comments and all), never as one string', async () => {
    const server = await new TestHttpServer().listen();
    server.route('/200mb.m3u', () => ({
      body: function* () {
        yield '#EXTM3U\n#EXTINF:-1,First\nhttp://h/first.ts\n';
        const block = `# ${'padding '.repeat(12)}\n`.repeat(Math.floor((1024 * 1024) / 100));
        for (let i = 0; i < 200; i++) yield block;
        yield '#EXTINF:-1,Last\nhttp://h/last.ts\n';
      },
    }));
    const t = await startIptvEngine({ iptv: { limits: { maxPlaylistBytes: 256 * 1024 * 1024 } } });
    try {
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
      const added = await t.call<Provider>('iptv.addProvider', {
        kind: 'm3u',
        name: 'Big',
        playlist: { url: server.url('/200mb.m3u') },
      });
      const after = await t.settled(added.id);
      clearInterval(sampler);
      expect(after.status.catalog).toMatchObject({ state: 'ready', channelCount: 2, lastError: null });
      expect((await t.call<Page<Channel>>('iptv.listChannels', { providerId: added.id })).items.map((c) => c.name)).toEqual([
        'First',
        'Last',
      ]);
      // 200 MB as one string would be 200-400 MB of heap. The bound leaves room for what the test's
      // own server (in this process) buffers and for the allocator under a loaded CI run (112 MB seen).
      expect(rssPeak - rssBefore).toBeLessThan(160 * 1024 * 1024);
    } finally {
      await t.close();
      await server.close();
    }
  });
});
