import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Provider } from '@shared/contract/iptv';
import { ME, startIptvEngine, type IptvTestEngine } from '../../../tests/support/iptv/iptv-engine';
import { TestHttpServer } from '../../../tests/support/iptv/test-http-server';
import type { Page } from './catalog/catalog-reader';

const LONG_TOKEN = 'T'.repeat(5000);
const PASSWORD = 's3cr3t-Passw0rd';
const NOW = Date.parse('2026-03-01T12:00:00Z');

function playlist(origin: string): string {
  return [
    `#EXTM3U url-tvg="${origin}/guide.xml" x-tvg-url="${origin}/guide.xml"`,
    `#EXTINF:-1 tvg-id="france2.fr" tvg-name="France 2" tvg-logo="${origin}/logo/f2.png" group-title="Généraliste, TNT" catchup="default" catchup-days="7" catchup-source="?utc={utc}",France 2 HD`,
    `#EXTVLCOPT:http-user-agent=Mozilla/5.0 (SmartTV)`,
    `#EXTVLCOPT:http-referrer=http://portal.example/`,
    `${origin}/live/bob/${PASSWORD}/101.ts`,
    `#EXTINF:-1 tvg-id="euro1" group-title="Sport",Eurosport 1`,
    `${origin}/hls/euro1/index.m3u8?token=${LONG_TOKEN}|User-Agent=Kodi%2F20&Referer=http://kodi.example/`,
    `#EXTINF:-1 tvg-id="cafe" tvg-logo="${origin}/logo.png?token=abcdefgh" group-title="Lifestyle",Café Télé`,
    `http://user1:pw-${PASSWORD}@${new URL(origin).host}/cafe.m3u8`,
    `#EXTINF:-1 tvg-id="broken" group-title="Sport,Eurosport 2`,
    `${origin}/hls/euro2.m3u8`,
    `#EXTINF:-1 tvg-id="bad",Local file`,
    `file:///etc/passwd`,
    `#EXTINF:-1,Orphan without URL`,
    `#EXTINF:-1 tvg-id="tf1",TF1`,
    `${origin}/hls/tf1.m3u8`,
    '',
  ].join('\r\n');
}

function guide(): string {
  const t = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `<?xml version="1.0" encoding="UTF-8"?>
<tv>
  <channel id="france2.fr"><display-name>France 2</display-name></channel>
  <programme start="${t(NOW - 1800_000)} +0000" stop="${t(NOW + 1800_000)} +0000" channel="france2.fr"><title>Le Journal de 13h</title></programme>
  <programme start="${t(NOW + 1800_000 + 3600_000)} +0100" stop="${t(NOW + 7200_000 + 3600_000)} +0100" channel="France2.fr"><title>Match de Rugby</title><desc>Finale</desc></programme>
  <programme start="${t(NOW)} +0000" stop="${t(NOW + 3600_000)} +0000" channel="euro1"><title>Cyclisme</title></programme>
</tv>`;
}

describe('M3U provider by URL: import, storage, search, credentials', () => {
  let server: TestHttpServer;
  let t: IptvTestEngine;
  let provider: Provider;
  const list = (params: Record<string, unknown>) =>
    t.call<Page<Channel>>('iptv.listChannels', { providerId: provider.id, ...params });

  beforeAll(async () => {
    server = await new TestHttpServer().listen();
    server.route('/playlist.m3u', () => ({ body: playlist(server.origin), contentType: 'audio/x-mpegurl' }));
    server.route('/guide.xml', () => ({ body: guide(), contentType: 'application/xml' }));
    t = await startIptvEngine({ now: () => NOW });
    provider = await t.call<Provider>('iptv.addProvider', {
      kind: 'm3u',
      name: 'My playlist',
      playlist: { url: `${server.url('/playlist.m3u')}?username=bob&password=${PASSWORD}` },
    });
    provider = await t.settled(provider.id);
  });

  afterAll(async () => {
    await t?.close();
    await server?.close();
  });

  it('imports every playable channel, keeps the playlist order and reports skipped lines by line number', () => {
    expect(provider.status.catalog).toMatchObject({ state: 'ready', channelCount: 5, lastError: null });
    const messages = provider.status.catalog.warnings.examples.map((w) => `${w.line}: ${w.message}`);
    expect(messages).toEqual([
      '10: #EXTINF read partly: unbalanced quote in the group-title attribute',
      '13: stream URL refused: the URL must start with http://, https://, rtmp://, rtmps:// or srt:// (lower case) and name a host',
      '14: #EXTINF without a stream URL after it, skipped',
    ]);
  });

  it('reads #EXTINF attributes, catch-up days, groups with commas, and the playlist order', async () => {
    const page = await list({});
    expect(page.total).toBe(5);
    expect(page.items.map((c) => c.name)).toEqual(['France 2 HD', 'Eurosport 1', 'Café Télé', 'Eurosport 2', 'TF1']);
    const [france2, euro1, cafe] = page.items as [Channel, Channel, Channel];
    expect(france2).toMatchObject({
      tvgId: 'france2.fr',
      logo: `${server.origin}/logo/f2.png`,
      categoryName: 'Généraliste, TNT',
      catchupDays: 7,
      format: 'ts',
    });
    expect(euro1).toMatchObject({ categoryName: 'Sport', format: 'hls' });
    // A logo carrying a token would hand it to every screen: dropped.
    expect(cafe.logo).toBeNull();
  });

  it('attaches now/next from the playlist’s url-tvg guide, times converted to UTC', async () => {
    const [france2] = (await list({})).items as [Channel];
    expect(france2.now).toEqual({
      title: 'Le Journal de 13h',
      start: '2026-03-01T11:30:00.000Z',
      stop: '2026-03-01T12:30:00.000Z',
    });
    // "+0100" local times: 13:30 +0100 is 12:30 UTC, 15:00 +0100 is 14:00 UTC.
    expect(france2.next).toEqual({
      title: 'Match de Rugby',
      start: '2026-03-01T12:30:00.000Z',
      stop: '2026-03-01T14:00:00.000Z',
    });
    expect(provider.status.epg).toMatchObject({ state: 'ready', programmeCount: 3, lastError: null });
  });

  it('searches substrings without accents or case, across names, categories and EPG titles', async () => {
    const names = async (query: string) => (await list({ query })).items.map((c) => c.name);
    expect(await names('cafe')).toEqual(['Café Télé']);
    expect(await names('sport')).toEqual(['Eurosport 1', 'Eurosport 2']);
    expect(await names('TELE')).toEqual(['Café Télé']);
    expect(await names('generaliste')).toEqual(['France 2 HD']);
    const rugby = (await list({ query: 'rugby' })).items;
    expect(rugby.map((c) => [c.name, c.match?.field, c.match?.programme?.title])).toEqual([
      ['France 2 HD', 'programme', 'Match de Rugby'],
    ]);
    expect(await names('tf')).toEqual(['TF1']);
    expect(await names('"euro* OR -x')).toEqual([]);
  });

  it('never stores or returns the credentials in clear, and rebuilds the URLs and headers when a channel is played', async () => {
    const db = readFileSync(path.join(t.dataDir, 'livemanager.db'));
    const wal = readFileSync(path.join(t.dataDir, 'livemanager.db-wal'));
    for (const file of [db, wal]) {
      expect(file.includes(PASSWORD)).toBe(false);
      expect(file.includes(LONG_TOKEN)).toBe(false);
    }
    const everything = JSON.stringify([provider, t.events, (await list({})).items]);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(LONG_TOKEN);
    expect(provider.source).toContain('password=••••');

    const ids = (await list({})).items.map((c) => c.id);
    const open = (channelId: string) =>
      t.iptv.port().openChannel({ providerId: provider.id, channelId, caller: ME, purpose: 'preview', label: 'test' });
    const france2 = await open(ids[0] as string);
    expect(france2.url).toBe(`${server.origin}/live/bob/${PASSWORD}/101.ts`);
    expect(france2.headers).toMatchObject({ 'user-agent': 'Mozilla/5.0 (SmartTV)', referer: 'http://portal.example/' });
    france2.lease.release();
    const euro1 = await open(ids[1] as string);
    expect(euro1.url).toBe(`${server.origin}/hls/euro1/index.m3u8?token=${LONG_TOKEN}`);
    expect(euro1.headers).toMatchObject({ 'user-agent': 'Kodi/20', referer: 'http://kodi.example/' });
    euro1.lease.release();
    const cafe = await open(ids[2] as string);
    expect(cafe.url).toBe(`http://user1:pw-${PASSWORD}@${new URL(server.origin).host}/cafe.m3u8`);
    cafe.lease.release();
  });

  it('fetches with a VLC-style User-Agent by default', () => {
    const request = server.requests.find((r) => r.path === '/playlist.m3u');
    expect(request?.userAgent).toMatch(/^VLC\/3\.\d+\.\d+ LibVLC\/3/);
  });

  it('keeps the login and one URL dictionary in the SecretStore, replaces the dictionary on refresh, deletes both with the provider', async () => {
    const ids = () => t.secrets.ids().filter((id) => id.startsWith(`iptv/${provider.id}/`));
    const before = ids();
    expect(before).toHaveLength(2);
    expect(before.some((id) => id.includes('/login/'))).toBe(true);
    await t.call('iptv.refreshProvider', { providerId: provider.id });
    await t.settled(provider.id);
    const after = ids();
    expect(after).toHaveLength(2);
    expect(after.find((id) => id.includes('/urls/'))).not.toBe(before.find((id) => id.includes('/urls/')));
    await t.call('iptv.deleteProvider', { providerId: provider.id });
    expect(ids()).toEqual([]);
    const tables = t.engine.db
      .prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name LIKE 'iptv_cat_%' OR name LIKE 'iptv_epg_%'")
      .get() as { n: number };
    expect(tables.n).toBe(0);
    expect(t.events.at(-1)).toEqual({ event: 'iptv.providerDeleted', payload: { providerId: provider.id, ownerId: 'local' } });
  });
});
